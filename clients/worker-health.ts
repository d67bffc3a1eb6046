/** Measures the worker's own CPU use and event-loop delay, so saturation is never hidden. */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { WorkerHealth } from '../protocol/messages.js';

const RESOLUTION_MS = 10;

/**
 * Starts measuring; each read gives the figures since the previous read, or null when less than
 * `minIntervalMs` has passed (CPU over a few milliseconds says nothing) and the interval goes on.
 */
export function startHealthMonitor(minIntervalMs: number): { read(): WorkerHealth | null; skip(): void; stop(): void } {
  const loopDelay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  loopDelay.enable();
  let lastCpu = process.cpuUsage();
  let lastTime = process.hrtime.bigint();
  let lastUtilization = performance.eventLoopUtilization();
  return {
    read() {
      const now = process.hrtime.bigint();
      const elapsedMicros = Number(now - lastTime) / 1000;
      if (elapsedMicros < minIntervalMs * 1000) return null;
      const cpu = process.cpuUsage(lastCpu);
      const utilization = performance.eventLoopUtilization(lastUtilization);
      lastUtilization = performance.eventLoopUtilization();
      lastCpu = process.cpuUsage();
      lastTime = now;
      // The histogram records the whole timer interval in nanoseconds; the delay is what exceeds it.
      const toMs = (nanos: number): number => (Number.isFinite(nanos) ? Math.max(0, nanos / 1e6 - RESOLUTION_MS) : 0);
      const health: WorkerHealth = {
        cpuPercent: elapsedMicros > 0 ? ((cpu.user + cpu.system) / elapsedMicros) * 100 : 0,
        mainThreadBusyPercent: utilization.utilization * 100,
        eventLoopDelayP50Ms: loopDelay.count > 0 ? toMs(loopDelay.percentile(50)) : 0,
        eventLoopDelayP99Ms: loopDelay.count > 0 ? toMs(loopDelay.percentile(99)) : 0,
        eventLoopDelayMaxMs: loopDelay.count > 0 ? toMs(loopDelay.max) : 0,
      };
      loopDelay.reset();
      return health;
    },
    /** Starts a new interval and drops the current one: for pauses the harness causes on purpose (a forced GC). */
    skip() {
      lastCpu = process.cpuUsage();
      lastTime = process.hrtime.bigint();
      lastUtilization = performance.eventLoopUtilization();
      loopDelay.reset();
    },
    stop() {
      loopDelay.disable();
    },
  };
}
