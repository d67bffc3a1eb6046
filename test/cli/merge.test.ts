/**
 * bench run --shard and bench merge on 127.0.0.1: three shards against one bench server, merged
 * into one run that compare and report read like any other; incomplete or mismatched sets refused.
 */
import { cpSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientShareOf } from '../../bench/run/client-share.js';
import { freePortBelowEphemeralRange } from '../../bench/run/restart-port.js';
import { freshDir, onlyRunDir, readCsv, readJson, runCli, startLongRunningCli, type LongRunningCli } from '../helpers/cli.js';
import { runShards, unionOfRows, type ShardOutcome } from '../helpers/shards.js';

const CLIENTS = 61;

describe('bench run --shard and bench merge', () => {
  let server: LongRunningCli | null = null;
  let shards: ShardOutcome = { results: [], runDirs: [] };
  const cwd = freshDir();

  beforeAll(async () => {
    server = await startLongRunningCli(['server', '-t', 'ws']);
    shards = await runShards({
      count: 3,
      clients: CLIENTS,
      serverArgs: ['--target', server.url],
      cwd,
      leadMs: 6000,
      args: ['--messages-per-second', '2', '--duration', '1'],
    });
  }, 100_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('each shard opens exactly its interleaved share of the client ids and says which shard it is', () => {
    for (const result of shards.results) expect(result.code, result.stderr).toBe(0);
    shards.runDirs.forEach((dir, index) => {
      const share = clientShareOf({ clients: CLIENTS, shard: { index, count: 3 } });
      const ids = readCsv(path.join(dir, 'connections.csv'))
        .map((row) => Number(row.client))
        .sort((a, b) => a - b);
      expect(ids).toEqual(Array.from({ length: share.clientCount }, (_, k) => index + 3 * k));
      const runJson = readJson<{ shard: { index: number; count: number; startAt: string; rampStartedAt: string }; summary: { clients: number } }>(
        path.join(dir, 'run.json'),
      );
      expect(runJson.shard).toMatchObject({ index, count: 3 });
      expect(runJson.shard.rampStartedAt >= runJson.shard.startAt).toBe(true);
      expect(runJson.summary.clients).toBe(share.clientCount);
      expect(existsSync(path.join(dir, 'histograms.json'))).toBe(true);
    });
  });

  it('merges them into one run whose rows are the union and whose percentiles are those of the union', async () => {
    const out = path.join(cwd, 'merged');
    const result = await runCli(['merge', ...shards.runDirs, '--out', out, '--max-start-skew', '5000', '--json'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as Record<string, unknown>;
    const union = unionOfRows(shards.runDirs);
    expect(union.clients).toEqual(Array.from({ length: CLIENTS }, (_, id) => id));
    expect(summary).toMatchObject({ status: 'ok', clients: CLIENTS, connected: CLIENTS, failed: 0 });
    expect(summary.connectMs).toEqual(union.connectMs);
    expect(summary.firstMessageMs).toEqual(union.firstMessageMs);
    expect(summary.queuedMs).toEqual(union.queuedMs);

    const runDir = onlyRunDir(out);
    const merged = readCsv(path.join(runDir, 'connections.csv'));
    expect(merged.map((row) => Number(row.client))).toEqual(union.clients);
    const runJson = readJson<{
      shard: null;
      summary: { steadyTraffic: { sent: number; received: number; roundTripMs: unknown } };
      mergedFrom: Array<{ index: number; loadGenerator: unknown }>;
    }>(path.join(runDir, 'run.json'));
    expect(runJson.shard).toBeNull();
    expect(runJson.mergedFrom.map((shard) => shard.index)).toEqual([0, 1, 2]);
    for (const shard of runJson.mergedFrom) expect(shard.loadGenerator).toHaveProperty('saturated');
    // Steady traffic: the shards' counters summed, their histograms added.
    const shardTraffic = shards.runDirs.map(
      (dir) => readJson<{ summary: { steadyTraffic: { sent: number } } }>(path.join(dir, 'run.json')).summary.steadyTraffic.sent,
    );
    expect(runJson.summary.steadyTraffic.sent).toBe(shardTraffic.reduce((a, b) => a + b, 0));
    expect(runJson.summary.steadyTraffic.roundTripMs).not.toBeNull();
    expect(existsSync(path.join(runDir, 'round-trip.hgrm'))).toBe(true);

    // compare and report read the merged folder like any other run: a copy of it as the baseline (the
    // folder itself on both sides is refused as a run compared with itself) gives no regression.
    // Whether this busy machine saturated the shards' workers is not what is tested here, so it is judged anyway.
    const copy = path.join(cwd, 'merged-copy');
    cpSync(runDir, copy, { recursive: true });
    const compared = await runCli(['compare', copy, runDir, '--json', '--allow-saturated'], { cwd });
    expect(compared.code, compared.stderr).toBe(0);
    expect((JSON.parse(compared.stdout) as { verdict: string }).verdict).toBe('no regression');
    const reported = await runCli(['report', runDir, '--out', path.join(cwd, 'reports'), '--json'], { cwd });
    expect(reported.code, reported.stderr).toBe(0);
    expect(existsSync((JSON.parse(reported.stdout) as { report: string }).report)).toBe(true);
  });

  it('refuses a missing shard, a shard given twice, shards of another config and shards started too far apart', async () => {
    const [first, second, third] = shards.runDirs as [string, string, string];
    const refuse = async (args: string[], code: number, message: string): Promise<void> => {
      const out = path.join(freshDir(), 'merged');
      const result = await runCli(['merge', ...args, '--out', out], { cwd });
      expect(result.code, result.stderr).toBe(code);
      expect(result.stderr).toContain(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
    };
    await refuse([first, second], 2, 'shard 2/3 is missing');
    await refuse([first, second, second], 2, 'shard 1/3 is given twice');

    // A shard whose ramp began 10 s after the others' (shards started with --start-at begin within
    // milliseconds of each other, so the skew is made, not waited for).
    const late = path.join(freshDir(), 'late');
    cpSync(third, late, { recursive: true });
    const lateFile = path.join(late, 'run.json');
    const lateJson = readJson<{ shard: { rampStartedAt: string } }>(lateFile);
    lateJson.shard.rampStartedAt = new Date(Date.parse(lateJson.shard.rampStartedAt) + 10_000).toISOString();
    writeFileSync(lateFile, JSON.stringify(lateJson));
    await refuse([first, second, late], 4, 'began its ramp');
    rmSync(late, { recursive: true, force: true });

    // A shard of another run: its config says another client count.
    const other = path.join(freshDir(), 'other');
    cpSync(third, other, { recursive: true });
    const runJsonFile = path.join(other, 'run.json');
    const changed = readJson<{ config: { clients: number } }>(runJsonFile);
    changed.config.clients = CLIENTS + 1;
    writeFileSync(runJsonFile, JSON.stringify(changed));
    await refuse([first, second, other], 2, 'ran another config');
    rmSync(other, { recursive: true, force: true });
  });
});

describe('bench merge of shards on the 2020 stack that chose their own workers', () => {
  it('merges shards whose worker reasons differ by their share, and keeps their stack and profile', async () => {
    const cwd = freshDir();
    const server = await startLongRunningCli(['server', '-t', 'ws', '--stack', '2020']);
    try {
      // 10 clients over 3 shards at the profile's 1,000/s: shares of 4, 3 and 3 clients at 400, 300 and 300 per second.
      const shards = await runShards({
        count: 3,
        clients: 10,
        serverArgs: ['--target', server.url, '--profile', 'study-2020'],
        cwd,
        leadMs: 5000,
        workers: null,
      });
      for (const result of shards.results) expect(result.code, result.stderr).toBe(0);
      const reasons = shards.runDirs.map((dir) => readJson<{ config: { workersReason: string } }>(path.join(dir, 'run.json')).config.workersReason);
      expect(new Set(reasons).size).toBeGreaterThan(1);
      const out = path.join(cwd, 'merged');
      const merged = await runCli(['merge', ...shards.runDirs, '--out', out, '--max-start-skew', '5000', '--json'], { cwd });
      expect(merged.code, merged.stderr).toBe(0);
      expect(JSON.parse(merged.stdout)).toMatchObject({ stack: '2020', profile: 'study-2020', clients: 10, connected: 10 });
      const runJson = readJson<{ config: { workersReason: string }; libraries: { stack: string } }>(path.join(onlyRunDir(out), 'run.json'));
      expect(runJson.config.workersReason).toContain('over 3 shards');
      expect(runJson.libraries.stack).toBe('2020');
    } finally {
      await server.stop();
    }
  }, 90_000);
});

describe('bench run --shard usage', () => {
  it('needs --agent or --target, a shard within the count, and a start time with its zone', async () => {
    const check = async (args: string[], message: string, env: NodeJS.ProcessEnv = {}): Promise<void> => {
      const result = await runCli(['run', '-t', 'ws', '-c', '10', ...args], { env, timeoutMs: 20_000 });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(message);
    };
    await check(['--shard', '0/3'], '--shard needs --agent or --target');
    await check(['--shard', '3/3', '--target', 'ws://127.0.0.1:1/'], '--shard (index) must be a whole number from 0 to 2');
    await check(['--shard', '0/3', '--target', 'ws://127.0.0.1:1/', '--start-at', '2026-11-29 06:00'], '--start-at takes an ISO 8601 time with its zone');
    await check(['--target', 'ws://127.0.0.1:1/'], 'BENCH_SHARD_COUNT is not', { JOB_COMPLETION_INDEX: '1' });
    await check(['--target', 'ws://127.0.0.1:1/'], '--shard (index) must be a whole number from 0 to 1', { JOB_COMPLETION_INDEX: '2', BENCH_SHARD_COUNT: '2' });
  });
});

describe('bench merge of shards whose clients reconnected', () => {
  it("recomputes summary.reconnection over every shard's clients and keeps their reconnects.csv rows", async () => {
    const cwd = freshDir();
    // The server is killed and started again on its port under the shards' clients, as a deploy would.
    const port = await freePortBelowEphemeralRange('127.0.0.1');
    let server = await startLongRunningCli(['server', '-t', 'ws', '--port', String(port)]);
    const leadMs = 6000;
    const sharded = runShards({
      count: 2,
      clients: 30,
      serverArgs: ['--target', server.url],
      cwd,
      leadMs,
      args: ['--hold', '4', '--reconnect-delay', '100', '--reconnect-delay-max', '500'],
    });
    await new Promise((resolve) => setTimeout(resolve, leadMs + 1500));
    server.child.kill('SIGKILL');
    await new Promise((resolve) => server.child.once('exit', resolve));
    server = await startLongRunningCli(['server', '-t', 'ws', '--port', String(port)]);
    const { results } = await sharded;
    await server.stop();
    const runDirs = results.map((_, index) => onlyRunDir(path.join(cwd, `shard-${index}`)));
    type Reconnection = {
      clientsDropped: number;
      clientsBack: number;
      neverBack: number;
      attemptsTotal: number;
      timeBackFrom: string;
      timeBackMs: { p100: number | null };
    };
    const shardReconnection = runDirs.map((dir) => readJson<{ summary: { reconnection: Reconnection } }>(path.join(dir, 'run.json')).summary.reconnection);
    for (const reconnection of shardReconnection) expect(reconnection.clientsDropped).toBeGreaterThan(0);

    const out = path.join(cwd, 'merged');
    const merged = await runCli(['merge', ...runDirs, '--out', out, '--max-start-skew', '5000', '--json'], { cwd });
    expect([0, 1]).toContain(merged.code);
    const reconnection = (JSON.parse(merged.stdout) as { reconnection: Reconnection }).reconnection;
    const sum = (pick: (each: Reconnection) => number): number => shardReconnection.reduce((total, each) => total + pick(each), 0);
    expect(reconnection).toMatchObject({
      clientsDropped: sum((each) => each.clientsDropped),
      clientsBack: sum((each) => each.clientsBack),
      neverBack: sum((each) => each.neverBack),
      attemptsTotal: sum((each) => each.attemptsTotal),
      timeBackFrom: 'drop',
    });
    // The last client back over the union is the later of the shards' last.
    const lastBack = shardReconnection.map((each) => each.timeBackMs.p100);
    const expectedLast = lastBack.some((value) => value === null) ? null : Math.max(...(lastBack as number[]));
    if (expectedLast === null) expect(reconnection.timeBackMs.p100).toBeNull();
    else expect(reconnection.timeBackMs.p100).toBeCloseTo(expectedLast, 2);
    const mergedRows = readCsv(path.join(onlyRunDir(out), 'reconnects.csv')).map((row) => Number(row.client));
    const shardRows = runDirs.flatMap((dir) => readCsv(path.join(dir, 'reconnects.csv')).map((row) => Number(row.client))).sort((a, b) => a - b);
    expect(mergedRows).toEqual(shardRows);
    expect(mergedRows).toHaveLength(30);
  }, 60_000);
});
