/** The capacity search without processes: SLO parsing, the resolution flag, the search steps and a probe's verdict from known summaries. */
import { describe, expect, it } from 'vitest';
import { parseSlo, DEFAULT_SLO, sloValue } from '../bench/capacity/slo.js';
import { parseResolution, resolveCapacityConfig } from '../bench/capacity/capacity-config.js';
import { bracketOf, isResolved, nextStep, probesLeft, saturationCeiling, type SearchSettings } from '../bench/capacity/capacity-search.js';
import { judgeProbe, wantsAnotherRun } from '../bench/capacity/probe-verdict.js';
import { precisionLine, renderCapacityResult } from '../bench/render/capacity-progress.js';
import type { CapacityJson } from '../bench/capacity/capacity-types.js';
import { expectConfigError } from './helpers/config-errors.js';
import { makeSummary } from './helpers/summaries.js';

describe('parseSlo', () => {
  it('reads the default objectives with their units', () => {
    expect(parseSlo(DEFAULT_SLO)).toEqual([
      { text: 'connectMs.p99<500ms', figure: 'connectMs.p99', operator: '<', bound: 500, percentOfClients: false },
      { text: 'firstMessageMs.p99<200ms', figure: 'firstMessageMs.p99', operator: '<', bound: 200, percentOfClients: false },
      { text: 'failed<0.1%', figure: 'failed', operator: '<', bound: 0.1, percentOfClients: true },
    ]);
  });

  it('converts seconds, memory units and plain counts; takes round trips and server RSS', () => {
    const [time, memory, count, trip] = parseSlo('connectMs.p50<=1.5s,server.steadyRssBytes<300MiB,dropped<5,steadyTraffic.roundTripMs.p99<50ms');
    expect(time).toMatchObject({ operator: '<=', bound: 1500 });
    expect(memory).toMatchObject({ bound: 300 * 1024 * 1024 });
    expect(count).toMatchObject({ bound: 5, percentOfClients: false });
    expect(trip).toMatchObject({ figure: 'steadyTraffic.roundTripMs.p99', bound: 50 });
  });

  it('refuses an unknown figure, an unparsable bound, a wrong unit and a figure named twice, naming --slo', () => {
    expectConfigError(() => parseSlo('connectMs.p98<500ms'), '--slo: unknown figure "connectMs.p98"', 'connectMs.p99');
    expectConfigError(() => parseSlo('wallMs<5s'), '--slo: unknown figure "wallMs"');
    expectConfigError(() => parseSlo('connectMs.p99<fast'), '--slo: cannot read the bound "fast" of connectMs.p99', 'ms or s');
    expectConfigError(() => parseSlo('connectMs.p99=500ms'), '--slo: "connectMs.p99=500ms" is not figure<bound');
    expectConfigError(() => parseSlo('connectMs.p99<500MB'), '--slo: connectMs.p99 is in ms, so "500MB" needs ms or s');
    expectConfigError(() => parseSlo('failed<101%'), 'more than 100% of the clients');
    expectConfigError(() => parseSlo('failed<1,failed<2'), '--slo names failed twice');
    expectConfigError(() => parseSlo('failed<1,'), '--slo must be objectives separated by commas');
  });

  it('reads a % bound as a share of the run\'s clients', () => {
    const [failed] = parseSlo('failed<1%');
    expect(sloValue(failed!, makeSummary({ clients: 200, failed: 3 }))).toBeCloseTo(1.5);
  });
});

describe('capacity flags', () => {
  it('takes --resolution as a percentage or a share, above 0 and at most 50%', () => {
    expect(parseResolution('5%')).toBeCloseTo(0.05);
    expect(parseResolution('0.1')).toBeCloseTo(0.1);
    expect(parseResolution('50%')).toBeCloseTo(0.5);
    for (const bad of ['0%', '0', '51%', '0.6', 'five', '-5%']) expectConfigError(() => parseResolution(bad), '--resolution must be a share of the capacity above 0% and no more than 50%', `got "${bad}"`);
  });

  it('needs --transport, checks run flags at once and refuses round-trip objectives without steady traffic', () => {
    expectConfigError(() => resolveCapacityConfig({}), 'bench capacity needs --transport');
    expectConfigError(() => resolveCapacityConfig({ transport: 'ws', hold: '-1' }), '--hold must be a number from 0');
    expectConfigError(() => resolveCapacityConfig({ transport: 'ws', slo: 'steadyTraffic.roundTripMs.p99<50ms' }), 'add --messages-per-second');
    expectConfigError(() => resolveCapacityConfig({ transport: 'ws', startClients: '500', maxClients: '100' }), '--start-clients (500) is above --max-clients (100)');
    expect(resolveCapacityConfig({ transport: 'ws' })).toMatchObject({ resolution: 0.05, repeat: 3, maxRuns: 7, startClients: 1000, growth: 2, rateLowerings: 0 });
    expect(resolveCapacityConfig({ transport: 'ws', repeat: '5' })).toMatchObject({ repeat: 5, maxRuns: 11 });
    expectConfigError(() => resolveCapacityConfig({ transport: 'ws', repeat: '5', maxRuns: '4' }), '--max-runs (4) is below --repeat (5)');
    expectConfigError(() => resolveCapacityConfig({ transport: 'ws', rateLowerings: '-1' }), '--rate-lowerings must be a whole number from 0 to 20');
  });
});

