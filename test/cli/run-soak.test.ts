/**
 * Soaks against bench's real servers on 127.0.0.1: --churn keeps the server's count of clients
 * while new clients come and go, --heap-snapshots names what a planted leak (--inject-leak-kb)
 * keeps and nothing of the kind without it, and --slow-readers leaves the echoes to clients that
 * stopped reading in the server until its heartbeat drops them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshDir, onlyRunDir, readJson, runCli } from '../helpers/cli.js';
import { reportOf } from '../helpers/report-fixtures.js';
import type { RunSummary } from '../../bench/summary/run-summary-types.js';

async function run(args: string[]): Promise<{ code: number | null; stderr: string; summary: RunSummary; dir: string }> {
  const cwd = freshDir();
  const result = await runCli(['run', '--quiet', ...args], { cwd, timeoutMs: 120_000 });
  const dir = onlyRunDir(path.join(cwd, 'results'));
  return { code: result.code, stderr: result.stderr, summary: readJson<{ summary: RunSummary }>(path.join(dir, 'run.json')).summary, dir };
}

/** The rows of a CSV file of the run folder, as objects of strings. */
function csvRows(file: string): Array<Record<string, string>> {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const names = (header as string).split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((value, index) => [names[index], value])));
}

const SOAK = ['-c', '60', '--messages-per-second', '2', '--payload-bytes', '2048', '--duration', '8', '--churn', '50%/2s', '--heap-snapshots'];

describe('soak', () => {
  it.each(['ws', 'socketio', 'sockjs'])(
    '%s: churn replaces clients while the server keeps its count, and every message of the rest comes back',
    async (transport) => {
      const { code, stderr, summary, dir } = await run(['-t', transport, '-c', '40', '--messages-per-second', '2', '--duration', '5', '--churn', '50%/2s']);
      expect(code, stderr).toBe(0);
      const churn = summary.churn as NonNullable<RunSummary['churn']>;
      // 40 clients, half of them every 2 s, for 5 s: one leave every 100 ms, about 50 over the run.
      expect(churn.arrived).toBeGreaterThan(20);
      expect(churn.failed).toBe(0);
      const rows = csvRows(path.join(dir, 'churn.csv'));
      expect(rows).toHaveLength(churn.arrived + churn.failed);
      // New ids, after the run's own, never repeated.
      expect(new Set(rows.map((row) => row.client)).size).toBe(rows.length);
      expect(rows.every((row) => Number(row.client) >= 40)).toBe(true);
      expect(summary.connected).toBe(40);
      expect(summary.dropped).toBe(0);
      // The server never held more than the clients plus the one or two arriving before the one they replace has gone.
      const samples = csvRows(path.join(dir, 'samples.csv')).filter((row) => row.phase === 'hold' && row.connections !== '');
      expect(Math.max(...samples.map((row) => Number(row.connections)))).toBeLessThanOrEqual(42);
      expect(summary.steadyTraffic?.lost).toBe(0);
      expect(summary.memoryTrend?.churnedPerHour).toBeGreaterThan(0);
    },
  );

  it('a planted leak is named by the heap snapshots, with what holds it; the same run without it names nothing of the kind', async () => {
    const [leaking, clean] = await Promise.all([run(['-t', 'ws', ...SOAK, '--inject-leak-kb', '64']), run(['-t', 'ws', ...SOAK])]);
    for (const { code, stderr } of [leaking, clean]) expect(code, stderr).toBe(0);
    const growth = leaking.summary.heapGrowth as NonNullable<RunSummary['heapGrowth']>;
    expect(growth.error).toBeNull();
    expect(growth.snapshots.map((snapshot) => snapshot.file)).toEqual(['heap-1.heapsnapshot', 'heap-2.heapsnapshot']);
    const planted = growth.grown.find((entry) => entry.constructor === 'PlantedLeak');
    // One PlantedLeak per connection accepted between the snapshots: every arrival of churn in that time.
    expect(planted?.countAfter).toBeGreaterThan(planted?.countBefore as number);
    expect(planted?.newObjects).toBe((planted?.countAfter as number) - (planted?.countBefore as number));
    // The bytes it keeps are arrays of numbers: the chain from them leads through PlantedLeak to the module's list.
    const largest = growth.grown[0];
    expect(largest?.retainerChain).toContain('PlantedLeak.held');
    expect(largest?.retainerChain.some((step) => step.endsWith('.plantedLeaks'))).toBe(true);
    // The verdict is there; on an 8 s hold, with two snapshots stopping the server, too short to be more than cannot tell.
    expect(leaking.summary.memoryTrend?.method).toBe('mser5-warmup+kvb-bartlett-slope');
    const cleanGrowth = clean.summary.heapGrowth as NonNullable<RunSummary['heapGrowth']>;
    expect(cleanGrowth.error).toBeNull();
    expect(cleanGrowth.grown.some((entry) => entry.constructor === 'PlantedLeak')).toBe(false);
    expect(cleanGrowth.grown.flatMap((entry) => entry.retainerChain).includes('PlantedLeak.held')).toBe(false);
    // The report's Memory over time section tables the soak: its churn, its verdicts and what grew.
    const report = await reportOf(leaking.dir);
    const html = readFileSync(path.join(report.dir, 'index.html'), 'utf8');
    expect(html).toContain('<section id="memory">');
    expect(html).toContain(`<td>${(leaking.summary.churn as NonNullable<RunSummary['churn']>).left}</td>`);
    expect(html).toContain('PlantedLeak.held');
  });

  it.each(['ws', 'socketio'])('%s: slow readers are held in the server until its heartbeat drops them; the others keep every echo', async (transport) => {
    const { code, stderr, summary } = await run([
      '-t',
      transport,
      '-c',
      '40',
      '--messages-per-second',
      '10',
      '--payload-bytes',
      '2048',
      '--duration',
      '8',
      '--slow-readers',
      '10%',
      '--ping-interval',
      '2000',
      '--ping-timeout',
      '2000',
    ]);
    // The server dropped the slow readers: a partial run, not a broken one.
    expect(code, stderr).toBe(1);
    const slow = summary.slowReaders as NonNullable<RunSummary['slowReaders']>;
    expect(slow.clients).toBe(4);
    expect(slow.paused).toBe(4);
    expect(slow.sent).toBeGreaterThan(0);
    expect(slow.serverConnectionsAtStart).toBe(40);
    // The 4 slow readers at least; a reader the busy machine stalled past the heartbeat's timeout as well.
    expect(slow.serverConnectionsLowest).toBeLessThanOrEqual(36);
    expect(slow.firstDropSeconds).not.toBeNull();
    const traffic = summary.steadyTraffic as NonNullable<RunSummary['steadyTraffic']>;
    // The 36 that read had their echoes back (but for one such stalled reader's).
    expect(traffic.received).toBeGreaterThan(0.9 * traffic.sent);
    expect(traffic.sent).toBeGreaterThan(36 * 10 * 6);
  });
});
