/**
 * `bench run --server-cmd` and `--server-pid` against the apps of examples/: the user's own server
 * started, connected to the way its clients connect, sampled as a process tree, and left as found.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FinishedRunJson, LocalServerDescription } from '../../bench/results/run-json.js';
import { freshDir, onlyRunDir, PROJECT_ROOT, readCsv, readJson, runCli } from '../helpers/cli.js';
import { killExampleApps, startExampleApp } from '../helpers/example-app.js';
import { isAlive } from '../helpers/processes.js';

const CHAT = ['--server-cmd', 'node examples/chat-server/server.js', '--path', '/chat/socket.io', '--namespace', '/chat', '--auth', '{"token":"{{token}}"}'];
const CONNECT = ['-t', 'socketio', '-c', '30', '-w', '1', '--hold', '1', '--mode', 'connect', '--quiet'];

afterEach(() => killExampleApps());

/** Runs bench in a fresh folder; the run folder and its run.json. */
async function runInFreshDir(args: string[]): Promise<{ code: number | null; stderr: string; runDir: string; runJson: FinishedRunJson }> {
  const cwd = freshDir();
  const result = await runCli(['run', ...args, '-o', path.join(cwd, 'results')], { cwd: PROJECT_ROOT });
  const runDir = onlyRunDir(path.join(cwd, 'results'));
  return { code: result.code, stderr: result.stderr, runDir, runJson: readJson<FinishedRunJson>(path.join(runDir, 'run.json')) };
}

/** Every PID server-processes.csv saw. */
function sampledPids(runDir: string): number[] {
  return [...new Set(readCsv(path.join(runDir, 'server-processes.csv')).map((row) => Number(row.pid)))];
}

describe('bench run --server-cmd', () => {
  it('measures the chat app with its tokens: every client connected, its RSS and CPU per connection, its log kept, nothing left running', async () => {
    const { code, stderr, runDir, runJson } = await runInFreshDir([...CHAT, '--tokens-file', 'examples/chat-server/tokens.txt', ...CONNECT]);
    expect(stderr).toContain('socketio (transports websocket, per-message deflate off): ok');
    expect(code).toBe(0);
    const { summary } = runJson;
    expect(summary).toMatchObject({ mode: 'connect', connected: 30, failed: 0, dropped: 0 });
    expect(summary.firstMessageMs).toBeNull();
    expect(summary.server?.steadyRssBytes).toBeGreaterThan(summary.server?.baselineRssBytes ?? Infinity);
    expect(summary.serverCpu?.cpuMsPerConnection).toBeGreaterThan(0);
    expect(summary.serverProcesses?.some((process) => process.command === 'node')).toBe(true);
    const server = runJson.server as LocalServerDescription;
    expect(server).toMatchObject({ remote: false, command: 'node examples/chat-server/server.js', sampled: 'process-tree' });
    expect(runJson.config.userServer).toEqual({ kind: 'command', command: 'node examples/chat-server/server.js', url: null, stopGraceMs: 5000 });
    expect(readFileSync(path.join(runDir, 'server.log'), 'utf8')).toMatch(/chat-server listening on http:\/\/127\.0\.0\.1:\d+\/chat\/socket\.io/);
    for (const pid of sampledPids(runDir)) expect(isAlive(pid), `process ${pid} of the app`).toBe(false);
  });

  it("fails every client with the app's own refusal when the token is wrong: exit 1", async () => {
    const tokens = path.join(freshDir(), 'wrong.txt');
    writeFileSync(tokens, 'not-a-token\n');
    const { code, runJson } = await runInFreshDir([...CHAT, '--tokens-file', tokens, ...CONNECT]);
    expect(code).toBe(1);
    expect(runJson.summary).toMatchObject({ status: 'partial', connected: 0, failed: 30, errors: { 'connect-error: invalid token': 30 } });
  });

  it('sums every process of a node:cluster app, beside the primary alone', async () => {
    const { code, runDir, runJson } = await runInFreshDir(['--server-cmd', 'node examples/cluster-app/server.js', ...CONNECT]);
    expect(code).toBe(0);
    const processes = runJson.summary.serverProcesses ?? [];
    const nodes = processes.filter((process) => process.command === 'node');
    // The primary and its two workers (and the shell, where it does not exec node).
    expect(nodes.length).toBe(3);
    const primary = nodes.find((process) => nodes.some((other) => other.ppid === process.pid)) as (typeof nodes)[number];
    expect(nodes.filter((process) => process.ppid === primary.pid)).toHaveLength(2);
    expect(runJson.summary.server?.steadyRssBytes).toBeGreaterThan(2 * (primary.steadyRssBytes ?? Infinity));
    for (const pid of sampledPids(runDir)) expect(isAlive(pid)).toBe(false);
  });

  it('a command that exits before it answers fails the run (exit 1) with the last lines of its log', async () => {
    const { code, stderr, runJson } = await runInFreshDir(['--server-cmd', 'echo "Error: Cannot find module ./app.js" >&2; exit 1', ...CONNECT]);
    expect(code).toBe(1);
    expect(runJson.summary).toMatchObject({ status: 'failed', broken: false, connected: 0 });
    expect(stderr).toContain('the server command (--server-cmd) exited with code 1 before it answered at http://127.0.0.1:');
    expect(stderr).toContain('Error: Cannot find module ./app.js');
  });
});

describe('bench run --server-pid', () => {
  it('samples a running app at --target as a process tree and leaves it running', async () => {
    const app = await startExampleApp('cluster-app', {}, /^cluster-app listening on http:\/\/127\.0\.0\.1:(\d+) with \d+ workers$/m);
    const { code, runDir, runJson } = await runInFreshDir(['--target', app.origin, '--server-pid', String(app.pid), ...CONNECT]);
    expect(code).toBe(0);
    expect(runJson.server).toMatchObject({ remote: false, pid: app.pid, sampled: 'process-tree', startedByBench: false });
    expect(runJson.summary.server?.steadyRssBytes).toBeGreaterThan(0);
    expect(sampledPids(runDir)).toHaveLength(3);
    // Not bench's to stop: the app still serves.
    expect(isAlive(app.pid)).toBe(true);
  });
});
