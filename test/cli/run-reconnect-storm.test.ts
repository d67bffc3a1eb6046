/**
 * A reconnect storm on real sockets: the server is killed and restarted on its port under
 * connected clients of each transport, every client reconnects with its library's mechanism (or
 * the drivers' back-off loop), and the figures agree with the per-client rows.
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { freshDir, onlyRunDir, readCsv, readJson, runCli } from '../helpers/cli.js';
import type { RunSummary } from '../../bench/summary/run-summary-types.js';
import { TRANSPORT_NAMES } from '../../protocol/transports.js';

const CLIENTS = 60;

/** The parts of a finished run.json these tests read. */
interface FinishedRun {
  summary: RunSummary;
  server: { pid: number } | null;
  config: Record<string, unknown>;
}

async function storm(transport: string, extra: string[] = []): Promise<{ run: FinishedRun; summary: RunSummary; rows: Array<Record<string, string>> }> {
  const cwd = freshDir();
  const result = await runCli(['run', '-t', transport, '-c', String(CLIENTS), '--hold', '2', '--restart-server-at', '500ms', '--quiet', '--json', ...extra], {
    cwd,
    timeoutMs: 90_000,
  });
  expect(result.code, `${result.stderr}${result.stdout}`).toBe(0);
  const dir = onlyRunDir(path.join(cwd, 'results'));
  const run = readJson<FinishedRun>(path.join(dir, 'run.json'));
  return { run, summary: run.summary, rows: readCsv(path.join(dir, 'reconnects.csv')) };
}

describe('bench run --restart-server-at', () => {
  it.each(TRANSPORT_NAMES)('%s: every client comes back to the restarted server, and the figures agree with the rows', async (transport) => {
    const { run, summary, rows } = await storm(transport);
    expect(summary.status).toBe('ok');
    const reconnection = summary.reconnection;
    expect(reconnection).toMatchObject({ clientsDropped: CLIENTS, clientsBack: CLIENTS, neverBack: 0, timeBackFrom: 'kill' });
    // Every client needed at least one attempt; the total is the sum of the rows.
    expect(rows).toHaveLength(CLIENTS);
    for (const row of rows) {
      expect(Number(row.drops)).toBeGreaterThanOrEqual(1);
      expect(Number(row.attempts)).toBeGreaterThanOrEqual(1);
      expect(row.openAtClose).toBe('true');
      // Back after the kill, and after the client noticed its drop.
      expect(Number(row.timeBackMs)).toBeGreaterThan(0);
      expect(Number(row.lastBackMs)).toBeGreaterThan(Number(row.firstDropMs));
    }
    expect(reconnection?.attemptsTotal).toBe(rows.reduce((sum, row) => sum + Number(row.attempts), 0));
    const { p50, p99, p100 } = reconnection?.timeBackMs ?? {};
    expect(p50).not.toBeNull();
    expect(p50 as number).toBeLessThanOrEqual(p99 as number);
    expect(p99 as number).toBeLessThanOrEqual(p100 as number);
    expect(p100 as number).toBeCloseTo(Math.max(...rows.map((row) => Number(row.timeBackMs))), 2);
    // The sampler followed the server to its new process: two pids, the second the one run.json names.
    const stormFigures = summary.storm;
    expect(stormFigures?.sampledServerPids).toHaveLength(2);
    expect(new Set(stormFigures?.sampledServerPids).size).toBe(2);
    expect(stormFigures?.sampledServerPids[1]).toBe(run.server?.pid);
    expect(stormFigures?.server.samples).toBeGreaterThan(0);
    expect(stormFigures?.killedAtMs).toBeGreaterThanOrEqual(500);
  });

  it('back-off on vs off (--reconnect-delay 0), side by side: without back-off clients try more often', async () => {
    const [withBackoff, without] = await Promise.all([storm('ws'), storm('ws', ['--reconnect-delay', '0'])]);
    expect(withBackoff.summary.reconnection?.settings.delayMs).toBe(1000);
    expect(without.summary.reconnection?.settings.delayMs).toBe(0);
    expect(without.summary.reconnection?.clientsBack).toBe(CLIENTS);
    // Immediate retries hammer the port while the server is down; back-off waits 0.5 to 1.5 s before its first.
    expect(without.summary.reconnection?.attemptsTotal as number).toBeGreaterThan(withBackoff.summary.reconnection?.attemptsTotal as number);
  });

  it('a run without the flag records no reconnection: no reconnects.csv, null fields', async () => {
    const cwd = freshDir();
    const result = await runCli(['run', '-t', 'ws', '-c', '5', '--hold', '0', '--quiet'], { cwd, timeoutMs: 60_000 });
    expect(result.code, result.stderr).toBe(0);
    const dir = onlyRunDir(path.join(cwd, 'results'));
    expect(existsSync(path.join(dir, 'reconnects.csv'))).toBe(false);
    const run = readJson<FinishedRun>(path.join(dir, 'run.json'));
    expect(run.summary).toMatchObject({ reconnection: null, storm: null, idle: null });
    expect(run.config).toMatchObject({ reconnect: null, restartServerAtMs: null, heartbeat: null });
  });
});
