/** `bench run` end to end: real server process, real worker processes, real sockets on 127.0.0.1. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { FIXTURES, freshDir, onlyRunDir, readCsv, readJson, runCli } from '../helpers/cli.js';
import type { RunSummary } from '../../bench/summary/run-summary-types.js';

describe.each(['ws', 'socketio', 'sockjs'])('bench run --transport %s', (transport) => {
  it('connects 200 clients over 2 workers and writes every file', async () => {
    const cwd = freshDir();
    const result = await runCli(['run', '--transport', transport, '--clients', '200', '--workers', '2', '--hold', '1', '--json', '--quiet'], { cwd });
    expect(result.stderr).toContain(`${transport}`);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as RunSummary;
    expect(summary.status).toBe('ok');
    expect(summary.connected).toBe(200);
    expect(summary.failed).toBe(0);
    expect(summary.connectMs?.p50).toBeGreaterThan(0);
    expect(summary.server?.steadyRssBytes).toBeGreaterThan(0);

    const runDir = onlyRunDir(path.join(cwd, 'results'));
    const rows = readCsv(path.join(runDir, 'connections.csv'));
    expect(rows).toHaveLength(200);
    expect(new Set(rows.map((row) => row.client)).size).toBe(200);
    expect(new Set(rows.map((row) => row.worker))).toEqual(new Set(['0', '1']));
    for (const row of rows) {
      expect(Number.isFinite(Number.parseFloat(row.connectMs ?? ''))).toBe(true);
      expect(Number.isFinite(Number.parseFloat(row.firstMessageMs ?? ''))).toBe(true);
      expect(row.error).toBe('');
    }
    const samples = readCsv(path.join(runDir, 'samples.csv'));
    expect(samples.length).toBeGreaterThan(0);
    expect(samples.some((sample) => Number(sample.rssBytes) > 0)).toBe(true);
    expect(samples.some((sample) => sample.phase === 'hold' && Number(sample.connections) === 200)).toBe(true);

    const runJson = readJson<{
      schemaVersion: number;
      status: string;
      config: { transport: string };
      environment: Record<string, unknown>;
      summary: RunSummary;
    }>(path.join(runDir, 'run.json'));
    expect(runJson.schemaVersion).toBe(1);
    expect(runJson.status).toBe('ok');
    expect(runJson.summary).toEqual(summary);
    expect(runJson.environment).toMatchObject({ nodeVersion: process.version });
    expect(Object.keys(runJson.environment)).toEqual(
      expect.arrayContaining(['packages', 'os', 'cpu', 'memoryBytes', 'fileLimit', 'ephemeralPortRange', 'gitCommit']),
    );
  });
});

describe('bench run', () => {
  it('splits 7 clients over 3 workers exactly', async () => {
    const cwd = freshDir();
    const result = await runCli(['run', '-t', 'ws', '-c', '7', '-w', '3', '--hold', '0', '--json', '--quiet'], { cwd });
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as RunSummary;
    expect(summary.connected).toBe(7);
    const rows = readCsv(path.join(onlyRunDir(path.join(cwd, 'results')), 'connections.csv'));
    const perWorker = new Map<string, number>();
    for (const row of rows) perWorker.set(row.worker ?? '', (perWorker.get(row.worker ?? '') ?? 0) + 1);
    expect([...perWorker.values()].sort()).toEqual([2, 2, 3]);
    expect(rows.map((row) => Number(row.client)).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('records variants in the summary and run.json', async () => {
    const cwd = freshDir();
    const result = await runCli(
      ['run', '-t', 'socketio', '-c', '20', '--socketio-transports', 'polling,websocket', '--per-message-deflate', '--hold', '0', '--json', '--quiet'],
      { cwd },
    );
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as RunSummary;
    expect(summary.connected).toBe(20);
    expect(summary.variant).toEqual({ socketioTransports: ['polling', 'websocket'], sockjsTransports: ['websocket'], perMessageDeflate: true });
  });

  describe('against a server that accepts but never echoes', () => {
    let silent: WebSocketServer;
    let port = 0;
    beforeAll(async () => {
      silent = new WebSocketServer({ host: '127.0.0.1', port: 0 });
      await new Promise<void>((resolve) => silent.once('listening', () => resolve()));
      port = (silent.address() as { port: number }).port;
    });
    afterAll(() => new Promise<void>((resolve) => silent.close(() => resolve())));

    it('ends each client with timeout and the run as partial, soon after the timeout', async () => {
      const cwd = freshDir();
      const result = await runCli(
        ['run', '-t', 'ws', '-c', '10', '-w', '2', '--target', `ws://127.0.0.1:${port}/`, '--connect-timeout', '1', '--hold', '0', '--json', '--quiet'],
        { cwd },
      );
      expect(result.code).toBe(1);
      const summary = JSON.parse(result.stdout) as RunSummary;
      expect(summary.status).toBe('partial');
      expect(summary.reason).toContain('timeout');
      expect(summary.errors).toEqual({ timeout: 10 });
      expect(summary.server).toBeNull();
      expect(result.stderr).toContain('server memory: not measured');
      // The timeout is 1 s; the margin covers process start-up on a loaded machine, not measurement.
      expect(summary.wallMs).toBeLessThan(1000 + 20_000);
      const rows = readCsv(path.join(onlyRunDir(path.join(cwd, 'results')), 'connections.csv'));
      expect(rows.every((row) => row.error === 'timeout' && row.connectMs === '' && row.firstMessageMs === '')).toBe(true);
    });
  });

  it('reports ECONNREFUSED for a target nobody listens on', async () => {
    const probe = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => probe.once('listening', () => resolve()));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const result = await runCli(['run', '-t', 'ws', '-c', '4', '--target', `ws://127.0.0.1:${port}/`, '--hold', '0', '--json', '--quiet']);
    expect(result.code).toBe(1);
    expect((JSON.parse(result.stdout) as RunSummary).errors).toEqual({ ECONNREFUSED: 4 });
  });

  it('fails with the server stderr when the server exits at start: exit 3, bench broke, nothing measured', async () => {
    const cwd = freshDir();
    const result = await runCli(['run', '-t', 'sockjs', '-c', '5', '--json', '--quiet'], {
      cwd,
      env: { BENCH_SERVER_SCRIPT: path.join(FIXTURES, 'server-exits-at-start.mjs') },
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('sockjs server exited with code 3 before listening');
    expect(result.stderr).toContain('fatal: cannot bind, config is corrupt');
    const summary = JSON.parse(result.stdout) as RunSummary;
    expect(summary.status).toBe('failed');
    const runDir = onlyRunDir(path.join(cwd, 'results'));
    expect(existsSync(path.join(runDir, 'connections.csv'))).toBe(true);
    expect(readJson<{ status: string }>(path.join(runDir, 'run.json')).status).toBe('failed');
  });

  it('fails with a clear message when the server never reports listening: exit 3', async () => {
    const result = await runCli(['run', '-t', 'ws', '-c', '5', '--server-start-timeout', '1', '--quiet'], {
      env: { BENCH_SERVER_SCRIPT: path.join(FIXTURES, 'server-never-listens.mjs') },
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('the ws server did not report listening within 1 s');
    expect(result.stderr).toContain('fixture: waiting forever');
  });
});
