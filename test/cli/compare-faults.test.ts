/**
 * bench compare on real runs: an injected echo delay or retained memory (ws, 300 clients) is
 * caught at the default thresholds and named, and `bench run --baseline` compares right after a
 * run. Three alternating runs a side; see compare-aa.test.ts for the set-up.
 */
import { describe, expect, it } from 'vitest';
import { freshDir, runCli } from '../helpers/cli.js';
import { alternateSides, compareSidesCli, RUN } from '../helpers/compare-runs.js';

describe('bench compare on real runs: injected faults', () => {
  it('catches --inject-delay-ms 20 and names firstMessageMs; switching that figure off changes the verdict', async () => {
    const sides = await alternateSides(3, ['--inject-delay-ms', '20']);
    const { result, report } = await compareSidesCli(sides, '--allow-saturated');
    expect(result.code, result.stderr).toBe(1);
    expect(report.regressions.some((regression) => regression.figure.startsWith('firstMessageMs.'))).toBe(true);
    expect(result.stderr).toMatch(/verdict: regression in ws\/websocket\/300: .*latency \([^)]*firstMessageMs\.p/);
    expect(result.stderr).toContain('faults injected: baseline none; current echo delay 20 ms');

    const off = await compareSidesCli(sides, '--allow-saturated', '--threshold', 'firstMessageMs=off');
    expect(off.report.regressions.filter((regression) => regression.figure.startsWith('firstMessageMs.'))).toEqual([]);
  });

  it('catches --inject-retain-kb 256 at 300 clients and names memory', async () => {
    const sides = await alternateSides(3, ['--inject-retain-kb', '256']);
    const { result, report } = await compareSidesCli(sides, '--allow-saturated');
    expect(result.code, result.stderr).toBe(1);
    expect(report.regressions).toEqual(
      expect.arrayContaining([
        { cell: 'ws/websocket/300', figure: 'server.steadyRssBytes', kind: 'memory' },
        { cell: 'ws/websocket/300', figure: 'server.bytesPerConnection', kind: 'memory' },
      ]),
    );
    expect(result.stderr).toMatch(/verdict: regression in ws\/websocket\/300: .*memory \(server\.steadyRssBytes, server\.bytesPerConnection\)/);

    // bench run --baseline compares right after the run, with compare's exit codes and settings.
    const cwd = freshDir();
    const after = await runCli([...RUN, '--inject-retain-kb', '256', '--baseline', sides.baseline, '--allow-saturated', '--json'], { cwd });
    expect(after.stderr).toContain(`bench compare: baseline ${sides.baseline}, current results/`);
    expect(after.code, after.stderr).toBe(1);
    expect(after.stderr).toMatch(/verdict: regression in ws\/websocket\/300: .*memory \(server\.steadyRssBytes/);
    // Thresholds given to bench run reach the comparison: memory switched off, nothing left to flag it.
    const off = await runCli(
      [...RUN, '--inject-retain-kb', '256', '--baseline', sides.baseline, '--allow-saturated', '--threshold', 'memory=off', '--threshold', 'latency=off'],
      { cwd: freshDir() },
    );
    expect(off.code, off.stderr).toBe(0);
    expect(off.stderr).toContain('verdict: no regression');
    expect(off.stderr).not.toMatch(/regression in ws\/websocket\/300: .*memory/);
  });
});
