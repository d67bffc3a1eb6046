/** `bench run --repeat` and `bench selftest`, end to end. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshDir, readJson, runCli } from '../helpers/cli.js';
import type { RunSummary } from '../../bench/summary/run-summary-types.js';

describe('bench run --repeat', () => {
  it('runs the cell R times in one folder and summarises each figure by median and CI', async () => {
    const cwd = freshDir();
    const result = await runCli(['run', '-t', 'ws', '-c', '30', '--hold', '0', '--repeat', '3', '--json', '--quiet'], { cwd });
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as {
      resultsDir: string;
      runs: Array<{ connected: number; connectMs: { p50: number } }>;
      repeat: Record<string, { median: number; ciLow: number; ciHigh: number; n: number } | null>;
    };
    expect(output.runs).toHaveLength(3);
    const p50s = output.runs.map((run) => run.connectMs.p50).sort((a, b) => a - b);
    const stats = output.repeat['connectMs.p50'];
    expect(stats?.n).toBe(3);
    expect(stats?.median).toBe(p50s[1]);
    expect(stats?.ciLow).toBeLessThanOrEqual(stats?.median ?? 0);
    expect(stats?.ciHigh).toBeGreaterThanOrEqual(stats?.median ?? 0);
    expect(output.repeat.connected?.median).toBe(30);
    const repeatJson = readJson<{ kind: string; finished: number; runs: unknown[] }>(path.join(cwd, output.resultsDir, 'repeat.json'));
    expect(repeatJson).toMatchObject({ kind: 'repeat', finished: 3 });
    expect(result.stderr).toContain('over 3 runs (median; low and high: 75% exact interval of the median of 3 runs)');
  });

  it('rejects --repeat 0', async () => {
    const result = await runCli(['run', '-t', 'ws', '-c', '3', '--repeat', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--repeat must be a whole number from 1 to 1000');
  });
});

describe('bench selftest', () => {
  it('prints the figures against a bare client and client memory per transport', async () => {
    const cwd = freshDir();
    const result = await runCli(['selftest', '--clients', '200', '--json', '--quiet'], { cwd });
    expect(result.code).toBe(0);
    const figures = JSON.parse(result.stdout) as {
      roundTrip: { bareP50Ms: number; benchP50Ms: number; ratio: number };
      firstMessage: { bareP50Ms: number; benchP50Ms: number };
      connectRate: { bareConnectionsPerSecond: number; benchConnectionsPerSecond: number; ratio: number };
      clientMemory: Record<
        string,
        { bytesPerConnection: number | null; bareBytesPerConnection: number; ratio: number | null; status: string; wireStatus: string }
      >;
      resultsDir: string;
    };
    expect(figures.roundTrip.bareP50Ms).toBeGreaterThan(0);
    expect(figures.roundTrip.benchP50Ms).toBeGreaterThan(0);
    expect(figures.connectRate.bareConnectionsPerSecond).toBeGreaterThan(0);
    expect(figures.connectRate.benchConnectionsPerSecond).toBeGreaterThan(0);
    expect(Object.keys(figures.clientMemory).sort()).toEqual(['socketio', 'sockjs', 'ws']);
    for (const memory of Object.values(figures.clientMemory)) {
      expect(memory.status).toBe('ok');
      expect(memory.wireStatus).toBe('ok');
      // Each transport's bare library was measured too. At 200 clients the RSS growth is within the
      // noise of the heap's own sizing and may even come out below zero, so only its presence is checked.
      expect(Number.isFinite(memory.bareBytesPerConnection)).toBe(true);
    }
    expect(result.stderr).toMatch(/client memory per connection +bare library +bench +ratio +bench --client wire +ratio/);
    expect(result.stderr).toContain('round trip p50 (1 client)');
    // The bench runs it made are kept, like any run, and its bench figures are theirs: the round trip
    // of the steady-traffic run and the connect rate of a ramp, read back from the files.
    const summaries = readdirSync(path.join(cwd, figures.resultsDir)).map(
      (run) => JSON.parse(readFileSync(path.join(cwd, figures.resultsDir, run, 'run.json'), 'utf8')) as { kind: string; summary: RunSummary },
    );
    expect(summaries.every((runJson) => runJson.kind === 'run')).toBe(true);
    // The wire client's runs are among them, one per transport whose library is not already the wire.
    expect(
      summaries
        .filter((runJson) => runJson.summary.client === 'wire')
        .map((runJson) => runJson.summary.transport)
        .sort(),
    ).toEqual(['socketio', 'sockjs']);
    expect(summaries.map((runJson) => runJson.summary.steadyTraffic?.roundTripMs?.p50)).toContain(figures.roundTrip.benchP50Ms);
    expect(summaries.map((runJson) => runJson.summary.connectionsPerSecond)).toContain(figures.connectRate.benchConnectionsPerSecond);
  });
});

describe('selftest ratio', () => {
  it("is not measured when the bare figure is zero or below, as an RSS growth within the heap's noise can be", async () => {
    const { ratio } = await import('../../bench/selftest/selftest.js');
    expect(ratio(7_200, 9_600)).toBe(0.75);
    expect(ratio(7_200, 0)).toBeNull();
    expect(ratio(7_200, -41)).toBeNull();
    expect(ratio(null, 9_600)).toBeNull();
    expect(ratio(7_200, null)).toBeNull();
  });
});
