/** Idle mode: the server's own counters (CPU time, socket bytes) read as the hold starts and as it ends. */
import { performance } from 'node:perf_hooks';
import type { RunMode } from '../../protocol/messages.js';
import type { IdleReadings } from '../summary/idle-types.js';
import type { CountingServer } from './measured-server.js';

/** The two readings of one idle hold. */
export class IdleUsage {
  readonly readings: Partial<IdleReadings> = {};

  private constructor(private readonly server: CountingServer) {}

  /** The readings an idle run takes, or null in other modes or with a server that cannot be asked. */
  static of(mode: RunMode, server: { counters: CountingServer | null } | null): IdleUsage | null {
    return mode === 'idle' && server?.counters ? new IdleUsage(server.counters) : null;
  }

  /** Reads the counters; `until` bounds the wait by the run's stop. */
  async read(which: 'start' | 'end', until: <T>(work: Promise<T>) => Promise<T>): Promise<void> {
    const usage = await until(this.server.usage());
    if (usage === null) return;
    if (which === 'start') Object.assign(this.readings, { start: usage, startedAtMs: performance.now() });
    else Object.assign(this.readings, { end: usage, endedAtMs: performance.now() });
  }
}
