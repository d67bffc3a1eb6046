/** The server's CPU over a run from its samples' cumulative CPU time: what the ramp cost per connection, and the hold's load. */
import type { SampleRow } from '../results/file-rows.js';
import type { ServerCpu } from './run-summary-types.js';

type CpuSample = Pick<SampleRow, 'tMs' | 'cpuTimeMs'> & { phase: string };

/**
 * CPU time spent from the last baseline sample to the first hold sample (the workers' start and
 * the ramp), per connected client, and the hold's mean CPU. Null when the samples carry no CPU
 * time (a topology's totals, an older agent). Hold pairs whose CPU time goes down (a restarted
 * server, a process of a tree that ended) are left out rather than counted negative.
 */
export function summariseServerCpu(samples: readonly CpuSample[], connected: number): ServerCpu | null {
  const timed = samples.filter((sample): sample is CpuSample & { cpuTimeMs: number } => sample.cpuTimeMs !== null);
  if (timed.length === 0) return null;
  const baseline = timed.filter((sample) => sample.phase === 'baseline').at(-1);
  const holdStart = timed.find((sample) => sample.phase === 'hold');
  const rampCpuMs = baseline !== undefined && holdStart !== undefined ? Math.max(0, holdStart.cpuTimeMs - baseline.cpuTimeMs) : null;
  let holdCpuMs = 0;
  let holdMs = 0;
  for (let index = 1; index < timed.length; index += 1) {
    const before = timed[index - 1] as CpuSample & { cpuTimeMs: number };
    const after = timed[index] as CpuSample & { cpuTimeMs: number };
    if (before.phase !== 'hold' || after.phase !== 'hold' || after.cpuTimeMs < before.cpuTimeMs) continue;
    holdCpuMs += after.cpuTimeMs - before.cpuTimeMs;
    holdMs += after.tMs - before.tMs;
  }
  return {
    rampCpuMs: rampCpuMs === null ? null : Math.round(rampCpuMs),
    cpuMsPerConnection: rampCpuMs !== null && connected > 0 ? Math.round((rampCpuMs / connected) * 1000) / 1000 : null,
    holdCpuPercent: holdMs > 0 ? Math.round((holdCpuMs / holdMs) * 1000) / 10 : null,
  };
}
