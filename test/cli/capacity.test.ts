/**
 * `bench capacity` through the real CLI against real servers on 127.0.0.1: bad input exits 2;
 * a server that gives up above a known number of connections is bracketed; a lowered open-file
 * limit and a pinned load generator stop the search, each with its reason named.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CapacityJson } from '../../bench/capacity/capacity-types.js';
import { CLI, expectUsageError, FIXTURES, freshDir, readCsv, runCli } from '../helpers/cli.js';
import { spawn, spawnSync } from 'node:child_process';
import { waitFor } from '../helpers/processes.js';

function onlyCapacityDir(cwd: string): string {
  const entries = readdirSync(path.join(cwd, 'results'));
  expect(entries).toHaveLength(1);
  return path.join(cwd, 'results', entries[0] as string);
}

function readCapacity(dir: string): CapacityJson {
  return JSON.parse(readFileSync(path.join(dir, 'capacity.json'), 'utf8')) as CapacityJson;
}

describe('bench capacity: bad input', () => {
  it.each([
    ['an unknown figure', ['--slo', 'connectMs.p42<500ms'], '--slo: unknown figure "connectMs.p42"'],
    ['an unparsable bound', ['--slo', 'connectMs.p99<soon'], '--slo: cannot read the bound "soon" of connectMs.p99'],
    ['a resolution of 0', ['--resolution', '0%'], '--resolution must be a share of the capacity above 0% and no more than 50%'],
    [
      'a resolution past 50%',
      ['--resolution', '60%'],
      '--resolution must be a share of the capacity above 0% and no more than 50%, such as 5% or 0.05; got "60%"',
    ],
    ['--target, which cannot give a fresh server per probe', ['--target', 'ws://127.0.0.1:1/'], "unknown option '--target'"],
    ['an unknown objective', ['--objective', 'fast'], '--objective must be one of server, burst; got "fast"'],
  ])('%s: exit 2 with one line', async (_name, args, message) => {
    await expectUsageError(['capacity', '-t', 'ws', ...args], message);
  });
});

/** On a shared 2-core machine a worker may count as saturated now and then; these tests are about other stops, so no worker does. */
const NEVER_SATURATED = ['--saturation-cpu', '1000', '--saturation-loop-delay', '60000'];

