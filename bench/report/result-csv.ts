/** Reads the CSV files of a run folder back: connections.csv, samples.csv, broadcast.csv and reconnects.csv. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';

/** Splits CSV text into records of cells (RFC 4180: quoted cells may hold commas, quotes and line breaks). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] as string;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        cell += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      record.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index += 1;
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
    } else {
      cell += char;
    }
  }
  if (cell.length > 0 || record.length > 0) {
    record.push(cell);
    records.push(record);
  }
  return records;
}

/** Rows of a CSV file as objects keyed by the header; null when the file does not exist. */
export function readCsvFile(file: string): Array<Record<string, string>> | null {
  if (!existsSync(file)) return null;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map((cells) => Object.fromEntries(header.map((column, index) => [column, cells[index] ?? ''])));
}

function numberOrNull(text: string | undefined): number | null {
  if (text === undefined || text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** The rows of `file` in `runDir` that `parse` can read (it returns null for an incomplete row); null when the run folder has no such file. */
function readRows<T>(runDir: string, file: string, parse: (row: Record<string, string>) => T | null): T[] | null {
  const rows = readCsvFile(path.join(runDir, file));
  if (rows === null) return null;
  return rows.flatMap((row) => {
    const parsed = parse(row);
    return parsed === null ? [] : [parsed];
  });
}

/** The times of the clients that connected, each sorted ascending, in ms. */
export interface ConnectionTimes {
  connectMs: Float64Array;
  firstMessageMs: Float64Array;
  queuedMs: Float64Array;
}

/** Times from connections.csv in `runDir`; null when the run folder has no such file. */
export function readConnectionTimes(runDir: string): ConnectionTimes | null {
  const rows = readCsvFile(path.join(runDir, 'connections.csv'));
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
  phase: string;
}

/** Samples from samples.csv in `runDir`; null when the run folder has no such file. */
export function readSamples(runDir: string): SamplePoint[] | null {
  return readRows(runDir, 'samples.csv', (row) => {
    const tMs = numberOrNull(row.tMs);
    const rssBytes = numberOrNull(row.rssBytes);
    return tMs === null || rssBytes === null ? null : { tMs, connections: numberOrNull(row.connections), rssBytes, phase: row.phase ?? '' };
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
  return readRows(runDir, 'broadcast.csv', (row) => {
    const second = numberOrNull(row.second);
    const published = numberOrNull(row.published);
    const delivered = numberOrNull(row.delivered);
    return second === null || published === null || delivered === null ? null : { second, published, delivered };
  });
}

/** What reconnects.csv says of one client's drops, in ms after the hold began. */
export interface ReconnectTimes {
  drops: number;
  firstDropMs: number | null;
  /** Its last return, when it was back (open at close) at the end; null when it never came back. */
  backMs: number | null;
}

/** Rows of reconnects.csv in `runDir` (clients that reconnect); null when the run folder has no such file. */
export function readReconnectTimes(runDir: string): ReconnectTimes[] | null {
  return readRows(runDir, 'reconnects.csv', (row) => ({
    drops: numberOrNull(row.drops) ?? 0,
    firstDropMs: numberOrNull(row.firstDropMs),
    // timeBackMs is empty for a client not open at close, as summary.reconnection counts it.
    backMs: numberOrNull(row.timeBackMs) === null ? null : numberOrNull(row.lastBackMs),
  }));
}
