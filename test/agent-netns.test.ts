/**
 * Two hosts on one machine: the agent in one network namespace (the target box), the clients in
 * another (the workstation), joined by a veth pair with private addresses. The test creates and
 * deletes both namespaces itself; without root or `ip netns` it is skipped with the reason.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgentProcess, waitFor, writeTestToken, type AgentProcess } from './helpers/agent.js';
import { CLI, freshDir, onlyRunDir, readCsv, readJson, type CliResult } from './helpers/cli.js';

const tag = String(process.pid % 100_000);
const BOX_NS = `bench-box-${tag}`;
const WORKSTATION_NS = `bench-ws-${tag}`;
const BOX_LINK = `vbb${tag}`;
const WORKSTATION_LINK = `vbw${tag}`;
const SUBNET_OCTET = process.pid % 250;
const BOX_ADDRESS = `10.213.${SUBNET_OCTET}.1`;
const WORKSTATION_ADDRESS = `10.213.${SUBNET_OCTET}.2`;

function ip(args: string[]): { ok: boolean; stderr: string } {
  const result = spawnSync('ip', args, { encoding: 'utf8', timeout: 10_000 });
  return { ok: result.status === 0, stderr: (result.stderr ?? result.error?.message ?? '').trim() };
}

/** Null when namespaces can be made here, else why not. */
function whyNoNamespaces(): string | null {
  if (process.getuid?.() !== 0) return 'not running as root';
  const probe = `bench-probe-${tag}`;
  const added = ip(['netns', 'add', probe]);
  if (!added.ok) return `\`ip netns add\` failed: ${added.stderr || 'no reason given'}`;
  ip(['netns', 'del', probe]);
  return null;
}

const unavailable = whyNoNamespaces();
if (unavailable !== null) console.warn(`skipping the two-host (ip netns) agent test: ${unavailable}`);

function deleteNamespaces(): void {
  // Deleting a namespace deletes the veth end inside it, and with it the pair.
  ip(['netns', 'del', BOX_NS]);
  ip(['netns', 'del', WORKSTATION_NS]);
}

function createNamespaces(): void {
  deleteNamespaces();
  const steps: string[][] = [
    ['netns', 'add', BOX_NS],
    ['netns', 'add', WORKSTATION_NS],
    ['link', 'add', BOX_LINK, 'type', 'veth', 'peer', 'name', WORKSTATION_LINK],
    ['link', 'set', BOX_LINK, 'netns', BOX_NS],
    ['link', 'set', WORKSTATION_LINK, 'netns', WORKSTATION_NS],
    ['-n', BOX_NS, 'addr', 'add', `${BOX_ADDRESS}/30`, 'dev', BOX_LINK],
    ['-n', WORKSTATION_NS, 'addr', 'add', `${WORKSTATION_ADDRESS}/30`, 'dev', WORKSTATION_LINK],
    ['-n', BOX_NS, 'link', 'set', 'lo', 'up'],
    ['-n', WORKSTATION_NS, 'link', 'set', 'lo', 'up'],
    ['-n', BOX_NS, 'link', 'set', BOX_LINK, 'up'],
    ['-n', WORKSTATION_NS, 'link', 'set', WORKSTATION_LINK, 'up'],
  ];
  for (const step of steps) {
    const result = ip(step);
    if (!result.ok) throw new Error(`ip ${step.join(' ')} failed: ${result.stderr}`);
  }
}

/** Runs `bench <args>` inside the workstation namespace. */
function runInWorkstation(args: string[], cwd: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('ip', ['netns', 'exec', WORKSTATION_NS, process.execPath, CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 100_000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

describe.skipIf(unavailable !== null)('bench agent across two network namespaces', () => {
  let agent: AgentProcess | null = null;
  const token = writeTestToken();

  beforeAll(async () => {
    createNamespaces();
    // Bound to every address of the box namespace: the URL it hands out must still be reachable.
    agent = await startAgentProcess(['--host', '0.0.0.0', '--port', '0', '--token-file', token.file], {
      prefix: ['ip', 'netns', 'exec', BOX_NS],
    });
  });

  afterAll(async () => {
    await agent?.stop();
    deleteNamespaces();
  });

  it('runs socketio clients in the workstation namespace against a server the agent starts in the box namespace', async () => {
    const running = agent as AgentProcess;
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
    const fromWorkstation = new RegExp(`started a socketio server pid \\d+ at http://${BOX_ADDRESS.replace(/\./g, '\\.')}:\\d+ for ${WORKSTATION_ADDRESS.replace(/\./g, '\\.')}:\\d+`);
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