describe('bench capacity: searches', () => {
  it('brackets a server that gives up above 150 connections, and writes capacity.json and capacity.csv', async () => {
    const cwd = freshDir();
    const result = await runCli(
      [
        'capacity',
        '-t',
        'ws',
        '--objective',
        'burst',
        '--start-clients',
        '50',
        '--repeat',
        '1',
        '--hold',
        '1',
        '--resolution',
        '20%',
        '--concurrency',
        '50',
        ...NEVER_SATURATED,
      ],
      {
        cwd,
        env: {
          BENCH_SERVER_SCRIPT: path.join(FIXTURES, 'server-gives-up-under-load.mjs'),
          BENCH_FIXTURE_FAILING_TRANSPORT: 'ws',
          BENCH_FIXTURE_MAX_CONNECTIONS: '150',
        },
        timeoutMs: 100_000,
      },
    );
    expect(result.code, result.stderr).toBe(0);
    const dir = onlyCapacityDir(cwd);
    const record = readCapacity(dir);
    expect(record.stop?.reason).toBe('resolved');
    const { low, high } = record.bracket;
    // The server exits once it holds more than 150 connections: 150 passes, anything above fails.
    expect(low).not.toBeNull();
    expect(high).not.toBeNull();
    expect(low as number).toBeLessThanOrEqual(150);
    expect(high as number).toBeGreaterThan(150);
    expect((high as number) - (low as number)).toBeLessThanOrEqual(0.2 * (low as number));
    expect(record.capacity).toBe(low);
    // The probes above failed because the server died, not on a figure: no figure to place the knee by.
    expect(record.precision).toBeNull();
    expect(record.probes.map((probe) => probe.clients).slice(0, 3)).toEqual([50, 100, 200]);
    expect(record.probes.find((probe) => probe.clients === 200)).toMatchObject({
      verdict: 'fail',
      reason: expect.stringContaining('the server failed under load'),
    });
    const rows = readCsv(path.join(dir, 'capacity.csv'));
    expect(rows.map((row) => Number(row.clients))).toEqual(record.probes.map((probe) => probe.clients));
    expect(rows[0]).toMatchObject({ verdict: 'pass', connectMsP99Meets: 'true', failedPercentMedian: '0' });
    // Each probe is a repeat folder of fresh runs that bench report and compare can read.
    for (const probe of record.probes) expect(readdirSync(path.join(dir, probe.dir))).toContain('repeat.json');
    expect(result.stderr).toMatch(/probe 2: 100 clients \(grow; so far at least 50 clients; about \d+ s left/);
    expect(result.stderr).toContain(`capacity ${low} clients (${low} to ${high} clients)`);

    // The report of the folder charts each objective against clients, with its bound and the knee.
    const report = await runCli(['report', dir, '--json'], { cwd, timeoutMs: 60_000 });
    expect(report.code, report.stderr).toBe(0);
    const { charts } = JSON.parse(report.stdout) as { charts: string[] };
    expect(charts).toEqual(expect.arrayContaining(['capacity-1', 'capacity-2', 'capacity-3']));
    const reportDir = path.join(cwd, 'reports', path.basename(dir));
    const spec = JSON.parse(readFileSync(path.join(reportDir, 'charts', 'capacity-1.vl.json'), 'utf8')) as {
      layer: Array<{ data: { values: Array<Record<string, number>> } }>;
    };
    expect(spec.layer.map((layer) => layer.data.values[0])).toEqual(expect.arrayContaining([{ bound: 500 }, { capacity: low }]));
  });

  it('at the open-file limit probes the largest count under it, then stops naming the limit', async () => {
    const cwd = freshDir();
    const command = `ulimit -Sn 400 && ulimit -Hn 400 && exec "${process.execPath}" "${CLI}" capacity -t ws --objective burst --start-clients 50 --repeat 1 --hold 0 --concurrency 10 ${NEVER_SATURATED.join(' ')}`;
    const result = spawnSync('/bin/sh', ['-c', command], { cwd, encoding: 'utf8', timeout: 60_000 });
    expect(result.status, result.stderr).toBe(0);
    const record = readCapacity(onlyCapacityDir(cwd));
    // 50 and 100 pass; 200 would cross the limit, so the largest count under it is probed instead.
    const [, , capped] = record.probes;
    expect(record.probes.slice(0, 2).map((probe) => [probe.clients, probe.verdict])).toEqual([
      [50, 'pass'],
      [100, 'pass'],
    ]);
    expect(capped?.clients).toBeGreaterThan(100);
    expect(capped?.clients).toBeLessThan(200);
    expect(capped?.cappedBy).toContain('200 clients would cross it: the open-file limit is 400');
    expect(record.probes).toHaveLength(3);
    expect(record.stop).toMatchObject({ reason: 'hard-limit', message: expect.stringContaining('the open-file limit is 400') });
    expect(record.capacity).toBe(capped?.clients);
    expect(record.bracket).toEqual({ low: capped?.clients, high: null });
    expect(result.stderr).toContain(`the largest count under a hard limit (200 clients would cross it`);
    expect(result.stderr).toContain(
      `stopped (hard-limit): ${capped?.clients} clients, the largest count under it, passed; ${2 * (capped?.clients ?? 0)} clients would cross a hard limit of this machine`,
    );
  });

  it('on a saturated load generator runs the probe again, searches below it, and stops saying the capacity is a lower bound, exit 4', async () => {
    const cwd = freshDir();
    // The pinned workers saturate in every run, at any size: 2 saturates, then 1.
    const result = await runCli(['capacity', '-t', 'ws', '--objective', 'burst', '--start-clients', '2', '--repeat', '1', '--hold', '1'], {
      cwd,
      env: { NODE_OPTIONS: `--import ${path.join(FIXTURES, 'busy-worker-preload.mjs')}` },
      timeoutMs: 90_000,
    });
    expect(result.code, result.stderr).toBe(4);
    const record = readCapacity(onlyCapacityDir(cwd));
    // Each saturated run is replaced once (--repeat 1), at the same unlimited ramp; the search then shrinks below it.
    expect(record.probes.map((probe) => [probe.clients, probe.phase, probe.verdict, probe.runs.length, probe.ratePerSecond])).toEqual([
      [2, 'grow', 'saturated', 2, null],
      [1, 'shrink', 'saturated', 2, null],
    ]);
    expect(record.stop).toMatchObject({
      reason: 'saturated',
      message: expect.stringContaining('no smaller probe passed; 1 clients: the load generator was saturated in 2 of 2 runs'),
    });
    expect(record.stop?.message).toContain('Such a probe is no evidence either way');
    expect(record).toMatchObject({ rateLowerings: [], capacity: null, bracket: { low: null, high: null }, saturatedFrom: 1 });
    expect(result.stderr).toContain('run 2 (extra, at most 3)');
  });

  it('with --rate-lowerings halves the arrival rate after a saturated probe and probes again', async () => {
    const cwd = freshDir();
    const result = await runCli(
      ['capacity', '-t', 'ws', '--objective', 'burst', '--start-clients', '1', '--repeat', '1', '--max-runs', '1', '--hold', '1', '--rate-lowerings', '1'],
      {
        cwd,
        env: { NODE_OPTIONS: `--import ${path.join(FIXTURES, 'busy-worker-preload.mjs')}` },
        timeoutMs: 90_000,
      },
    );
    expect(result.code, result.stderr).toBe(4);
    const record = readCapacity(onlyCapacityDir(cwd));
    expect(record.stop).toMatchObject({ reason: 'saturated', message: expect.stringContaining('the arrival rate was lowered 1 of 1 times, --rate-lowerings') });
    // The first probe ramps unlimited, the second at half the rate the first reached.
    expect(record.probes.map((probe) => [probe.clients, probe.verdict])).toEqual([
      [1, 'saturated'],
      [1, 'saturated'],
    ]);
    expect(record.probes[0]?.ratePerSecond).toBeNull();
    expect(record.rateLowerings).toEqual([{ afterProbe: 1, fromPerSecond: null, toPerSecond: expect.any(Number) }]);
    expect(record.probes[1]?.ratePerSecond).toBe(record.rateLowerings[0]?.toPerSecond);
    expect(record.capacity).toBeNull();
    expect(result.stderr).toContain('the load generator saturated: arrival rate lowered from an unlimited ramp to');
  });

  it('the default objective paces the arrivals, sends steady traffic and judges each probe on its round trip, and says so first', async () => {
    const cwd = freshDir();
    // --rate and --duration given, so only --messages-per-second, --client and --slo are the objective's; one probe of 20 clients.
    const result = await runCli(
      ['capacity', '-t', 'ws', '--start-clients', '20', '--max-clients', '20', '--repeat', '1', '--rate', '200', '--duration', '1', ...NEVER_SATURATED],
      { cwd, timeoutMs: 60_000 },
    );
    expect(result.code, result.stderr).toBe(0);
    const dir = onlyCapacityDir(cwd);
    const record = readCapacity(dir);
    expect(record.config).toMatchObject({
      objective: 'server',
      filledByObjective: {
        runFlags: { messagesPerSecond: '1', client: 'wire' },
        slo: 'steadyTraffic.roundTripMs.p99<100ms,failed<0.1%,dropped<0.1%,steadyTraffic.lost<0.1%',
      },
      workload: { ratePerSecond: 200, messagesPerSecond: 1, durationSeconds: 1, client: 'wire' },
    });
    expect(record.stop?.reason).toBe('max-clients');
    const [probe] = record.probes;
    expect(probe).toMatchObject({ clients: 20, ratePerSecond: 200, verdict: 'pass' });
    expect(probe?.judgements.map((judgement) => judgement.figure)).toEqual(['steadyTraffic.roundTripMs.p99', 'failed', 'dropped', 'steadyTraffic.lost']);
    expect(probe?.judgements[0]?.estimate.median).toBeGreaterThan(0);
    // The filled flags reached the run: its clients sent steady traffic.
    const [runDir] = readdirSync(path.join(dir, probe?.dir as string), { withFileTypes: true }).filter((entry) => entry.isDirectory());
    const run = JSON.parse(readFileSync(path.join(dir, probe?.dir as string, runDir?.name as string, 'run.json'), 'utf8')) as {
      config: { messagesPerSecond: number; ratePerSecond: number };
    };
    expect(run.config).toMatchObject({ messagesPerSecond: 1, ratePerSecond: 200 });
    expect(result.stderr.split('\n').slice(0, 2)).toEqual([
      'capacity of ws (--objective server): 1 message/s per client for 1 s, arrivals 200/s, wire client; meeting steadyTraffic.roundTripMs.p99<100ms, failed<0.1%, dropped<0.1%, steadyTraffic.lost<0.1%',
      '  --objective server filled what was not given: --messages-per-second 1 --client wire --slo steadyTraffic.roundTripMs.p99<100ms,failed<0.1%,dropped<0.1%,steadyTraffic.lost<0.1%',
    ]);
    expect(result.stderr).toContain('ws: capacity 20 clients (at least 20 clients) meeting steadyTraffic.roundTripMs.p99<100ms');
    expect(result.stderr).toContain('clients arriving at 200/s, 1 message/s per client for 1 s');
  });

  it('SIGINT stops the probe in progress, keeps what was found in capacity.json and exits 130', async () => {
    const cwd = freshDir();
    const child = spawn(process.execPath, [CLI, 'capacity', '-t', 'ws', '--start-clients', '20', '--repeat', '1', '--hold', '30', ...NEVER_SATURATED], {
      cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // The first probe holds its 20 connections for 30 s; stop it once its clients are all connected.
    await waitFor(() => /hold: connected 20\/20|probe 1: 20 clients/.test(stderr), 30_000, 'the first probe to start');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    child.kill('SIGINT');
    expect(await exited, stderr).toBe(130);
    const record = readCapacity(onlyCapacityDir(cwd));
    expect(record).toMatchObject({ status: 'done', stop: { reason: 'interrupted' } });
    expect(record.probes).toHaveLength(1);
    expect(record.probes[0]).toMatchObject({ clients: 20, verdict: 'interrupted' });
  });
});
