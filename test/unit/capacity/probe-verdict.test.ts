/** A probe's verdict over its runs, and when it asks for another run. */
import { describe, expect, it } from 'vitest';
import { parseSlo } from '../../../bench/slo/slo.js';
import { judgeProbe, wantsAnotherRun } from '../../../bench/capacity/probe-verdict.js';
import { makeSummary } from '../../helpers/summaries.js';

describe("a probe's verdict", () => {
  const slo = parseSlo('connectMs.p99<500ms,failed<1%');

  it('is decided by the median, so one noisy run does not fail it, and says when the interval crosses the bound', () => {
    const judged = judgeProbe(slo, [makeSummary({ connectMs: 100 }), makeSummary({ connectMs: 400 }), makeSummary({ connectMs: 120 })]);
    expect(judged.verdict).toBe('pass');
    const connect = judged.judgements[0]!;
    expect(connect.estimate).toMatchObject({ median: 240, ciLow: 200, ciHigh: 800, method: 'order-statistic' });
    expect(connect.meets).toBe(true);
    expect(connect.clear).toBe(false);
  });

  it('fails on a median past a bound, naming it', () => {
    const judged = judgeProbe(slo, [makeSummary({ connectMs: 300 }), makeSummary({ connectMs: 400 }), makeSummary({ connectMs: 120 })]);
    expect(judged.verdict).toBe('fail');
    expect(judged.reason).toContain('connectMs.p99 median 600 misses connectMs.p99<500ms');
  });

  it('fails when the server died, and is no evidence when fewer than --repeat runs kept up or one broke', () => {
    expect(judgeProbe(slo, [makeSummary(), makeSummary({ runFailed: true })]).verdict).toBe('fail');
    expect(judgeProbe(slo, [makeSummary({ saturated: true }), makeSummary(), makeSummary()], 3).verdict).toBe('saturated');
    expect(judgeProbe(slo, [makeSummary({ broken: true })]).verdict).toBe('broken');
  });

  it('leaves a saturated run out: the runs that kept up decide, by their median', () => {
    const judged = judgeProbe(
      slo,
      [makeSummary({ connectMs: 900, saturated: true }), makeSummary({ connectMs: 100 }), makeSummary({ connectMs: 110 }), makeSummary({ connectMs: 120 })],
      3,
    );
    expect(judged).toMatchObject({ verdict: 'pass', saturatedRuns: 1 });
    expect(judged.judgements[0]?.estimate).toMatchObject({ n: 3, median: 220 });
  });
});

describe('another run of a probe', () => {
  const slo = parseSlo('connectMs.p99<500ms');
  const runs = (...connectMs: number[]) => connectMs.map((value) => makeSummary({ connectMs: value }));

  it('replaces a saturated run, until more than --repeat of them saturated or too few runs are left to reach --repeat clean ones', () => {
    const saturated = makeSummary({ saturated: true });
    expect(wantsAnotherRun(slo, [saturated, ...runs(100, 100)], 3, 7)).toBe(true);
    expect(wantsAnotherRun(slo, [saturated, saturated, saturated, ...runs(100)], 3, 7)).toBe(true);
    expect(wantsAnotherRun(slo, [saturated, saturated, saturated, saturated, ...runs(100)], 3, 7)).toBe(false);
    // Three saturated runs and one run left cannot give three clean ones.
    expect(wantsAnotherRun(slo, [saturated, saturated, saturated], 3, 4)).toBe(false);
  });

  it('settles runs that disagree on the bound that decides, until more runs could not overturn their majority', () => {
    // p99 is twice the connect time here: 100 to 200 meet 500 ms, 300 and 400 miss it.
    expect(wantsAnotherRun(slo, runs(100, 150, 200), 3, 7)).toBe(false);
    expect(wantsAnotherRun(slo, runs(100, 150, 400), 3, 7)).toBe(true);
    expect(wantsAnotherRun(slo, runs(100, 150, 400, 120), 3, 7)).toBe(true);
    // 4 meet, 1 misses, 2 runs left: the median meets whatever they give.
    expect(wantsAnotherRun(slo, runs(100, 150, 400, 120, 110), 3, 7)).toBe(false);
    expect(wantsAnotherRun(slo, runs(300, 400, 100), 3, 7)).toBe(true);
    expect(wantsAnotherRun(slo, runs(300, 400, 350), 3, 7)).toBe(false);
    expect(wantsAnotherRun(slo, runs(100, 150, 400), 3, 3)).toBe(false);
  });

  it('is never wanted once the server died or a run broke', () => {
    expect(wantsAnotherRun(slo, [...runs(100, 400), makeSummary({ runFailed: true })], 3, 7)).toBe(false);
    expect(wantsAnotherRun(slo, [...runs(100, 400), makeSummary({ broken: true })], 3, 7)).toBe(false);
  });
});
