/**
 * The whole sharded path across a real network without Kubernetes: the target box in one network
 * namespace, three shards in three others, each reaching the box's one address through a bridge,
 * merged into one run whose figures are checked against the rows. The test creates and deletes
 * the namespaces itself; without root or `ip netns` it is skipped with the reason.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHosts, inNamespace, whyNoNamespaces, type NetnsHosts } from '../scripts/netns-hosts.js';
import { freshDir, onlyRunDir, readCsv, readJson, runCli, startLongRunningCli, type LongRunningCli } from './helpers/cli.js';
import { runShards, unionOfRows } from './helpers/shards.js';

const tag = String(process.pid % 10_000);
const SHARDS = 3;
const CLIENTS = 600;

const unavailable = whyNoNamespaces(tag);
if (unavailable !== null) console.warn(`skipping the sharded (ip netns) test: ${unavailable}`);

describe.skipIf(unavailable !== null)('three shards in three network namespaces against a box in a fourth, merged', () => {
  let hosts: NetnsHosts | null = null;
  let server: LongRunningCli | null = null;

  beforeAll(async () => {
    hosts = createHosts(tag, SHARDS, (process.pid % 200) + 20);
    server = await startLongRunningCli(['server', '-t', 'ws', '--host', '0.0.0.0', '--port', '0'], { prefix: inNamespace(hosts.box) });
  });

  afterAll(async () => {
    await server?.stop();
    hosts?.remove();
  });

  it('gives 3 x 200 rows, one interleaved share per namespace, whose union the merged percentiles are computed from', async () => {
    const box = hosts as NetnsHosts;
    const port = new URL((server as LongRunningCli).url).port;
    const target = `ws://${box.boxAddress}:${port}/`;
    const cwd = freshDir();
    const shards = await runShards({ count: SHARDS, clients: CLIENTS, target, cwd, prefixFor: (index) => inNamespace(box.generators[index]?.namespace as string) });
    for (const result of shards.results) expect(result.code, result.stderr).toBe(0);

    const merged = await runCli(['merge', ...shards.runDirs, '--out', path.join(cwd, 'merged'), '--max-start-skew', '5000', '--json'], { cwd });
    expect(merged.code, merged.stderr).toBe(0);
    const summary = JSON.parse(merged.stdout) as Record<string, unknown>;
    const union = unionOfRows(shards.runDirs);
    expect(union.clients).toEqual(Array.from({ length: CLIENTS }, (_, id) => id));
    expect(summary).toMatchObject({ status: 'ok', clients: CLIENTS, connected: CLIENTS, failed: 0, target });
    expect(summary.connectMs).toEqual(union.connectMs);
    expect(summary.firstMessageMs).toEqual(union.firstMessageMs);

    const runDir = onlyRunDir(path.join(cwd, 'merged'));
    expect(readCsv(path.join(runDir, 'connections.csv'))).toHaveLength(CLIENTS);
    // Each shard ran on its own host: its environment is kept, and its clients had its own address.
    const runJson = readJson<{ mergedFrom: Array<{ index: number; clients: number; connected: number }> }>(path.join(runDir, 'run.json'));
    expect(runJson.mergedFrom.map((shard) => [shard.index, shard.clients, shard.connected])).toEqual([[0, 200, 200], [1, 200, 200], [2, 200, 200]]);
  });
});
