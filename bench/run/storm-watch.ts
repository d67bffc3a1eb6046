/**
 * Watches a reconnect storm from the server's kill until it is over: every client that was open
 * at the kill is open again, by the new server's own count and by the workers' (none reconnecting).
 */
import { epochNowMs } from '../../protocol/epoch-clock.js';
import type { ServerSampler } from './server-sampler.js';

const POLL_MS = 50;

/** One storm. */
export class StormWatch {
  /** When the storm ended (every client back, or the wait gave up); null while it lasts. */
  endedAtEpochMs: number | null = null;
  private readonly startedAtSample: number;

  constructor(
    private readonly clientsAtKill: number,
    private readonly reconnecting: () => number,
    private readonly sampler: ServerSampler,
  ) {
    this.startedAtSample = sampler.samples().length;
  }

  /**
   * True once a sample of the new server counts every client and no worker reports one reconnecting.
   * Only a sample asked for in the storm counts: one asked for before the kill can come back after
   * it with the old server's count, before the workers have noticed their drops, and end the storm
   * before it began.
   */
  private isOver(): boolean {
    const samples = this.sampler.samples();
    const latest = samples.length > this.startedAtSample ? samples.at(-1) : undefined;
    const serverCount = latest?.phase === 'storm' ? latest.connections : null;
    return serverCount !== null && serverCount >= this.clientsAtKill && this.reconnecting() === 0;
  }

  /** Resolves when the storm is over or `limitMs` has passed. */
  async waitUntilBack(limitMs: number): Promise<void> {
    const deadline = Date.now() + limitMs;
    while (!this.isOver() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }

  end(): void {
    this.endedAtEpochMs ??= epochNowMs();
  }
}