describe('the search', () => {
  const settings: SearchSettings = { startClients: 1000, maxClients: 100_000, growth: 2, resolution: 0.05 };

  it('grows from the start until a failure, then bisects to the resolution', () => {
    expect(nextStep(bracketOf([], []), settings)).toEqual({ type: 'probe', clients: 1000, phase: 'grow' });
    expect(nextStep(bracketOf([1000, 2000], []), settings)).toEqual({ type: 'probe', clients: 4000, phase: 'grow' });
    expect(nextStep(bracketOf([1000, 2000], [4000]), settings)).toEqual({ type: 'probe', clients: 3000, phase: 'bisect' });
    expect(nextStep(bracketOf([1000, 2000, 3000], [4000, 3100]), settings)).toEqual({ type: 'done', reason: 'resolved' });
    expect(isResolved({ low: 3000, high: 3150 }, 0.05)).toBe(true);
    expect(isResolved({ low: 3000, high: 3151 }, 0.05)).toBe(false);
  });

  it('shrinks when the first probe fails, and says so when even one client fails', () => {
    expect(nextStep(bracketOf([], [1000]), settings)).toEqual({ type: 'probe', clients: 500, phase: 'shrink' });
    expect(nextStep(bracketOf([], [1]), settings)).toEqual({ type: 'done', reason: 'none-passed' });
  });

  it('stops at --max-clients, and a pass above a failure does not raise the low end', () => {
    expect(nextStep(bracketOf([50_000], []), settings)).toEqual({ type: 'probe', clients: 100_000, phase: 'grow' });
    expect(nextStep(bracketOf([100_000], []), settings)).toEqual({ type: 'done', reason: 'max-clients' });
    expect(bracketOf([1000, 3000], [2000])).toEqual({ low: 1000, high: 2000 });
  });

  it('bisects below a probe that saturated the load generator, as below a failure, and says where the search could not see past', () => {
    expect(saturationCeiling([8000], [], [16000])).toBe(16000);
    expect(nextStep(bracketOf([8000], [16000]), settings)).toEqual({ type: 'probe', clients: 12000, phase: 'bisect' });
    // A failure below it decides; a saturation below every pass says nothing.
    expect(saturationCeiling([8000], [12000], [16000])).toBeNull();
    expect(saturationCeiling([8000], [], [4000])).toBeNull();
    expect(saturationCeiling([8000], [], [16000, 12000])).toBe(12000);
  });

  it('counts the probes left: the halvings in bisection', () => {
    expect(probesLeft({ low: 2000, high: 4000 }, settings)).toBe(5);
    expect(probesLeft({ low: 3000, high: 3100 }, settings)).toBe(0);
    expect(probesLeft({ low: 2000, high: null }, settings)).toBeGreaterThan(probesLeft({ low: 2000, high: 4000 }, settings));
  });
});

describe('a probe\'s verdict', () => {
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
    const judged = judgeProbe(slo, [makeSummary({ connectMs: 900, saturated: true }), makeSummary({ connectMs: 100 }), makeSummary({ connectMs: 110 }), makeSummary({ connectMs: 120 })], 3);
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

describe('the closing lines', () => {
  it('say how far a repeated search may land against the resolution, or that noise places the knee', () => {
    const precision = { figure: 'connectMs.p99', elasticity: 0.59, elasticityLow: 0.33, elasticityHigh: 0.85, runSpread: 0.15, runs: 30, runsPerProbe: 4.5, capacitySpread: 0.43 };
    expect(precisionLine(precision, 0.05)).toBe(
      'precision: near the knee connectMs.p99 changes 0.59% per 1% more clients (95% interval 0.33 to 0.85) and one run scatters 15% about that trend, ' +
        'so a repeated search is expected within about +-43% of this answer (95%, medians of about 5 runs), wider than the 5% resolution',
    );
    expect(precisionLine({ ...precision, capacitySpread: 0.04 }, 0.05)).toContain('within the 5% resolution');
    expect(precisionLine({ ...precision, elasticityLow: -0.03, capacitySpread: null }, 0.05)).toContain('so noise, not the server, places the knee');
  });

  it('name the arrival rate of the capacity when the search lowered it, since a paced arrival is another question than a burst', () => {
    const config = resolveCapacityConfig({ transport: 'socketio' });
    const probe = (clients: number, ratePerSecond: number | null, verdict: 'pass' | 'fail') =>
      ({ clients, phase: 'grow', cappedBy: null, ratePerSecond, verdict, reason: '', dir: '', runs: [], saturatedRuns: 0, judgements: [], wallMs: 1000 }) as CapacityJson['probes'][number];
    const record: CapacityJson = {
      schemaVersion: 1, kind: 'capacity', startedAt: '', finishedAt: '', status: 'done', config, capacity: 8000, bracket: { low: 8000, high: null }, saturatedFrom: null, precision: null,
      stop: { reason: 'hard-limit', message: 'the open-file limit' }, probes: [probe(1000, null, 'fail'), probe(8000, 101, 'pass')],
      rateLowerings: [{ afterProbe: 1, fromPerSecond: null, toPerSecond: 202 }, { afterProbe: 1, fromPerSecond: 202, toPerSecond: 101 }], wallMs: 60_000,
    };
    expect(renderCapacityResult(record).split('\n')[0]).toBe(
      'socketio: capacity 8000 clients (at least 8000 clients) meeting connectMs.p99<500ms, firstMessageMs.p99<200ms, failed<0.1%, clients arriving at 101/s after 2 saturated probes halved the rate',
    );
  });
});
