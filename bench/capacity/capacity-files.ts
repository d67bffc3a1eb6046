/** What a capacity search writes into its folder: capacity.json (everything) and capacity.csv (one row per probe), after every probe. */
import path from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../results/atomic-write.js';
import { csvCell } from '../results/csv-writer.js';
import { csvColumnOf } from '../stats/figures.js';
import type { CapacityJson } from './capacity-types.js';

export const CAPACITY_FILE = 'capacity.json';
export const CAPACITY_CSV = 'capacity.csv';

function csvText(record: CapacityJson): string {
  const figureColumns = record.config.slo.flatMap((slo) => {
    const column = csvColumnOf(slo.figure) + (slo.percentOfClients ? 'Percent' : '');
    return [`${column}Median`, `${column}CiLow`, `${column}CiHigh`, `${column}Meets`];
  });
  const header = ['clients', 'phase', 'ratePerSecond', 'verdict', 'runs', 'saturatedRuns', 'wallMs', ...figureColumns, 'reason'];
  const finite = (value: number): number | null => (Number.isFinite(value) ? value : null);
  const rows = record.probes.map((probe) => [
    probe.clients,
    probe.phase,
    probe.ratePerSecond,
    probe.verdict,
    probe.runs.length,
    probe.saturatedRuns,
    probe.wallMs,
    ...record.config.slo.flatMap((slo) => {
      const judgement = probe.judgements.find((item) => item.figure === slo.figure);
      return judgement
        ? [finite(judgement.estimate.median), finite(judgement.estimate.ciLow), finite(judgement.estimate.ciHigh), judgement.meets]
        : [null, null, null, null];
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
