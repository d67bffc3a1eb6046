/**
 * --heap-snapshots: the server writes a heap snapshot a quarter into the hold (the warm-up the
 * verdict decides is only known afterwards, so the first snapshot is at a fixed point past most
 * warm-ups) and one at the hold's end. Each stops the server while it writes; the samples taken
 * around the two are left out of the memory verdict, so the snapshots' own allocation does not
 * count as growth.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CountingServer } from './measured-server.js';
import type { ServerSampler } from './server-sampler.js';

/** One snapshot as the run took it. */
export interface TakenSnapshot {
  /** Its file name in the run folder. */
  file: string;
  /** When it was asked for, in seconds after the hold began. */
  atSeconds: number;
  writeMs: number;
  error: string | null;
}

export const HEAP_SNAPSHOT_FILES = ['heap-1.heapsnapshot', 'heap-2.heapsnapshot'] as const;

/** The two snapshots of one run and the sample window between them. */
export class HeapSnapshots {
  readonly taken: TakenSnapshot[] = [];
  /** tMs of the first sample after the first snapshot, and of the last before the second: the verdict's window. */
  fitFromMs: number | null = null;
  fitUntilMs: number | null = null;

  constructor(
    private readonly server: CountingServer,
    private readonly sampler: ServerSampler,
    private readonly runDir: string,
    private readonly holdStartedAt: number,
  ) {}

  /** Takes snapshot `index` (0 or 1) now; a failure is recorded, not thrown. */
  async take(index: 0 | 1): Promise<void> {
    const file = HEAP_SNAPSHOT_FILES[index];
    if (index === 1) this.fitUntilMs = await this.sampleTime();
    const atSeconds = (performance.now() - this.holdStartedAt) / 1000;
    const reply = await this.server.heapSnapshot(path.join(this.runDir, file));
    this.taken.push({
      file,
      atSeconds,
      writeMs: reply?.ms ?? 0,
      error: reply === null ? 'the server did not answer within 300 s' : reply.error,
    });
    if (index === 0) this.fitFromMs = await this.sampleTime();
  }

  /** Both snapshots were written. */
  get complete(): boolean {
    return this.taken.length === 2 && this.taken.every((snapshot) => snapshot.error === null);
  }

  /** A fresh sample now, and its tMs. */
  private async sampleTime(): Promise<number | null> {
    await this.sampler.sampleNow();
    return this.sampler.samples().at(-1)?.tMs ?? null;
  }
}
