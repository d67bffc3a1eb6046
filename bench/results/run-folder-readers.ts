/** Reads a run folder's files back (its CSV files, histograms.json and step-histograms.json), each by its entry in the registry (run-folder.ts): for bench merge, the report and scripts. */
import type { ClientErrorCode } from '../../protocol/messages.js';
import type { TransportName } from '../../protocol/transports.js';
import { existsSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import { countMisshapenRows, readCsvFile } from './csv-reader.js';
import type { ConnectionRow, ReconnectCsvRow, SamplePhase, ServerProcessRow, SteadyHistograms } from './file-rows.js';
import {
  BROADCAST_CSV,
  CONNECTIONS_CSV,
  RECONNECTS_CSV,
  runFilePath,
  SAMPLES_CSV,
  SCENARIO_CLIENTS_CSV,
  SERVER_PROCESSES_CSV,
  STEADY_HISTOGRAMS_JSON,
  type RunFolderFile,
} from './run-folder.js';
import { readJsonFile } from './run-json.js';
import type { ScenarioClientEnd, ScenarioClientRow } from '../../protocol/scenario.js';

function numberOrNull(text: string | undefined): number | null {
  if (text === undefined || text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** The rows of `file` in `runDir` that `parse` can read (it returns null for an incomplete row); null when the run folder has no such file. */
function readRows<T>(runDir: string, file: RunFolderFile, parse: (row: Record<string, string>) => T | null): T[] | null {
  const rows = readCsvFile(runFilePath(runDir, file));
  if (rows === null) return null;
  return rows.flatMap((row) => {
    const parsed = parse(row);
    return parsed === null ? [] : [parsed];
  });
}

/** Every row of connections.csv in `runDir`, as the run wrote it; null when the run folder has no such file. */
export function readConnectionRows(runDir: string): ConnectionRow[] | null {
  return readRows(runDir, CONNECTIONS_CSV, (record) => ({
    client: Number(record.client),
    worker: Number(record.worker),
    transport: record.transport as TransportName,
    queuedMs: numberOrNull(record.queuedMs),
    connectMs: numberOrNull(record.connectMs),
    firstMessageMs: numberOrNull(record.firstMessageMs),
    error: record.error === undefined || record.error === '' ? null : (record.error as ClientErrorCode),
  }));
}

/** The times of the clients that connected, each sorted ascending, in ms. */
export interface ConnectionTimes {
  connectMs: Float64Array;
  firstMessageMs: Float64Array;
  queuedMs: Float64Array;
}

/** Times from connections.csv in `runDir`; null when the run folder has no such file. */
export function readConnectionTimes(runDir: string): ConnectionTimes | null {
  const rows = readCsvFile(runFilePath(runDir, CONNECTIONS_CSV));
  if (rows === null) return null;
  const column = (name: string): Float64Array =>
    Float64Array.from(rows.map((row) => numberOrNull(row[name])).filter((value): value is number => value !== null)).sort();
  return { connectMs: column('connectMs'), firstMessageMs: column('firstMessageMs'), queuedMs: column('queuedMs') };
}

/** One server sample read back from samples.csv. */
export interface SamplePoint {
  /** Since the server reported listening, in ms. */
  tMs: number;
  connections: number | null;
  rssBytes: number;
  /** Empty in files written before the column existed. */
  cpuTimeMs: number | null;
  phase: string;
}

/** Samples from samples.csv in `runDir`; null when the run folder has no such file. */
export function readSamples(runDir: string): SamplePoint[] | null {
  return readRows(runDir, SAMPLES_CSV, (row) => {
    const tMs = numberOrNull(row.tMs);
    const rssBytes = numberOrNull(row.rssBytes);
    return tMs === null || rssBytes === null
      ? null
      : { tMs, connections: numberOrNull(row.connections), rssBytes, cpuTimeMs: numberOrNull(row.cpuTimeMs), phase: row.phase ?? '' };
  });
}

/** Rows of server-processes.csv in `runDir` (--server-cmd, --server-pid); null when the run folder has no such file. */
export function readServerProcesses(runDir: string): ServerProcessRow[] | null {
  return readRows(runDir, SERVER_PROCESSES_CSV, (row) => {
    const tMs = numberOrNull(row.tMs);
    const pid = numberOrNull(row.pid);
    const rssBytes = numberOrNull(row.rssBytes);
    if (tMs === null || pid === null || rssBytes === null) return null;
    return {
      tMs,
      pid,
      ppid: numberOrNull(row.ppid) ?? 0,
      command: row.command ?? '',
      rssBytes,
      cpuPercent: numberOrNull(row.cpuPercent) ?? 0,
      cpuTimeMs: numberOrNull(row.cpuTimeMs) ?? 0,
      phase: (row.phase ?? '') as SamplePhase,
    };
  });
}

/** One row of broadcast.csv: room messages published and delivered in one wall-clock second. */
export interface BroadcastSecond {
  /** Seconds since the first row (the second of the first publish). */
  second: number;
  published: number;
  delivered: number;
}

/** Rows of broadcast.csv in `runDir` (--mode broadcast); null when the run folder has no such file. */
export function readBroadcastSeconds(runDir: string): BroadcastSecond[] | null {
  return readRows(runDir, BROADCAST_CSV, (row) => {
    const second = numberOrNull(row.second);
    const published = numberOrNull(row.published);
    const delivered = numberOrNull(row.delivered);
    return second === null || published === null || delivered === null ? null : { second, published, delivered };
  });
}

/** Rows of reconnects.csv in `runDir`, as the run wrote them (rows without a client id left out); null when the run folder has no such file. */
export function readReconnectRows(runDir: string): ReconnectCsvRow[] | null {
  return readRows(runDir, RECONNECTS_CSV, (row) => {
    const client = numberOrNull(row.client);
    if (client === null) return null;
    return {
      client,
      worker: numberOrNull(row.worker) ?? -1,
      drops: numberOrNull(row.drops) ?? 0,
      attempts: numberOrNull(row.attempts) ?? 0,
      firstDropMs: numberOrNull(row.firstDropMs),
      lastBackMs: numberOrNull(row.lastBackMs),
      timeBackMs: numberOrNull(row.timeBackMs),
      openAtClose: row.openAtClose === 'true',
    };
  });
}

/** What reconnects.csv says of one client's drops, in ms after the hold began. */
export interface ReconnectTimes {
  drops: number;
  firstDropMs: number | null;
  /** Its last return, when it was back (open at close) at the end; null when it never came back. */
  backMs: number | null;
}

/** Rows of reconnects.csv in `runDir` (clients that reconnect), as read by readReconnectRows; null when the run folder has no such file. */
export function readReconnectTimes(runDir: string): ReconnectTimes[] | null {
  return (
    readReconnectRows(runDir)?.map((row) => ({
      drops: row.drops,
      firstDropMs: row.firstDropMs,
      // timeBackMs is empty for a client not open at close, as summary.reconnection counts it.
      backMs: row.timeBackMs === null ? null : row.lastBackMs,
    })) ?? null
  );
}

/** Reads histograms.json of a run folder; ConfigError naming the file when it is missing or not one. */
export function readSteadyHistograms(runDir: string): SteadyHistograms {
  const file = runFilePath(runDir, STEADY_HISTOGRAMS_JSON);
  if (!existsSync(file)) throw new ConfigError(`${file} is missing, so this run's steady traffic cannot be added exactly; run it again with this bench`);
  const value = readJsonFile(file) as Partial<SteadyHistograms> | null;
  if (typeof value?.roundTripMicros !== 'string' || typeof value.sendLagMicros !== 'string') {
    throw new ConfigError(`${file} does not hold roundTripMicros and sendLagMicros histograms`);
  }
  return { roundTripMicros: value.roundTripMicros, sendLagMicros: value.sendLagMicros };
}

const CLIENT_ENDS: readonly string[] = ['run', 'left', 'server'] satisfies ScenarioClientEnd[];

/** Rows of scenario-clients.csv in `runDir` (rows without a client id or a known end left out); null when the run folder has no such file. */
export function readScenarioClientRows(runDir: string): ScenarioClientRow[] | null {
  return readRows(runDir, SCENARIO_CLIENTS_CSV, (row) => {
    const client = numberOrNull(row.client);
    if (client === null || !CLIENT_ENDS.includes(row.end ?? '')) return null;
    return {
      client,
      worker: numberOrNull(row.worker) ?? -1,
      group: row.group ?? '',
      finished: row.finished === 'true',
      timeouts: numberOrNull(row.timeouts) ?? 0,
      failures: numberOrNull(row.failures) ?? 0,
      unexpected: numberOrNull(row.unexpected) ?? 0,
      end: row.end as ScenarioClientEnd,
    };
  });
}

/**
 * One line about a CSV file of `runDir` the report reads, or null when all is well: the file is
 * missing, or N of its rows could not be read (cut, garbled, or a figure that is not a number).
 * `required` are the columns a row cannot be read without.
 */
export function csvFileNotice(runDir: string, file: RunFolderFile, required: readonly string[]): string | null {
  const where = runFilePath(runDir, file);
  const rows = readCsvFile(where);
  if (rows === null) return `${where} is missing; the report leaves out what it holds`;
  const misshapen = countMisshapenRows(where) ?? 0;
  const unreadable = rows.filter((row) => required.some((column) => numberOrNull(row[column]) === null)).length;
  const bad = Math.max(misshapen, unreadable);
  return bad === 0 ? null : `${where}: ${bad} of ${rows.length} rows could not be read and are left out of the report`;
}
