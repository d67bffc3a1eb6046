/** Folds the workers' health reports into the worst interval and the saturation verdict; bench/summary turns that into the figures. */
import type { WorkerHealth } from '../../protocol/messages.js';
import type { WorstWorkerInterval } from '../summary/load-generator.js';

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

  /** The worst interval so far. */
  worst(): WorstWorkerInterval {
    return {
      saturated: this.saturatedWorkers.size > 0,
      cpuPercent: this.maxCpuPercent,
      mainThreadBusyPercent: this.maxBusyPercent,
      eventLoopDelayMs: this.maxEventLoopDelayMs,
      eventLoopDelayP99Ms: this.maxEventLoopDelayP99Ms,
    };
  }
}
