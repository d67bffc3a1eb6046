/**
 * Reads finished results from disk, whatever their shape: one run folder, a folder of run
 * folders (a sweep, or `bench run --repeat`), or a single run.json / summary JSON file. Runs are
 * grouped into cells by transport, variant and client count, so repeats of a cell sit together.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { isRunJson, readJsonFile, type RunJson, type StoredRunJson } from './run-json.js';
import { checkRunJson, checkSummaryFile } from './run-json-check.js';
import type { RunSummary } from '../summary/run-summary-types.js';
import type { TransportName, TransportVariant } from '../../protocol/transports.js';
import type { RunMode } from '../../protocol/messages.js';
import { settingOf, type RunSetting } from './run-setting.js';
import { cellKey } from './cell-key.js';

export { cellKey };
import { RUN_JSON, runFilePath } from './run-folder.js';

/** One finished run as read from disk. */
export interface LoadedRun {
  /** Folder of the run, or the file it came from. */
  source: string;
  summary: RunSummary;
  /** The whole run.json when there is one (config, environment), else null. */
  runJson: StoredRunJson | null;
}

/** All runs of one transport x variant x client count x mode x setting. */
export interface Cell {
  key: string;
  transport: TransportName;
  variant: TransportVariant;
  clients: number;
  mode: RunMode;
  setting: RunSetting;
  runs: LoadedRun[];
}

/** Reads a run.json (or a bare summary object) and checks it against its schema; ConfigError names the file and the field. */
export function loadRunFile(file: string): LoadedRun {
  const value = readJsonFile(file);
  if (value === null || typeof value !== 'object') throw new ConfigError(`${file} does not hold a bench run or summary`);
  if (isRunJson(value)) {
    const runJson = checkRunJson(file, value);
    return { source: path.dirname(file), summary: runJson.summary, runJson };
  }
  if ('transport' in value && 'clients' in value && 'status' in value) {
    return { source: file, summary: checkSummaryFile(file, value), runJson: null };
  }
  throw new ConfigError(`${file} does not hold a bench run or summary (no "summary" or "transport" field)`);
}

/** Every run.json at or below `dir` (a run folder, or a folder of run folders), sorted by path. */
function findRunFiles(dir: string, depth = 0): string[] {
  const own = runFilePath(dir, RUN_JSON);
  if (existsSync(own)) return [own];
  if (depth >= 3) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .flatMap((name) => findRunFiles(path.join(dir, name), depth + 1));
}

/** Whether a run.json in a folder of runs is one to use: finished, and not cut short by a signal. */
function isFinishedRun(file: string): boolean {
  const value = readJsonFile(file) as Partial<Pick<RunJson, 'status'>> & { summary?: unknown } | null;
  return value !== null && typeof value === 'object' && value.summary != null && value.status !== 'interrupted';
}

/**
 * Loads every run under `target` (folder or file). In a folder of runs, attempts that never
 * finished or were interrupted (a sweep resumed after Ctrl-C leaves them) are skipped and their
 * folders pushed onto `skipped`. Throws ConfigError naming the path when no run is left.
 */
export function loadRuns(target: string, skipped: string[] = []): LoadedRun[] {
  if (!existsSync(target)) throw new ConfigError(`${target} does not exist; give a run folder, a sweep folder or a run.json file`);
  if (statSync(target).isFile()) return [loadRunFile(target)];
  const files = findRunFiles(target);
  if (files.length === 0) throw new ConfigError(`${target} holds no run.json; give a run folder or a sweep folder`);
  // A single run folder is taken as it is, so its own problem is reported rather than skipped.
  if (files.length === 1) return files.map(loadRunFile);
  const finished = files.filter((file) => {
    if (isFinishedRun(file)) return true;
    skipped.push(path.dirname(file));
    return false;
  });
  if (finished.length === 0) throw new ConfigError(`${target} holds no finished run: every run in it was interrupted or never finished`);
  return finished.map(loadRunFile);
}

/** Groups runs into cells, in the order cells are first seen. */
export function groupCells(runs: readonly LoadedRun[], options: { ignoreStack?: boolean } = {}): Cell[] {
  const cells = new Map<string, Cell>();
  for (const run of runs) {
    // Across stacks (bench compare --across-stacks) a cell is the same workload whatever libraries ran it.
    const key = cellKey(options.ignoreStack ? { ...run.summary, stack: 'current' } : run.summary);
    let cell = cells.get(key);
    if (!cell) {
      const { transport, variant, clients, mode } = run.summary;
      cell = { key, transport, variant, clients, mode: mode ?? 'echo', setting: settingOf(run.summary), runs: [] };
      cells.set(key, cell);
    }
    cell.runs.push(run);
  }
  return [...cells.values()];
}
