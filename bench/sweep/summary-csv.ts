/**
 * summary.csv of a sweep: one row per transport x clients x repeat, the summary figures of each
 * cell's run.json in columns whose names carry their unit. Built from the files on disk, so a
 * resumed sweep writes the same file as one that ran straight through.
 */
import { DEFAULT_STACK } from '../../protocol/stacks.js';
import path from 'node:path';
import { writeFileAtomic } from '../results/atomic-write.js';
import { csvCell } from '../results/csv-writer.js';
import { BenchError } from '../errors.js';
import { loadRunFile } from '../results/result-set.js';
import { variantLabel } from '../../protocol/transports.js';
import type { RunSummary } from '../summary/run-summary-types.js';
import { FIGURES } from '../stats/figures.js';
import type { SweepCellRecord, SweepManifest } from './sweep-manifest.js';
import { RUN_JSON, runFilePath } from '../results/run-folder.js';

export const SUMMARY_FILE = 'summary.csv';

type Value = string | number | boolean | null;

/** A column: its name (unit included) and how to read it from a cell and its run summary. */
interface Column {
  name: string;
  read(cell: SweepCellRecord, summary: RunSummary | null): Value;
}

const fromSummary = (name: string, read: (summary: RunSummary) => Value): Column => ({
  name,
  read: (_cell, summary) => (summary ? read(summary) : null),
});

const inCsv = FIGURES.filter((figure) => figure.csvColumn !== null);
/** The figures' columns: client counts lead, then times and memory in the registry's order. */
const FIGURE_COLUMNS: readonly Column[] = [...inCsv.filter((figure) => figure.unit === 'count'), ...inCsv.filter((figure) => figure.unit !== 'count')].map(
  (figure) => fromSummary(figure.csvColumn as string, (summary) => figure.read(summary)),
);

/** The columns of summary.csv, in order. README "bench sweep" explains each. */
export const SUMMARY_COLUMNS: readonly Column[] = [
  { name: 'transport', read: (cell) => cell.transport },
  { name: 'variant', read: (cell) => variantLabel(cell.transport, cell.variant) },
  // The library stack: a dimension of its own in a sweep with --stacks; absent in sweep.json files from before stacks.
  { name: 'stack', read: (cell) => cell.stack ?? DEFAULT_STACK },
  { name: 'clients', read: (cell) => cell.clients },
  { name: 'repeat', read: (cell) => cell.repeat },
  { name: 'status', read: (cell) => cell.status },
  { name: 'reason', read: (cell) => cell.reason },
  ...FIGURE_COLUMNS,
  // The load generator's own health: not a figure of the server under test, but needed to trust one.
  fromSummary('loadGeneratorSaturated', (s) => s.loadGenerator.saturated),
  fromSummary('loadGeneratorMaxCpuPercent', (s) => s.loadGenerator.maxCpuPercent),
  fromSummary('loadGeneratorMaxMainThreadBusyPercent', (s) => s.loadGenerator.maxMainThreadBusyPercent ?? null),
  { name: 'wallMs', read: (cell) => cell.wallMs },
  { name: 'runDir', read: (cell) => cell.runDir },
];

/** The summary of a cell's run from its run.json, or null when it has none that finished. */
export function readCellSummary(sweepDir: string, cell: SweepCellRecord): RunSummary | null {
  if (cell.runDir === null) return null;
  try {
    return loadRunFile(runFilePath(path.join(sweepDir, cell.runDir), RUN_JSON)).summary;
  } catch (error) {
    // A run folder whose run.json never got its summary (the process was killed) has no figures.
    if (error instanceof BenchError) return null;
    throw error;
  }
}

/** The text of summary.csv for the sweep's cells. */
export function renderSummaryCsv(sweepDir: string, manifest: SweepManifest): string {
  const lines = [SUMMARY_COLUMNS.map((column) => column.name).join(',')];
  for (const cell of manifest.cells) {
    const summary = readCellSummary(sweepDir, cell);
    lines.push(SUMMARY_COLUMNS.map((column) => csvCell(column.read(cell, summary))).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Rewrites summary.csv in the sweep folder, atomically. */
export function writeSummaryCsv(sweepDir: string, manifest: SweepManifest): Promise<void> {
  return writeFileAtomic(path.join(sweepDir, SUMMARY_FILE), renderSummaryCsv(sweepDir, manifest));
}
