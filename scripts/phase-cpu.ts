/**
 * Server CPU time over one phase of a run, from its samples.csv: each sample's cpuPercent is the
 * server's CPU since the previous sample, so cpuPercent / 100 x the time since the previous sample
 * is the CPU time of that interval. A phase's CPU is the sum over its samples and over the first
 * sample after it, which covers the phase's last moments (the sample taken as the hold begins
 * covers the end of the ramp). The first sample of a phase may cover the end of the one before.
 */
import { readFileSync } from 'node:fs';

/** One samples.csv row, as far as this needs it. */
export interface PhaseSample {
  tMs: number;
  cpuPercent: number;
  phase: string;
}

/** Reads samples.csv's tMs, cpuPercent and phase columns. */
export function readPhaseSamples(file: string): PhaseSample[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
  const columns = (header ?? '').split(',');
  const at = (name: string): number => columns.indexOf(name);
  return lines.map((line) => {
    const cells = line.split(',');
    return { tMs: Number(cells[at('tMs')]), cpuPercent: Number(cells[at('cpuPercent')]), phase: cells[at('phase')] ?? '' };
  });
}

/** CPU ms the server spent in `phase`; null when no sample was taken in it. */
export function phaseCpuMs(samples: readonly PhaseSample[], phase: string): number | null {
  let total = 0;
  let seen = false;
  for (let index = 1; index < samples.length; index += 1) {
    const sample = samples[index] as PhaseSample;
    const previous = samples[index - 1] as PhaseSample;
    const inPhase = sample.phase === phase;
    const closesPhase = !inPhase && previous.phase === phase;
    if (!inPhase && !closesPhase) continue;
    seen ||= inPhase;
    if (Number.isFinite(sample.cpuPercent)) total += (sample.cpuPercent / 100) * (sample.tMs - previous.tMs);
  }
  return seen ? total : null;
}
