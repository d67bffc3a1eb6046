/** The union of the shards' connections.csv: every client id of the run exactly once, tallied as one run's rows. */
import path from 'node:path';
import { ConfigError } from '../errors.js';
import type { ClientErrorCode, ConnectionRow } from '../../protocol/messages.js';
import type { TransportName } from '../../protocol/transports.js';
import { readCsvFile } from '../report/result-csv.js';
import { RowTally } from '../run/row-tally.js';
import type { ShardRun } from './shard-set.js';

/** All rows of the run, sorted by client id, and their tally. */
export interface MergedRows {
  rows: ConnectionRow[];
  tally: RowTally;
}

function timeOrNull(text: string | undefined): number | null {
  if (text === undefined || text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

function shardRows(run: ShardRun): ConnectionRow[] {
  const file = path.join(run.dir, 'connections.csv');
  const records = readCsvFile(file);
  if (records === null) throw new ConfigError(`${file} is missing; a shard's folder needs the connections.csv its run wrote`);
  return records.map((record) => ({
    client: Number(record.client),
    worker: Number(record.worker),
    transport: record.transport as TransportName,
    queuedMs: timeOrNull(record.queuedMs),
    connectMs: timeOrNull(record.connectMs),
    firstMessageMs: timeOrNull(record.firstMessageMs),
    error: record.error === undefined || record.error === '' ? null : (record.error as ClientErrorCode),
  }));
}

/** Reads every shard's rows; ConfigError when a client id is out of range or appears twice. */
export function mergeRows(shards: readonly ShardRun[], clients: number): MergedRows {
  const owner = new Int32Array(clients).fill(-1);
  const rows: ConnectionRow[] = [];
  for (const run of shards) {
    for (const row of shardRows(run)) {
      if (!Number.isSafeInteger(row.client) || row.client < 0 || row.client >= clients) {
        throw new ConfigError(`${path.join(run.dir, 'connections.csv')} has client ${row.client}, outside 0 to ${clients - 1}`);
      }
      const earlier = owner[row.client] as number;
      if (earlier !== -1) throw new ConfigError(`client ${row.client} has a row in shard ${earlier} and in shard ${run.shard.index}; merge shards of one run`);
      owner[row.client] = run.shard.index;
      rows.push(row);
    }
  }
  rows.sort((a, b) => a.client - b.client);
  const tally = new RowTally();
  for (const row of rows) tally.add(row);
  return { rows, tally };
}
