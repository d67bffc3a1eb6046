/**
 * What a report is made of, read from disk only: the runs (run.json and their CSV files) of a run
 * folder, a folder of runs, or a sweep folder, grouped into cells. For a sweep, sweep.json says
 * which run belongs to which cell and which cells failed without a run folder.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { BenchError } from '../errors.js';
import { InvalidFileError } from '../results/schemas/schema-check.js';
import { cellKey, groupCells, loadRunFile, loadRuns, type LoadedRun } from '../results/result-set.js';
import { isSweepDir, readSweepManifest, type SweepManifest } from '../sweep/sweep-manifest.js';
import { TRANSPORT_NAMES, type TransportName, type TransportVariant } from '../../protocol/transports.js';
import type { RunMode } from '../../protocol/messages.js';
import { settingOf, type RunSetting } from '../results/run-setting.js';
import { csvFileNotice, readConnectionTimes, readSamples, type ConnectionTimes, type SamplePoint } from '../results/run-folder-readers.js';
import { CONNECTIONS_CSV, RUN_JSON, runFilePath, SAMPLES_CSV } from '../results/run-folder.js';

/** One run with the contents of its CSV files (null where the file is missing). */
export interface ReportRun {
  run: LoadedRun;
  /** Folder of the run, or null when the report was made from a bare summary file. */
  dir: string | null;
  runId: string;
  times: ConnectionTimes | null;
  samples: SamplePoint[] | null;
  /** One line per CSV file of the run that is missing or has rows that could not be read. */
  notices: string[];
}

/** ok: every run ok; partial: some clients or some repeats failed; failed: nothing measured; not run: pending or interrupted. */
export type ReportCellStatus = 'ok' | 'partial' | 'failed' | 'not run';

/** A failure of a cell: a failed run, or a run that could not start. */
export interface CellFailure {
  reason: string;
  /** The failed run's folder, or null when the run could not start. */
  runDir: string | null;
}

/** All runs of one transport x variant x client count x mode x setting. */
export interface ReportCell {
  key: string;
  transport: TransportName;
  variant: TransportVariant;
  clients: number;
  mode: RunMode;
  /** The library stack and profile its runs used. */
  setting: RunSetting;
  /** Runs that measured clients: status ok or partial. */
  measured: ReportRun[];
  failures: CellFailure[];
  status: ReportCellStatus;
}

/** Everything the report draws on. */
export interface ReportSource {
  /** The name of the report folder: the run id or sweep id. */
  id: string;
  kind: 'run' | 'runs' | 'sweep';
  /** The folder or file the report was asked for. */
  input: string;
  /** Every run that has a summary, measured or not. */
  runs: ReportRun[];
  cells: ReportCell[];
  sweep: SweepManifest | null;
}

/**
 * `id` when it can name the report folder (one plain name: no separator, not . or ..), else
 * `fallback`. Ids come from run.json and sweep.json, which the report must not trust to stay
 * inside reports/ (a runId of "../../x" would write the page elsewhere).
 */
export function folderNameOr(id: unknown, fallback: string): string {
  const plain = typeof id === 'string' && id.length > 0 && id !== '.' && id !== '..' && !/[\\/\0]/.test(id);
  return plain ? id : fallback;
}

function toReportRun(run: LoadedRun): ReportRun {
  const isFolder = existsSync(run.source) && statSync(run.source).isDirectory();
  const dir = isFolder ? run.source : null;
  const runId = folderNameOr(run.runJson?.runId, path.basename(run.source));
  // A run without samples.csv (an older bench) is still reported; the notice says what is left out.
  const notices = dir
    ? [csvFileNotice(dir, CONNECTIONS_CSV, ['client', 'worker']), csvFileNotice(dir, SAMPLES_CSV, ['tMs', 'rssBytes'])].filter(
        (line): line is string => line !== null,
      )
    : [];
  return { run, dir, runId, times: dir ? readConnectionTimes(dir) : null, samples: dir ? readSamples(dir) : null, notices };
}

function isMeasured(run: ReportRun): boolean {
  return run.run.summary.status === 'ok' || run.run.summary.status === 'partial';
}

