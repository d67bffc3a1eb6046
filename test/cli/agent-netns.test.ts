/**
 * Two hosts on one machine: the agent in one network namespace (the target box), the clients in
 * another (the workstation), joined through a bridge in the box namespace, with private addresses.
 * The test creates and deletes both namespaces itself; without root or `ip netns` it is skipped
 * with the reason.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgentProcess, waitFor, writeTestToken, type AgentProcess } from '../helpers/agent.js';
import { freshDir, onlyRunDir, readCsv, readJson, type CliResult } from '../helpers/cli.js';
import { runCliWithPrefix } from '../helpers/shards.js';
import { createHosts, inNamespace, whyNoNamespaces, type NetnsHosts } from '../../scripts/netns-hosts.js';

let hosts: NetnsHosts | null = null;

const tag = String(process.pid % 10_000);

const unavailable = whyNoNamespaces(tag);
if (unavailable !== null) console.warn(`skipping the two-host (ip netns) agent test: ${unavailable}`);

/** Runs `bench <args>` inside the workstation namespace. */
function runInWorkstation(args: string[], cwd: string): Promise<CliResult> {
  return runCliWithPrefix(inNamespace((hosts as NetnsHosts).generators[0]?.namespace as string), args, cwd);
}

describe.skipIf(unavailable !== null)('bench agent across two network namespaces', () => {
  let agent: AgentProcess | null = null;
  const token = writeTestToken();

  beforeAll(async () => {
    hosts = createHosts(tag, 1, (process.pid % 200) + 20);
    // Bound to every address of the box namespace: the URL it hands out must still be reachable.
    agent = await startAgentProcess(['--host', '0.0.0.0', '--port', '0', '--token-file', token.file], { prefix: inNamespace(hosts.box) });
  });

  afterAll(async () => {
    await agent?.stop();
    hosts?.remove();
  });

  it('runs socketio clients in the workstation namespace against a server the agent starts in the box namespace', async () => {
    const running = agent as AgentProcess;
    const BOX_ADDRESS = (hosts as NetnsHosts).boxAddress;
    const WORKSTATION_ADDRESS = (hosts as NetnsHosts).generators[0]?.address as string;
    expect(running.log()).toContain('bound to 0.0.0.0 instead of 127.0.0.1');
    const port = new URL(running.url).port;
    const agentUrl = `http://${BOX_ADDRESS}:${port}`;
    const cwd = freshDir();
    const result = await runInWorkstation(
      ['run', '--agent', agentUrl, '--token-file', token.file, '-t', 'socketio', '-c', '200', '-w', '2', '--hold', '1', '--json', '--quiet'],
      cwd,
    );
    expect(result.stderr).toContain('socketio');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as { status: string; connected: number; server: { steadyRssBytes: number } | null };
    expect(summary.status).toBe('ok');
    expect(summary.connected).toBe(200);
    expect(summary.server?.steadyRssBytes).toBeGreaterThan(0);

    const runDir = onlyRunDir(path.join(cwd, 'results'));
    const samples = readCsv(path.join(runDir, 'samples.csv'));
    expect(samples.some((sample) => sample.phase === 'hold' && Number(sample.connections) === 200)).toBe(true);
    const runJson = readJson<{ server: { remote: boolean; url: string; agentUrl: string } }>(path.join(runDir, 'run.json'));
    expect(runJson.server.remote).toBe(true);
    expect(runJson.server.agentUrl).toBe(agentUrl);
    // The server bound the wildcard; the agent handed out the address the workstation reached it on.
    expect(runJson.server.url).toMatch(new RegExp(`^http://${BOX_ADDRESS.replace(/\./g, '\\.')}:\\d+$`));
    // The requests came from the other namespace, across the veth pair.
    const fromWorkstation = new RegExp(
      `started a socketio server pid \\d+ at http://${BOX_ADDRESS.replace(/\./g, '\\.')}:\\d+ for ${WORKSTATION_ADDRESS.replace(/\./g, '\\.')}:\\d+`,
    );
    expect(await waitFor(() => fromWorkstation.test(running.log()), 5000)).toBe(true);
  });

  it('is not reachable from the workstation namespace on 127.0.0.1: the split is real', async () => {
    const port = new URL((agent as AgentProcess).url).port;
    const result = await runInWorkstation(
      ['run', '--agent', `http://127.0.0.1:${port}`, '--token-file', token.file, '-t', 'ws', '-c', '5', '--json', '--quiet'],
      freshDir(),
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`cannot reach the agent at http://127.0.0.1:${port}`);
  });
});
