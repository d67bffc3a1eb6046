/**
 * Samples the server process from outside (pidusage by PID: RSS and CPU) every interval, joined
 * with the heapUsed and connection count the server last reported about itself. A server that is
 * a tree of processes (a user's command) is sampled whole: every process of the tree, summed.
 */
import { performance } from 'node:perf_hooks';
import pidusage from 'pidusage';
import type { SampleRow, SamplePhase, ServerProcessRow } from '../results/file-rows.js';
import { processTreeOf, type TreeProcess } from './process-tree.js';

/** Where samples come from and go. */
export interface SamplerSource {
  pid: number;
  requestStats(): Promise<{ heapUsedBytes: number; connections: number; externalBytes?: number } | null>;
  /** Sample `pid` and every process below it, and write each one's row here (server-processes.csv); absent: `pid` alone. */
  writeProcesses?(rows: ServerProcessRow[]): void;
}

interface ProcessUsage extends TreeProcess {
  memory: number;
  cpu: number;
  ctime: number;
}

/** Usage of each process; one that ended between the listing and the reading is left out. */
async function usageOf(processes: readonly TreeProcess[]): Promise<ProcessUsage[]> {
  const read = await Promise.all(
    processes.map(async (process) => {
      try {
        const { memory, cpu, ctime } = await pidusage(process.pid);
        return { ...process, memory, cpu, ctime };
      } catch {
        return null;
      }
    }),
  );
  return read.filter((usage): usage is ProcessUsage => usage !== null);
}

/** A running sampler. */
export interface ServerSampler {
  /** Takes one sample now, outside the timer (the baseline before the first client). */
  sampleNow(): Promise<void>;
  /** Labels the samples taken from now on. */
  setPhase(phase: SamplePhase): void;
  /** Every sample taken so far (small: one per interval). */
  samples(): readonly SampleRow[];
  /** The server PIDs samples were taken of, in order: more than one after a restart. */
  sampledPids?(): number[];
  stop(): Promise<void>;
}

/** Starts sampling `source` every `intervalMs`; `startedAt` is the performance.now() of listening. */
export function startServerSampler(source: SamplerSource, intervalMs: number, startedAt: number, write: (row: SampleRow) => void): ServerSampler {
  const taken: SampleRow[] = [];
  const pids: number[] = [];
  let phase: SamplePhase = 'baseline';
  let stopped = false;
  /** The sample being taken now, if any. */
  let current: Promise<void> | null = null;

  const sampleOnce = async (): Promise<void> => {
    // Time and phase of the moment the sample is asked for, not of when the answers come back.
    const askedAt = performance.now() - startedAt;
    const askedIn = phase;
    const pid = source.pid;
    const tree = source.writeProcesses === undefined ? [{ pid, ppid: 0, command: '' }] : processTreeOf(pid);
    const [usages, stats] = await Promise.all([usageOf(tree), source.requestStats().catch(() => null)]);
    // The process is gone between two samples; the run notices its exit on its own.
    if (stopped || usages[0]?.pid !== pid) return;
    if (pids.at(-1) !== pid) pids.push(pid);
    const row: SampleRow = {
      tMs: askedAt,
      connections: stats?.connections ?? null,
      rssBytes: usages.reduce((sum, usage) => sum + usage.memory, 0),
      heapUsedBytes: stats?.heapUsedBytes ?? null,
      externalBytes: stats?.externalBytes ?? null,
      cpuPercent: usages.reduce((sum, usage) => sum + usage.cpu, 0),
      cpuTimeMs: usages.reduce((sum, usage) => sum + usage.ctime, 0),
      processes: usages.length,
      phase: askedIn,
    };
    taken.push(row);
    write(row);
    source.writeProcesses?.(
      usages.map((usage) => ({
        tMs: askedAt,
        pid: usage.pid,
        ppid: usage.ppid,
        command: usage.command,
        rssBytes: usage.memory,
        cpuPercent: usage.cpu,
        cpuTimeMs: usage.ctime,
        phase: askedIn,
      })),
    );
  };
  const startSample = (): Promise<void> => {
    const sample = sampleOnce().finally(() => {
      if (current === sample) current = null;
    });
    current = sample;
    return sample;
  };
  // A slow sample is not stacked on by the next tick; the gap shows in tMs instead.
  const timer = setInterval(() => {
    if (current === null) void startSample();
  }, intervalMs);

  return {
    async sampleNow() {
      // An explicit sample (baseline, close) must be taken now, not merged into one already under way.
      if (current !== null) await current;
      await startSample();
    },
    setPhase(next) {
      phase = next;
    },
    samples: () => taken,
    sampledPids: () => [...pids],
    async stop() {
      clearInterval(timer);
      if (current !== null) await current;
      stopped = true;
      pidusage.clear();
    },
  };
}