function cellStatus(cell: Pick<ReportCell, 'measured' | 'failures'>): ReportCellStatus {
  if (cell.measured.length === 0) return cell.failures.length > 0 ? 'failed' : 'not run';
  if (cell.failures.length > 0 || cell.measured.some((run) => run.run.summary.status === 'partial')) return 'partial';
  return 'ok';
}

/** Cells in transport order (ws, socketio, sockjs), then variant, then clients. */
function sortCells(cells: ReportCell[]): ReportCell[] {
  const order = (transport: TransportName): number => TRANSPORT_NAMES.indexOf(transport);
  return cells.sort((a, b) => order(a.transport) - order(b.transport) || a.key.localeCompare(b.key, 'en', { numeric: true }));
}

function fromSweep(dir: string): ReportSource {
  const manifest = readSweepManifest(dir);
  const cells = new Map<string, ReportCell>();
  const runs: ReportRun[] = [];
  for (const record of manifest.cells) {
    // sweep.json files from before stacks recorded no stack, profile or mode per cell: the sweep's flags say.
    const mode = record.mode ?? (manifest.runFlags.mode === 'push' ? 'push' : 'echo');
    const setting = settingOf({ stack: record.stack, profile: record.profile });
    const key = cellKey({ ...record, mode, ...setting });
    let cell = cells.get(key);
    if (!cell) {
      cell = {
        key,
        transport: record.transport,
        variant: record.variant,
        clients: record.clients,
        mode,
        setting,
        measured: [],
        failures: [],
        status: 'not run',
      };
      cells.set(key, cell);
    }
    if (record.status === 'pending' || record.status === 'interrupted') continue;
    let run: ReportRun | null = null;
    if (record.runDir !== null) {
      try {
        run = toReportRun(loadRunFile(runFilePath(path.join(dir, record.runDir), RUN_JSON)));
        runs.push(run);
      } catch (error) {
        // A corrupt run.json is refused (exit 2), not shown as a failed cell; a missing one is a failure of the cell.
        if (!(error instanceof BenchError) || error instanceof InvalidFileError) throw error;
        cell.failures.push({ reason: error.message, runDir: path.join(dir, record.runDir) });
        continue;
      }
    }
    if (run && isMeasured(run)) cell.measured.push(run);
    else cell.failures.push({ reason: record.reason ?? 'the run failed', runDir: record.runDir === null ? null : path.join(dir, record.runDir) });
  }
  for (const cell of cells.values()) cell.status = cellStatus(cell);
  return {
    id: folderNameOr(manifest.sweepId, path.basename(path.resolve(dir))),
    kind: 'sweep',
    input: dir,
    runs,
    cells: sortCells([...cells.values()]),
    sweep: manifest,
  };
}

function fromRuns(target: string): ReportSource {
  const loaded = loadRuns(target);
  const runs = loaded.map(toReportRun);
  const byRun = new Map(loaded.map((run, index) => [run, runs[index] as ReportRun]));
  const cells = groupCells(loaded).map((group): ReportCell => {
    const members = group.runs.map((run) => byRun.get(run) as ReportRun);
    const cell: ReportCell = {
      key: group.key,
      transport: group.transport,
      variant: group.variant,
      clients: group.clients,
      mode: group.mode,
      setting: group.setting,
      measured: members.filter(isMeasured),
      failures: members
        .filter((run) => run.run.summary.status === 'failed')
        .map((run) => ({ reason: run.run.summary.reason ?? 'the run failed', runDir: run.dir })),
      status: 'not run',
    };
    cell.status = cellStatus(cell);
    return cell;
  });
  const single = runs.length === 1 ? runs[0] : undefined;
  const folder = statSync(target).isFile() ? path.dirname(target) : target;
  return {
    id: single ? single.runId : path.basename(path.resolve(folder)),
    kind: single ? 'run' : 'runs',
    input: target,
    runs,
    cells: sortCells(cells),
    sweep: null,
  };
}

/** Reads a run folder, a folder of runs, a sweep folder or a run.json. ConfigError names the path when it holds none. */
export function loadReportSource(target: string): ReportSource {
  if (existsSync(target) && statSync(target).isDirectory() && isSweepDir(target)) return fromSweep(target);
  return fromRuns(target);
}
