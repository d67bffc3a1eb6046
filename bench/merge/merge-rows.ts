/** The union of the shards' connections.csv: every client id of the run exactly once, tallied as one run's rows. */
import { ConfigError } from '../errors.js';
import type { ConnectionRow } from '../../protocol/messages.js';
import { readConnectionRows } from '../results/run-folder-readers.js';
import { CONNECTIONS_CSV, runFilePath } from '../results/run-folder.js';
import { RowTally } from '../summary/row-tally.js';
import type { ShardRun } from './shard-set.js';

/** All rows of the run, sorted by client id, and their tally. */
export interface MergedRows {
  rows: ConnectionRow[];
  tally: RowTally;
}

function shardRows(run: ShardRun): ConnectionRow[] {
  const rows = readConnectionRows(run.dir);
  if (rows === null) throw new ConfigError(`${runFilePath(run.dir, CONNECTIONS_CSV)} is missing; a shard's folder needs the connections.csv its run wrote`);
  return rows;
}

/** Reads every shard's rows; ConfigError when a client id is out of range or appears twice. */
export function mergeRows(shards: readonly ShardRun[], clients: number): MergedRows {
  const owner = new Int32Array(clients).fill(-1);
  const rows: ConnectionRow[] = [];
  for (const run of shards) {
    for (const row of shardRows(run)) {
      if (!Number.isSafeInteger(row.client) || row.client < 0 || row.client >= clients) {
        throw new ConfigError(`${runFilePath(run.dir, CONNECTIONS_CSV)} has client ${row.client}, outside 0 to ${clients - 1}`);
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
