/** Makes a new sweep folder, or reopens one for --resume; either way sweep.json says what is left. */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, EnvironmentError } from '../errors.js';
import { cellRunConfig, validateCells, type SweepConfig } from './sweep-config.js';
import { planCells } from './sweep-grid.js';
import {
  isSweepDir,
  newSweepId,
  readSweepManifest,
  SWEEP_FILE,
  SWEEP_SCHEMA_VERSION,
  writeSweepManifest,
  type CellStatus,
  type SweepCellRecord,
  type SweepManifest,
} from './sweep-manifest.js';
import { writeSummaryCsv } from './summary-csv.js';
import { loadRunFile } from '../results/result-set.js';
import { RUN_JSON, runFilePath } from '../results/run-folder.js';

/** A sweep ready to run: its folder and its manifest, which the engine updates as cells finish. */
export interface PreparedSweep {
  sweepDir: string;
  manifest: SweepManifest;
  /** What reopening changed, one sentence each (a finished cell whose run folder is gone runs again). */
  notices?: string[];
}

/** Cells that --resume does not run again: they ran to an outcome (a failed cell is a result too). */
export const FINISHED_STATUSES: ReadonlySet<CellStatus> = new Set<CellStatus>(['ok', 'partial', 'failed']);

/** Creates results/<sweep-id>/ with every cell pending, and writes sweep.json and summary.csv. */
export async function createSweep(config: SweepConfig, now = new Date()): Promise<PreparedSweep> {
  const cells = planCells(config.grid);
  const sweepId = newSweepId(cells.length, now);
  const sweepDir = path.join(config.outDir, sweepId);
  try {
    await mkdir(sweepDir, { recursive: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new EnvironmentError(`cannot create the sweep folder ${sweepDir}: ${reason}; choose a writable one with --out`);
  }
  const manifest: SweepManifest = {
    schemaVersion: SWEEP_SCHEMA_VERSION,
    kind: 'sweep',
    sweepId,
    startedAt: now.toISOString(),
    updatedAt: now.toISOString(),
    finishedAt: null,
    status: 'running',
    grid: config.grid,
    runFlags: config.runFlags,
    cells: cells.map((cell) => {
      const { variant, stack, profile, mode } = cellRunConfig(config, cell.transport, cell.clients, sweepDir, cell.stack);
      return { ...cell, variant, stack, profile, mode, status: 'pending', reason: null, runDir: null, earlierRunDirs: [], wallMs: null, finishedAt: null };
    }),
  };
  await writeSweepManifest(sweepDir, manifest);
  await writeSummaryCsv(sweepDir, manifest);
  return { sweepDir, manifest };
}

/** Reopens a sweep folder: its grid and flags come from its sweep.json and are checked again. */
export function reopenSweep(sweepDir: string): PreparedSweep {
  if (!isSweepDir(sweepDir)) {
    throw new ConfigError(`--resume needs a folder made by bench sweep; ${sweepDir} has no ${SWEEP_FILE}`);
  }
  const manifest = readSweepManifest(sweepDir);
  try {
    validateCells({ grid: manifest.grid, runFlags: manifest.runFlags, outDir: path.dirname(sweepDir) });
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(`${path.join(sweepDir, SWEEP_FILE)}: ${error.message}`);
    throw error;
  }
  const notices = requeueMissingCells(sweepDir, manifest);
  // What is left finished has its run.json: it must read back whole, or --resume stops naming it.
  for (const cell of manifest.cells) checkFinishedRun(sweepDir, cell);
  return { sweepDir, manifest, notices };
}

/**
 * A finished cell whose run folder (or its run.json) is gone has no result left: it is pending
 * again, so --resume runs it instead of counting an outcome nothing shows any more.
 */
function requeueMissingCells(sweepDir: string, manifest: SweepManifest): string[] {
  const notices: string[] = [];
  for (const [index, cell] of manifest.cells.entries()) {
    // A cell that failed before it made a run folder (its server would not start) is an outcome without one.
    if (!FINISHED_STATUSES.has(cell.status) || cell.runDir === null) continue;
    if (existsSync(runFilePath(path.join(sweepDir, cell.runDir), RUN_JSON))) continue;
    notices.push(`cell ${index + 1} (${cell.transport}, ${cell.clients} clients): its run folder ${cell.runDir} is missing; running it again`);
    Object.assign(cell, { status: 'pending', reason: null, runDir: null, wallMs: null, finishedAt: null });
  }
  return notices;
}

/**
 * A measured cell counts as done only while its run is there: one whose run.json was deleted is run
 * again (it is pending); one whose run.json is corrupt is refused, naming the file (exit 2).
 */
function checkFinishedRun(sweepDir: string, cell: SweepCellRecord): void {
  if ((cell.status !== 'ok' && cell.status !== 'partial') || cell.runDir === null) return;
  const file = runFilePath(path.join(sweepDir, cell.runDir), RUN_JSON);
  if (existsSync(file)) loadRunFile(file);
}
