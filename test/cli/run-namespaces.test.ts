/**
 * bench run --namespaces K against bench's real Socket.IO server on 127.0.0.1: every client joins
 * /ns-0 to /ns-K-1, over one connection (Socket.IO's multiplexing) or one connection each. The
 * server's own count of accepted TCP sockets (idle mode counts them) tells the two apart.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshDir, onlyRunDir, readJson, runCli } from '../helpers/cli.js';
import type { RunSummary } from '../../bench/summary/run-summary-types.js';

async function run(args: string[]): Promise<{ code: number | null; stderr: string; summary: RunSummary }> {
  const cwd = freshDir();
  const result = await runCli(['run', '--quiet', '-t', 'socketio', ...args], { cwd, timeoutMs: 60_000 });
  const dir = onlyRunDir(path.join(cwd, 'results'));
  return { code: result.code, stderr: result.stderr, summary: readJson<{ summary: RunSummary }>(path.join(dir, 'run.json')).summary };
}

describe('--namespaces', () => {
  it.each([
    ['one', 40],
    ['per-namespace', 160],
  ])('4 namespaces over %s connection(s): the server accepts %i TCP sockets for 40 clients, each client counted once', async (connections, sockets) => {
    const { code, stderr, summary } = await run(['-c', '40', '--namespaces', '4', '--namespace-connections', connections, '--mode', 'idle', '--duration', '1']);
    expect(code, stderr).toBe(0);
    expect(summary.namespaces).toEqual({ count: 4, connections });
    expect(summary.connected).toBe(40);
    expect(summary.idle?.connections).toBe(40);
    expect(summary.idle?.serverOpenSockets).toBe(sockets);
  });

  it('echo traffic goes round the namespaces and every message comes back', async () => {
    const { code, stderr, summary } = await run(['-c', '30', '--namespaces', '3', '--messages-per-second', '5', '--hold', '1']);
    expect(code, stderr).toBe(0);
    expect(summary.steadyTraffic?.sent).toBeGreaterThan(0);
    expect(summary.steadyTraffic?.received).toBe(summary.steadyTraffic?.sent);
  });

  it('broadcast: a client joins its room in every namespace, and each room message reaches each member once', async () => {
    const { code, stderr, summary } = await run([
      '-c',
      '30',
      '--namespaces',
      '3',
      '--namespace-connections',
      'per-namespace',
      '--mode',
      'broadcast',
      '--rooms',
      '3',
      '--hold',
      '1.5',
    ]);
    expect(code, stderr).toBe(0);
    expect(summary.broadcast?.expected).toBeGreaterThan(0);
    expect(summary.broadcast?.delivered).toBe(summary.broadcast?.expected);
    expect(summary.broadcast?.duplicates).toBe(0);
  });
});
