/** Which clients of one worker have a row already, so that every client ends up with exactly one. */
import type { ClientErrorCode, ConnectionRow, WorkerConfig } from '../../protocol/messages.js';

/** The clients of one worker (firstClient, firstClient + stride, ...) and whether each has its row. */
export class ClientLedger {
  /** Indexed by the client's position within the worker. */
  private readonly reported: Uint8Array;
  /** Clients recorded with a success row: connected, as far as the parent knows. */
  succeeded = 0;

  constructor(private readonly config: WorkerConfig) {
    this.reported = new Uint8Array(config.clientCount);
  }

  /** Notes that these rows (from this worker) were recorded. */
  mark(rows: ConnectionRow[]): void {
    for (const row of rows) {
      this.reported[(row.client - this.config.firstClient) / this.config.stride] = 1;
      if (row.error === null) this.succeeded += 1;
    }
  }

  /** A row with `error` for every client that has none yet; they count as recorded from now on. */
  missingRows(error: ClientErrorCode): ConnectionRow[] {
    const rows: ConnectionRow[] = [];
    this.reported.forEach((done, index) => {
      if (done) return;
      this.reported[index] = 1;
      rows.push({
        client: this.config.firstClient + index * this.config.stride,
        worker: this.config.workerIndex,
        transport: this.config.transport,
        queuedMs: null,
        connectMs: null,
        firstMessageMs: null,
        error,
      });
    });
    return rows;
  }
}
