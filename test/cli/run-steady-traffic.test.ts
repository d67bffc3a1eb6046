/** Steady traffic, order and loss, injected delay, and the load generator's self-check. */
import path from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { FIXTURES, freshDir, onlyRunDir, runCli } from '../helpers/cli.js';
import type { RunSummary } from '../../bench/summary/run-summary-types.js';

describe('steady traffic against a server that swaps two echoes and drops one', () => {
  let server: WebSocketServer;
  let url = '';
  beforeAll(async () => {
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    server.on('connection', (socket) => {
      let held: string | null = null;
      socket.on('message', (data) => {
        const text = data.toString();
        const seq = /^s(\d+)\|/.exec(text)?.[1];
        if (seq === undefined) return socket.send(text); // the first message
        if (seq === '2')
          held = text; // held back, sent after 3: a swap
        else if (seq === '5')
          return; // dropped
        else {
          socket.send(text);
          if (seq === '3' && held !== null) socket.send(held);
        }
      });
    });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    url = `ws://127.0.0.1:${(server.address() as { port: number }).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('counts one out-of-order and one lost message per connection', async () => {
    const cwd = freshDir();
    const result = await runCli(
      ['run', '-t', 'ws', '-c', '3', '--target', url, '--messages-per-second', '10', '--duration', '1.5', '--connect-timeout', '2', '--json', '--quiet'],
      { cwd },
    );
    const summary = JSON.parse(result.stdout) as RunSummary;
    expect(summary.connected).toBe(3);
    expect(summary.steadyTraffic?.sent).toBe(45);
    expect(summary.steadyTraffic?.outOfOrder).toBe(3);
    expect(summary.steadyTraffic?.lost).toBe(3);
    expect(summary.steadyTraffic?.received).toBe(42);
    expect(result.stderr).toContain('lost 3, out of order 3');
    expect(existsSync(path.join(onlyRunDir(path.join(cwd, 'results')), 'round-trip.hgrm'))).toBe(true);
  });
});

describe.each(['ws', 'socketio', 'sockjs'])('%s with --inject-delay-ms 20', (transport) => {
  it('reports a first-message p50 of at least 20 ms, and not far above', async () => {
    // Opened one at a time (--rate) so the figure is the echo's, not the load generator's queueing.
    const result = await runCli(['run', '-t', transport, '-c', '20', '--rate', '20', '--inject-delay-ms', '20', '--hold', '0', '--json', '--quiet']);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as RunSummary;
    expect(summary.firstMessageMs?.p50).toBeGreaterThanOrEqual(20);
    // Catches measuring the wrong interval (a connect included, or the delay counted twice), not noise.
    expect(summary.firstMessageMs?.p50).toBeLessThan(20 + 200);
  });
});

describe('steady traffic on each transport', () => {
  it.each(['ws', 'socketio', 'sockjs'])('%s: every message echoed in order, round trips recorded', async (transport) => {
    const cwd = freshDir();
    const result = await runCli(['run', '-t', transport, '-c', '20', '--messages-per-second', '20', '--duration', '1', '--json', '--quiet'], { cwd });
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as RunSummary;
    expect(summary.steadyTraffic?.sent).toBe(400);
    expect(summary.steadyTraffic?.lost).toBe(0);
    expect(summary.steadyTraffic?.outOfOrder).toBe(0);
    const rt = summary.steadyTraffic?.roundTripMs;
    expect(rt?.p50).toBeGreaterThan(0);
    // Every echo went into the merged histogram once: its saved total is the number received.
    const runDir = path.join(cwd, summary.resultsDir);
    expect(readFileSync(path.join(runDir, 'round-trip.hgrm'), 'utf8')).toMatch(/Total count\s*=\s*400\b/);
    // The sender's own lateness is part of each round trip, so it cannot exceed it at p50.
    expect(summary.steadyTraffic?.sendLagMs?.p50).toBeGreaterThanOrEqual(0);
    expect(summary.steadyTraffic?.sendLagMs?.p50).toBeLessThanOrEqual(rt?.p50 ?? 0);
  });
});

describe('load generator self-check', () => {
  it('does not flag a worker that only opened one client (a short interval at ramp end is not judged)', async () => {
    const result = await runCli(['run', '-t', 'ws', '-c', '1', '--hold', '1', '--json', '--quiet']);
    const summary = JSON.parse(result.stdout) as RunSummary;
    expect(summary.loadGenerator.saturated).toBe(false);
  });

  it('flags a run whose workers are pinned with busy work', async () => {
    const result = await runCli(['run', '-t', 'ws', '-c', '20', '--hold', '1', '--json', '--quiet'], {
      env: { NODE_OPTIONS: `--import ${path.join(FIXTURES, 'busy-worker-preload.mjs')}` },
    });
    const summary = JSON.parse(result.stdout) as RunSummary;
    expect(summary.loadGenerator.saturated).toBe(true);
    expect(summary.loadGenerator.maxEventLoopDelayP99Ms).toBeGreaterThanOrEqual(100);
    expect(summary.loadGenerator.note).toContain('include its own queueing');
    expect(result.stderr).toContain('warning: The load generator was saturated');
  });
});
