/**
 * The whole sharded path across a real network without Kubernetes: `bench agent` on the target box
 * in one network namespace, three shards in three others, each reaching the box's one address
 * through a bridge. Shard 0 starts the server through the agent and samples it, the others join
 * it; merged into one run whose figures are checked against the rows. The test creates and deletes
 * the namespaces itself; without root or `ip netns` it is skipped with the reason.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHosts, inNamespace, whyNoNamespaces, type NetnsHosts } from '../../scripts/netns-hosts.js';
import { startAgentProcess, writeTestToken, type AgentProcess } from '../helpers/agent.js';
import { freshDir, onlyRunDir, readCsv, readJson, runCli } from '../helpers/cli.js';
import { runShards, unionOfRows } from '../helpers/shards.js';

const tag = String(process.pid % 10_000);
const SHARDS = 3;
const CLIENTS = 600;

const unavailable = whyNoNamespaces(tag);
if (unavailable !== null) console.warn(`skipping the sharded (ip netns) test: ${unavailable}`);

describe.skipIf(unavailable !== null)('three shards in three network namespaces against an agent in a fourth, merged', () => {
  let hosts: NetnsHosts | null = null;
  let agent: AgentProcess | null = null;
  const token = writeTestToken();

  beforeAll(async () => {
    hosts = createHosts(tag, SHARDS, (process.pid % 200) + 20);
    agent = await startAgentProcess(['--host', '0.0.0.0', '--port', '0', '--token-file', token.file], { prefix: inNamespace(hosts.box) });
  });

  afterAll(async () => {
    await agent?.stop();
    hosts?.remove();
  });

  it('gives 3 x 200 rows, one interleaved share per namespace, whose union the merged percentiles are computed from, and the server as shard 0 sampled it', async () => {
    const box = hosts as NetnsHosts;
    const agentUrl = `http://${box.boxAddress}:${new URL((agent as AgentProcess).url).port}`;
    const cwd = freshDir();
    const shards = await runShards({
      count: SHARDS,
      clients: CLIENTS,
      serverArgs: ['--agent', agentUrl, '--token-file', token.file],
      cwd,
      prefixFor: (index) => inNamespace(box.generators[index]?.namespace as string),
    });
    for (const result of shards.results) expect(result.code, result.stderr).toBe(0);
    // Shards 1 and 2 joined the server shard 0 started on the box.
    const servers = shards.runDirs.map((dir) => readJson<{ server: { remote: boolean; joined?: boolean; url: string } }>(path.join(dir, 'run.json')).server);
    expect(servers.map((server) => server.joined === true)).toEqual([false, true, true]);
    expect(new Set(servers.map((server) => server.url)).size).toBe(1);
    expect(servers[0]?.url).toContain(box.boxAddress);

    const merged = await runCli(['merge', ...shards.runDirs, '--out', path.join(cwd, 'merged'), '--max-start-skew', '5000', '--json'], { cwd });
    expect(merged.code, merged.stderr).toBe(0);
    const summary = JSON.parse(merged.stdout) as {
      status: string;
      connected: number;
      connectMs: unknown;
      firstMessageMs: unknown;
      server: { steadyRssBytes: number; bytesPerConnection: number | null } | null;
    };
    const union = unionOfRows(shards.runDirs);
    expect(union.clients).toEqual(Array.from({ length: CLIENTS }, (_, id) => id));
    expect(summary).toMatchObject({ status: 'ok', connected: CLIENTS });
    expect(summary.connectMs).toEqual(union.connectMs);
    expect(summary.firstMessageMs).toEqual(union.firstMessageMs);
    expect(summary.server?.steadyRssBytes).toBeGreaterThan(0);
    expect(summary.server?.bytesPerConnection).not.toBeNull();

    const runDir = onlyRunDir(path.join(cwd, 'merged'));
    expect(readCsv(path.join(runDir, 'connections.csv'))).toHaveLength(CLIENTS);
    // The server's samples are shard 0's, and it saw every shard's clients at once.
    const connections = readCsv(path.join(runDir, 'samples.csv')).map((sample) => Number(sample.connections));
    expect(Math.max(...connections)).toBe(CLIENTS);
    const runJson = readJson<{ mergedFrom: Array<{ index: number; clients: number; connected: number }> }>(path.join(runDir, 'run.json'));
    expect(runJson.mergedFrom.map((shard) => [shard.index, shard.clients, shard.connected])).toEqual([
      [0, 200, 200],
      [1, 200, 200],
      [2, 200, 200],
    ]);
  });
});
