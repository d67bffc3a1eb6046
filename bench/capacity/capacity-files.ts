/** What a capacity search writes into its folder: capacity.json (everything) and capacity.csv (one row per probe), after every probe. */
import path from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../results/atomic-write.js';
import { csvCell } from '../results/csv-writer.js';
import { csvColumnOf } from '../stats/figures.js';
import { RUN_SCHEMA_VERSION } from '../results/run-json.js';
import type { CapacityConfig } from './capacity-config.js';
import type { Bracket } from './capacity-search.js';
import type { ProbeVerdict, SloJudgement } from './probe-verdict.js';
import type { KneePrecision } from './knee-precision.js';

export const CAPACITY_FILE = 'capacity.json';
export const CAPACITY_CSV = 'capacity.csv';

/** Why the search ended. resolved: the bracket is within the resolution; the others say what stopped it first. */
export type CapacityStopReason = 'resolved' | 'max-clients' | 'none-passed' | 'saturated' | 'hard-limit' | 'broken' | 'interrupted';

/** One probe: a client count run `repeat` times (or more, up to `maxRuns`), and its verdict. */
export interface ProbeRecord {
  clients: number;
  phase: 'grow' | 'shrink' | 'bisect';
  /** A growth step cut to the largest count under a hard limit: the limit, in one sentence; null otherwise. */
  cappedBy: string | null;
  /** Connections opened per second (--rate) of its runs; null: unlimited. */
  ratePerSecond: number | null;
  verdict: ProbeVerdict;
  reason: string;
  /** The probe's repeat folder (repeat.json and one run folder per run), relative to the capacity folder. */
  dir: string;
  runs: Array<{ runDir: string; status: string; saturated: boolean; wallMs: number }>;
  saturatedRuns: number;
  /** Per objective: median over the runs and its interval, whether it meets the bound and whether the interval is clear of it. */
  judgements: SloJudgement[];
  /** Wall time of the probe, all its runs, in ms. */
  wallMs: number;
}

/** capacity.json: rewritten after every probe. */
export interface CapacityJson {
  schemaVersion: typeof RUN_SCHEMA_VERSION;
  kind: 'capacity';
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'done';
  config: CapacityConfig;
  /** The largest client count that met every objective (the bracket's low end), or null when none did. */
  capacity: number | null;
  /** The largest pass and the smallest failure: a saturated probe is neither. */
  bracket: Bracket;
  /** The smallest count above the capacity (and below any failure) whose probe saturated the load generator: the search could not see past it, so the capacity is a lower bound; null when none did. */
  saturatedFrom: number | null;
  /** How far a repeated search's answer is expected to move, from the deciding figure's slope and scatter near the knee; null without a pass below a failure. */
  precision: KneePrecision | null;
  /** Why the search ended, with one sentence; null while it runs. */
  stop: { reason: CapacityStopReason; message: string } | null;
  probes: ProbeRecord[];
  /** Each time a saturated probe made the search halve the arrival rate: after which probe (1-based), from and to (per second; null: unlimited). */
  rateLowerings: Array<{ afterProbe: number; fromPerSecond: number | null; toPerSecond: number }>;
  /** Wall time so far, in ms. */
  wallMs: number;
}

function csvText(record: CapacityJson): string {
  const figureColumns = record.config.slo.flatMap((slo) => {
    const column = csvColumnOf(slo.figure) + (slo.percentOfClients ? 'Percent' : '');
    return [`${column}Median`, `${column}CiLow`, `${column}CiHigh`, `${column}Meets`];
  });
  const header = ['clients', 'phase', 'ratePerSecond', 'verdict', 'runs', 'saturatedRuns', 'wallMs', ...figureColumns, 'reason'];
  const finite = (value: number): number | null => (Number.isFinite(value) ? value : null);
  const rows = record.probes.map((probe) => [
    probe.clients, probe.phase, probe.ratePerSecond, probe.verdict, probe.runs.length, probe.saturatedRuns, probe.wallMs,
    ...record.config.slo.flatMap((slo) => {
      const judgement = probe.judgements.find((item) => item.figure === slo.figure);
      return judgement ? [finite(judgement.estimate.median), finite(judgement.estimate.ciLow), finite(judgement.estimate.ciHigh), judgement.meets] : [null, null, null, null];
    }),
    probe.reason,
  ]);
  return [header.join(','), ...rows.map((row) => row.map((cell) => csvCell(cell)).join(','))].join('\n') + '\n';
}

/** Writes capacity.json and capacity.csv into `dir`, atomically. A value that was not measured (infinite) is written as null. */
export async function writeCapacityFiles(dir: string, record: CapacityJson): Promise<void> {
  await writeJsonAtomic(path.join(dir, CAPACITY_FILE), record);
  await writeFileAtomic(path.join(dir, CAPACITY_CSV), csvText(record));
}
