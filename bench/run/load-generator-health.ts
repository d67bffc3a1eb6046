/** Folds the workers' health reports into the worst figures and the saturation verdict. */
import type { WorkerHealth } from '../../protocol/messages.js';
import type { LoadGeneratorHealth } from '../results/run-summary.js';

/** Bounds past which a worker counts as saturated. */
export interface SaturationBounds {
  /** Process CPU of a worker over one interval, % of one core. */
  cpuPercent: number;
  eventLoopDelayP99Ms: number;
}

/** Tracks the worst worker interval seen. */
export class LoadGeneratorMonitor {
  private maxCpuPercent = 0;
  private maxBusyPercent = 0;
  private maxEventLoopDelayMs = 0;
  private maxEventLoopDelayP99Ms = 0;
  private readonly saturatedWorkers = new Set<number>();

  constructor(private readonly bounds: SaturationBounds) {}

  add(workerIndex: number, health: WorkerHealth): void {
    this.maxCpuPercent = Math.max(this.maxCpuPercent, health.cpuPercent);
    this.maxBusyPercent = Math.max(this.maxBusyPercent, health.mainThreadBusyPercent);
    this.maxEventLoopDelayMs = Math.max(this.maxEventLoopDelayMs, health.eventLoopDelayMaxMs);
    this.maxEventLoopDelayP99Ms = Math.max(this.maxEventLoopDelayP99Ms, health.eventLoopDelayP99Ms);
    // Judged on process CPU, GC threads included (collection is the worker's load too). Main-thread
    // utilization is reported but not judged: the ramp yields with setImmediate between clients, so
    // the loop never idles during a ramp and reads 100% busy even with CPU to spare.
    if (health.cpuPercent >= this.bounds.cpuPercent || health.eventLoopDelayP99Ms >= this.bounds.eventLoopDelayP99Ms) {
      this.saturatedWorkers.add(workerIndex);
    }
  }

  result(clientBytesPerConnection: number | null): LoadGeneratorHealth {
    const saturated = this.saturatedWorkers.size > 0;
    const round = (value: number): number => Math.round(value * 10) / 10;
    return {
      saturated,
      maxCpuPercent: round(this.maxCpuPercent),
      maxMainThreadBusyPercent: round(this.maxBusyPercent),
      maxEventLoopDelayMs: round(this.maxEventLoopDelayMs),
      maxEventLoopDelayP99Ms: round(this.maxEventLoopDelayP99Ms),
      note: saturated
        ? `The load generator was saturated (worst worker: ${round(this.maxCpuPercent)}% CPU, event-loop delay p99 ${round(this.maxEventLoopDelayP99Ms)} ms), so these latencies include its own queueing.`
        : null,
      clientBytesPerConnection,
    };
  }
}
