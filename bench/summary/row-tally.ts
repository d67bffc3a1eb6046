/** Pools the per-client rows of every worker (or of every shard): counts, error codes and the raw times. */
import type { ConnectionRow } from '../../protocol/messages.js';

/** What a summary reads of the clients' rows. Times in ms, over clients that connected. */
export interface ClientTally {
  readonly connected: number;
  readonly failed: number;
  readonly errors: Readonly<Record<string, number>>;
  readonly connectMs: readonly number[];
  readonly firstMessageMs: readonly number[];
  readonly queuedMs: readonly number[];
}

/** Running totals over all rows seen. Times in ms. */
export class RowTally implements ClientTally {
  connected = 0;
  failed = 0;
  readonly errors: Record<string, number> = {};
  readonly connectMs: number[] = [];
  readonly firstMessageMs: number[] = [];
  readonly queuedMs: number[] = [];

  add(row: ConnectionRow): void {
    if (row.error === null) {
      this.connected += 1;
      if (row.connectMs !== null) this.connectMs.push(row.connectMs);
      if (row.firstMessageMs !== null) this.firstMessageMs.push(row.firstMessageMs);
      if (row.queuedMs !== null) this.queuedMs.push(row.queuedMs);
    } else {
      this.failed += 1;
      this.errors[row.error] = (this.errors[row.error] ?? 0) + 1;
    }
  }
}
