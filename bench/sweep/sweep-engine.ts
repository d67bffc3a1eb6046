/**
 * The engine of `bench sweep`: one fresh `bench run` per cell, sweep.json and summary.csv
 * rewritten after each, a failed cell recorded and passed by. It never prints; it reports through
 * events and returns the manifest.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { runBenchmark } from '../run/run-engine.js';
import type { RunEvent } from '../run/run-events.js';
import type { RunSummary } from '../summary/run-summary-types.js';
import type { RunConfig } from '../config/run-config.js';
import type { ServerStarter } from '../run/measured-server.js';
import { cellRunConfig } from './sweep-config.js';
import { writeSweepManifest, type CellStatus, type SweepCellRecord, type SweepManifest } from './sweep-manifest.js';
import { FINISHED_STATUSES, type PreparedSweep } from './sweep-setup.js';
import { writeSummaryCsv } from './summary-csv.js';
import { estimateRemainingMs, type CellTiming } from './time-left.js';

/** What the sweep reports while it runs. `index` is 1-based, out of `total` cells. */
export type SweepEvent =
  | { type: 'resume'; finished: number; total: number }
  /** `repeats` is the grid's repeat count, so a line can say "repeat 2 of 3". */
  | { type: 'cell-start'; index: number; total: number; repeats: number; stacked: boolean; cell: SweepCellRecord; remainingMs: number | null }
  | { type: 'run-event'; event: RunEvent }
  /** `summary` is the cell's run summary, or null when its run could not start. */
  | { type: 'cell-done'; index: number; total: number; cell: SweepCellRecord; summary: RunSummary | null };

/** Hooks of one sweep. */
export interface SweepHooks {
  onEvent?: (event: SweepEvent) => void;
  /** Aborting stops the cell in progress (its files are kept) and runs no further cell. */
  signal?: AbortSignal;
  /** The server each cell measures (the command passes the agent's for --agent); local by default. */
  serverStarterFor?: (config: RunConfig) => ServerStarter;
}

/** Cells by status. */
export type CellCounts = Record<CellStatus, number>;

/** The outcome of a sweep. */
export interface SweepResult {
  sweepDir: string;
  manifest: SweepManifest;
  counts: CellCounts;
  /** Wall time of this invocation, in ms (a resumed sweep counts only what it ran now). */
  wallMs: number;
  /** Cells run now that could not be carried out because bench or the machine broke (nothing measured). */
  brokenCells: number;
}

/** Cells by status. */
export function countCells(manifest: SweepManifest): CellCounts {
  const counts: CellCounts = { pending: 0, ok: 0, partial: 0, failed: 0, interrupted: 0 };
  for (const cell of manifest.cells) counts[cell.status] += 1;
  return counts;
}

interface CellResult {
  record: Pick<SweepCellRecord, 'status' | 'reason' | 'runDir' | 'wallMs'>;
  summary: RunSummary | null;
  /** The run could not be carried out (its server or a worker would not start, preflight refused it). */
  broken: boolean;
}

/** The stack a cell names where the grid has stacks; undefined leaves --stack (or the default) to decide. */
function cellStack(manifest: SweepManifest, cell: SweepCellRecord): string | undefined {
  return manifest.grid.stacks === undefined ? undefined : cell.stack;
}

/** Runs one cell; a cell that cannot even start (preflight, bad folder) is a failed cell, not an error. */
async function runCell(sweep: PreparedSweep, cell: SweepCellRecord, hooks: SweepHooks): Promise<CellResult> {
  const emit = hooks.onEvent ?? (() => undefined);
  const started = performance.now();
  try {
    const config = cellRunConfig(sweep.manifest, cell.transport, cell.clients, sweep.sweepDir, cellStack(sweep.manifest, cell));
    const { summary, runDir } = await runBenchmark(config, {
      ...(hooks.serverStarterFor ? { serverStarter: hooks.serverStarterFor(config) } : {}),
      onEvent: (event) => emit({ type: 'run-event', event }),
      ...(hooks.signal ? { signal: hooks.signal } : {}),
    });
    return {
      record: { status: summary.status, reason: summary.reason, runDir: path.relative(sweep.sweepDir, runDir), wallMs: summary.wallMs },
      summary,
      broken: summary.broken === true,
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { record: { status: 'failed', reason, runDir: null, wallMs: Math.round(performance.now() - started) }, summary: null, broken: true };
  }
}

async function save(sweep: PreparedSweep): Promise<void> {
  sweep.manifest.updatedAt = new Date().toISOString();
  await writeSweepManifest(sweep.sweepDir, sweep.manifest);
  await writeSummaryCsv(sweep.sweepDir, sweep.manifest);
}

/** Runs every cell that is not finished yet, saving after each. */
export async function runSweep(sweep: PreparedSweep, hooks: SweepHooks = {}): Promise<SweepResult> {
  const emit = hooks.onEvent ?? (() => undefined);
  const wallStart = performance.now();
  const { manifest } = sweep;
  const total = manifest.cells.length;
  const measured = (cell: SweepCellRecord): boolean => (cell.status === 'ok' || cell.status === 'partial') && cell.wallMs !== null;
  const timings: CellTiming[] = manifest.cells.filter(measured).map((cell) => ({ clients: cell.clients, wallMs: cell.wallMs as number }));
  const finished = manifest.cells.filter((cell) => FINISHED_STATUSES.has(cell.status)).length;
  if (finished > 0) emit({ type: 'resume', finished, total });
  const first = manifest.cells[0];
  const fixedMs = first ? cellRunConfig(manifest, first.transport, first.clients, sweep.sweepDir, cellStack(manifest, first)).holdSeconds * 1000 : 0;

  manifest.status = 'running';
  manifest.finishedAt = null;
  await save(sweep);
  let interrupted = false;
  let brokenCells = 0;
  for (const [position, cell] of manifest.cells.entries()) {
    if (FINISHED_STATUSES.has(cell.status)) continue;
    if (hooks.signal?.aborted) {
      interrupted = true;
      break;
    }
    const left = manifest.cells.slice(position).filter((other) => !FINISHED_STATUSES.has(other.status));
    emit({
      type: 'cell-start',
      index: position + 1,
      total,
      repeats: manifest.grid.repeat,
      stacked: manifest.grid.stacks !== undefined,
      cell,
      remainingMs: estimateRemainingMs(
        timings,
        left.map((other) => other.clients),
        fixedMs,
      ),
    });
    if (cell.runDir !== null) cell.earlierRunDirs.push(cell.runDir);
    const outcome = await runCell(sweep, cell, hooks);
    if (outcome.broken) brokenCells += 1;
    Object.assign(cell, outcome.record, { finishedAt: new Date().toISOString() });
    if (measured(cell)) timings.push({ clients: cell.clients, wallMs: cell.wallMs as number });
    await save(sweep);
    emit({ type: 'cell-done', index: position + 1, total, cell, summary: outcome.summary });
    if (cell.status === 'interrupted') {
      interrupted = true;
      break;
    }
  }

  manifest.status = interrupted ? 'interrupted' : 'done';
  manifest.finishedAt = interrupted ? null : new Date().toISOString();
  await save(sweep);
  return { sweepDir: sweep.sweepDir, manifest, counts: countCells(manifest), wallMs: Math.round(performance.now() - wallStart), brokenCells };
}
