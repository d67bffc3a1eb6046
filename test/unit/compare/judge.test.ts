/** The judging rules of bench compare on hand-made summaries: known values, known verdicts. */
import { describe, expect, it } from 'vitest';
import { COMPARE_FIGURES, type CompareFigure } from '../../../bench/compare/compare-figures.js';
import { compareSides } from '../../../bench/compare/compare-sides.js';
import { estimateValues, judgeFigure } from '../../../bench/compare/judge.js';
import { parseThresholdFlag, resolveThreshold, type Threshold } from '../../../bench/compare/thresholds.js';
import { ConfigError } from '../../../bench/errors.js';
import type { LoadedRun } from '../../../bench/results/result-set.js';
import { makeSummary, type SummaryFigures } from '../../helpers/summaries.js';

const MIB = 1024 * 1024;

function figure(name: string): CompareFigure {
  const found = COMPARE_FIGURES.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no figure ${name}`);
  return found;
}

/** Judges a figure from each side's run values, estimated as compare estimates them. */
function judgeValues(
  figure: CompareFigure,
  threshold: Threshold,
  baseline: Array<number | null>,
  current: Array<number | null>,
  clients: number,
  judged: boolean,
) {
  const measured = (values: Array<number | null>): number[] => values.filter((value): value is number => value !== null);
  return judgeFigure(figure, threshold, estimateValues(figure, measured(baseline)), estimateValues(figure, measured(current)), clients, judged);
}

const latency: Threshold = { relative: 0.25, absolute: 2, absolutePerClient: false };

function runs(side: string, figures: SummaryFigures[]): LoadedRun[] {
  return figures.map((values, index) => ({ source: `${side}/run-${index}`, summary: makeSummary(values), runJson: null }));
}

describe('judgeFigure', () => {
  it('needs the change over both the relative and the absolute bound', () => {
    const p50 = figure('firstMessageMs.p50');
    // +50% but only +1 ms: under the absolute bound.
    expect(judgeValues(p50, latency, [2], [3], 300, true).verdict).toBe('ok');
    // +3 ms but only +3%: under the relative bound.
    expect(judgeValues(p50, latency, [100], [103], 300, true).verdict).toBe('ok');
    // +30% and +30 ms: over both.
    const over = judgeValues(p50, latency, [100], [130], 300, true);
    expect(over.verdict).toBe('regression');
    expect(over.limit).toBe(125);
    expect(over.change).toBe(30);
    expect(over.changeRatio).toBeCloseTo(0.3);
    // Exactly on the limit is not over it.
    expect(judgeValues(p50, latency, [100], [125], 300, true).verdict).toBe('ok');
  });

  it('with repeats, calls a regression only when the current interval lies wholly beyond the baseline interval plus the threshold', () => {
    const p99 = figure('firstMessageMs.p99');
    // Baseline 9, 10, 11: interval [9, 11] with three runs, so the limit is 11 + 25% = 13.75.
    const near = judgeValues(p99, latency, [9, 10, 11], [13, 20, 21], 300, true);
    expect(near.limit).toBeCloseTo(13.75);
    expect(near.verdict).toBe('ok');
    const judged = judgeValues(p99, latency, [9, 10, 11], [14, 20, 21], 300, true);
    expect(judged.verdict).toBe('regression');
    expect(judged.baseline).toMatchObject({ median: 10, ciLow: 9, ciHigh: 11, n: 3 });
    expect(judged.current).toMatchObject({ median: 20, ciLow: 14, ciHigh: 21, n: 3 });
    // One noisy baseline run widens the baseline interval, and with it the limit.
    expect(judgeValues(p99, latency, [9, 10, 30], [14, 20, 21], 300, true).verdict).toBe('ok');
  });

  it('reports an improvement the other way, and never fails on it', () => {
    expect(judgeValues(figure('connectMs.p50'), latency, [100, 101, 99], [50, 52, 51], 300, true).verdict).toBe('improved');
  });

  it('treats any new failed client as a regression by default', () => {
    const failed = resolveThreshold(figure('failed'), []);
    expect(failed).toEqual({ relative: 0, absolute: 0, absolutePerClient: false });
    expect(judgeValues(figure('failed'), failed as Threshold, [0], [1], 300, true).verdict).toBe('regression');
    expect(judgeValues(figure('failed'), failed as Threshold, [0], [0], 300, true).verdict).toBe('ok');
  });

  it('spreads the memory bound over the clients for bytes per connection', () => {
    const perConnection = resolveThreshold(figure('server.bytesPerConnection'), []) as Threshold;
    expect(perConnection.absolutePerClient).toBe(true);
    // 5 MiB over 1000 clients is 5243 bytes per connection.
    const small = judgeValues(figure('server.bytesPerConnection'), perConnection, [4000], [9000], 1000, true);
    expect(small.threshold.absolute).toBeCloseTo((5 * MIB) / 1000);
    expect(small.verdict).toBe('ok');
    expect(judgeValues(figure('server.bytesPerConnection'), perConnection, [4000], [9500], 1000, true).verdict).toBe('regression');
  });

  it('keeps the numbers but gives no verdict when the cell is not judged, and says missing when a side lacks the figure', () => {
    const notJudged = judgeValues(figure('connectMs.p50'), latency, [100], [500], 300, false);
    expect(notJudged.verdict).toBe('not judged');
    expect(notJudged.change).toBe(400);
    expect(judgeValues(figure('connectMs.p50'), latency, [100], [null], 300, true).verdict).toBe('missing');
  });
});

describe('threshold grammar', () => {
  it('parses relative, absolute and both bounds with units', () => {
    expect(parseThresholdFlag('firstMessageMs.p99=+20%')).toMatchObject({ selector: 'firstMessageMs.p99', relative: 0.2, off: false });
    expect(parseThresholdFlag('firstMessageMs.p99=+20%,+5ms')).toMatchObject({ relative: 0.2, absolute: 5 });
    expect(parseThresholdFlag('connectMs=+1.5s')).toMatchObject({ selector: 'connectMs', absolute: 1500 });
    expect(parseThresholdFlag('memory=15%,+8MiB')).toMatchObject({ selector: 'memory', relative: 0.15, absolute: 8 * MIB });
    expect(parseThresholdFlag('server.steadyRssBytes=+10MB')).toMatchObject({ absolute: 10_000_000 });
    expect(parseThresholdFlag('failed=+2')).toMatchObject({ absolute: 2 });
    expect(parseThresholdFlag('latency=off')).toMatchObject({ selector: 'latency', off: true });
  });

  it.each([
    ['no equals sign', 'firstMessageMs.p99', 'write <figure>=<bounds>'],
    ['unknown figure', 'nope.p50=+20%', 'unknown figure "nope.p50"'],
    ['a unit of the wrong kind', 'firstMessageMs.p99=+5MB', 'has unit "MB", but firstMessageMs.p99 is latency'],
    ['a negative bound', 'connectMs.p50=-5%', 'cannot be negative'],
    ['two relative bounds', 'connectMs.p50=+5%,+6%', 'two relative bounds'],
    ['three bounds', 'connectMs.p50=+5%,+6ms,+7ms', 'one bound or two'],
    ['garbage', 'connectMs.p50=fast', '"fast" is not a bound'],
  ])('rejects %s with a ConfigError naming the flag', (_name, raw, message) => {
    expect(() => parseThresholdFlag(raw)).toThrow(ConfigError);
    expect(() => parseThresholdFlag(raw)).toThrow(message);
    expect(() => parseThresholdFlag(raw)).toThrow(`--threshold "${raw}"`);
  });

  it('resolves rules in order: a later rule wins, one bound keeps the other, naming a figure turns it on', () => {
    const p99 = figure('firstMessageMs.p99');
    expect(resolveThreshold(p99, [parseThresholdFlag('firstMessageMs.p99=+20%')])).toMatchObject({ relative: 0.2, absolute: 2 });
    expect(resolveThreshold(p99, [parseThresholdFlag('latency=+50%'), parseThresholdFlag('firstMessageMs.p99=+10ms')])).toMatchObject({
      relative: 0.5,
      absolute: 10,
    });
    expect(resolveThreshold(p99, [parseThresholdFlag('latency=off')])).toBeNull();
    expect(resolveThreshold(p99, [parseThresholdFlag('latency=off'), parseThresholdFlag('firstMessageMs.p99=+30%')])).toMatchObject({ relative: 0.3 });
    // p90 is not judged by default; a prefix does not turn it on, its name does.
    const p90 = figure('connectMs.p90');
    expect(resolveThreshold(p90, [])).toBeNull();
    expect(resolveThreshold(p90, [parseThresholdFlag('connectMs=+10%')])).toBeNull();
    expect(resolveThreshold(p90, [parseThresholdFlag('connectMs.p90=+10%')])).toMatchObject({ relative: 0.1, absolute: 2 });
    // A memory bound for the group is server memory, spread over the clients; naming the figure gives bytes per connection.
    const perConnection = figure('server.bytesPerConnection');
    expect(resolveThreshold(perConnection, [parseThresholdFlag('memory=+8MiB')])).toMatchObject({ absolute: 8 * MIB, absolutePerClient: true });
    expect(resolveThreshold(perConnection, [parseThresholdFlag('server.bytesPerConnection=+2KiB')])).toMatchObject({
      absolute: 2048,
      absolutePerClient: false,
    });
  });
});

describe('compareSides', () => {
  const settings = { rules: [], allowSaturated: false, acrossStacks: null };

  it('says no regression for equal sides, with exit code 0', () => {
    const report = compareSides({ path: 'base', runs: runs('base', [{}, {}, {}]) }, { path: 'cur', runs: runs('cur', [{}, {}, {}]) }, settings);
    expect(report.verdict).toBe('no regression');
    expect(report.exitCode).toBe(0);
    expect(report.cells).toHaveLength(1);
    expect(report.cells[0]?.figures.map((comparison) => comparison.figure)).toEqual([
      'connectMs.p50',
      'connectMs.p99',
      'firstMessageMs.p50',
      'firstMessageMs.p99',
      'server.steadyRssBytes',
      'server.bytesPerConnection',
      'failed',
      'dropped',
      'runFailed',
    ]);
  });

  it('calls a run whose server died a regression, even when its figures look fine', () => {
    const report = compareSides(
      { path: 'base', runs: runs('base', [{}, {}, {}]) },
      { path: 'cur', runs: runs('cur', [{}, { runFailed: true }, {}]) },
      settings,
    );
    expect(report.exitCode).toBe(1);
    expect(report.regressions).toContainEqual({ cell: 'ws/websocket/300', figure: 'runFailed', kind: 'clients' });
  });

  it('names the regressed figures and their kind, with exit code 1', () => {
    const report = compareSides(
      { path: 'base', runs: runs('base', [{}, {}, {}]) },
      { path: 'cur', runs: runs('cur', [{ steadyRssBytes: 140 * MIB }, { steadyRssBytes: 141 * MIB }, { steadyRssBytes: 139 * MIB }]) },
      settings,
    );
    expect(report.exitCode).toBe(1);
    expect(report.regressions).toEqual([
      { cell: 'ws/websocket/300', figure: 'server.steadyRssBytes', kind: 'memory' },
      { cell: 'ws/websocket/300', figure: 'server.bytesPerConnection', kind: 'memory' },
    ]);
  });

  it('does not judge a saturated side unless allowed, exit code 4; a regression elsewhere still wins', () => {
    const base = { path: 'base', runs: runs('base', [{}, {}, {}]) };
    const saturated = { path: 'cur', runs: runs('cur', [{ saturated: true, firstMessageMs: 40 }, { firstMessageMs: 40 }, { firstMessageMs: 40 }]) };
    const report = compareSides(base, saturated, settings);
    expect(report.verdict).toBe('not judged');
    expect(report.exitCode).toBe(4);
    expect(report.cells[0]?.reason).toContain('current in 1 of 3 runs');
    // Latencies and client counts are not judged; memory is.
    const verdicts = new Map(report.cells[0]?.figures.map((comparison) => [comparison.figure, comparison.verdict]));
    expect(verdicts.get('firstMessageMs.p50')).toBe('not judged');
    expect(verdicts.get('connectMs.p99')).toBe('not judged');
    expect(verdicts.get('failed')).toBe('not judged');
    expect(verdicts.get('server.steadyRssBytes')).toBe('ok');
    const allowed = compareSides(base, saturated, { rules: [], allowSaturated: true, acrossStacks: null });
    expect(allowed.exitCode).toBe(1);
    expect(allowed.regressions.map((regression) => regression.figure)).toEqual(['firstMessageMs.p50', 'firstMessageMs.p99']);
  });

  it('judges the memory of a saturated side all the same: a server that holds five times the memory regresses (exit 1)', () => {
    const base = { path: 'base', runs: runs('base', [{}, {}, {}]) };
    const hungry = {
      path: 'cur',
      runs: runs('cur', [{ saturated: true, steadyRssBytes: 500 * MIB }, { steadyRssBytes: 500 * MIB }, { steadyRssBytes: 500 * MIB }]),
    };
    const report = compareSides(base, hungry, settings);
    expect(report.exitCode).toBe(1);
    expect(report.regressions.map((regression) => regression.figure)).toContain('server.steadyRssBytes');
    expect(report.cells[0]?.figures.find((comparison) => comparison.figure === 'connectMs.p50')?.verdict).toBe('not judged');
  });

  it('matches cells by transport, variant and clients and lists the ones only one side has', () => {
    const report = compareSides(
      { path: 'base', runs: runs('base', [{}, { clients: 1000 }]) },
      { path: 'cur', runs: runs('cur', [{}, { transport: 'socketio' }]) },
      settings,
    );
    expect(report.cells.map((cell) => cell.key)).toEqual(['ws/websocket/300']);
    expect(report.onlyInBaseline).toEqual(['ws/websocket/1000']);
    expect(report.onlyInCurrent).toEqual(['socketio/websocket/300']);
  });

  it('does not call a run bench could not carry out a regression: the cell is not judged, exit 4', () => {
    const report = compareSides({ path: 'base', runs: runs('base', [{}, {}, {}]) }, { path: 'cur', runs: runs('cur', [{}, { broken: true }, {}]) }, settings);
    expect(report.cells[0]?.verdict).toBe('not judged');
    expect(report.cells[0]?.reason).toContain('bench or the machine broke, so nothing was measured: current in 1 of 3 runs');
    expect(report.regressions).toEqual([]);
    expect(report.exitCode).toBe(4);
  });

  it('does not pass a check when the current side did not measure a figure the baseline did: not judged, exit 4', () => {
    const withoutMemory = runs('cur', [{}, {}, {}]).map((run) => ({ ...run, summary: { ...run.summary, server: null } }));
    const report = compareSides({ path: 'base', runs: runs('base', [{}, {}, {}]) }, { path: 'cur', runs: withoutMemory }, settings);
    expect(report.cells[0]?.figures.find((figure) => figure.figure === 'server.steadyRssBytes')?.verdict).toBe('missing');
    expect(report.verdict).toBe('not judged');
    expect(report.exitCode).toBe(4);
    expect(report.notes.join(' ')).toContain('did not measure ws/websocket/300 server.steadyRssBytes');
  });

  it('does not pass a check when a baseline cell has no current runs: not judged, exit 4, naming the cell', () => {
    const report = compareSides({ path: 'base', runs: runs('base', [{}, { clients: 1000 }]) }, { path: 'cur', runs: runs('cur', [{}]) }, settings);
    expect(report.cells.map((cell) => cell.verdict)).toEqual(['ok']);
    expect(report.verdict).toBe('not judged');
    expect(report.exitCode).toBe(4);
    expect(report.notes.join(' ')).toContain('no finished run of ws/websocket/1000');
    // A cell only the current side has is new, not missing: it does not stop the verdict.
    const extra = compareSides({ path: 'base', runs: runs('base', [{}]) }, { path: 'cur', runs: runs('cur', [{}, { clients: 1000 }]) }, settings);
    expect(extra.exitCode).toBe(0);
  });

  it('refuses sides with no cell in common, naming both paths', () => {
    expect(() => compareSides({ path: 'base', runs: runs('base', [{}]) }, { path: 'cur', runs: runs('cur', [{ clients: 200 }]) }, settings)).toThrow(
      /base and cur have no cell in common .*baseline has ws\/websocket\/300; current has ws\/websocket\/200/,
    );
  });
});

describe('compareSides: one run of a burst', () => {
  const settings = { rules: [], allowSaturated: false, acrossStacks: null };
  /** One run as bench writes it: its config says how its handshakes went, and its percentiles carry their client intervals. */
  function burstRun(side: string, connectMs: number, firstMessageMs: number, concurrency: number, extraMiB = 0): LoadedRun {
    const summary = makeSummary({ connectMs, firstMessageMs, steadyRssBytes: (60 + extraMiB) * MIB });
    summary.percentileIntervals = {
      'connectMs.p50': { low: connectMs * 0.95, high: connectMs * 1.05, coverage: 0.95, n: 300 },
      'connectMs.p99': { low: connectMs * 0.95, high: connectMs * 1.05, coverage: 0.94, n: 300 },
      'firstMessageMs.p50': { low: firstMessageMs * 0.9, high: firstMessageMs * 1.1, coverage: 0.95, n: 300 },
      'firstMessageMs.p99': { low: firstMessageMs * 0.9, high: firstMessageMs * 1.1, coverage: 0.94, n: 300 },
    };
    const config = { clients: 300, concurrency, ratePerSecond: null } as unknown as NonNullable<NonNullable<LoadedRun['runJson']>['config']>;
    return { source: `${side}/run`, summary, runJson: { schemaVersion: 1, summary, config } as LoadedRun['runJson'] };
  }

  it('leaves its latency percentiles unjudged, says why, and still judges memory: the A/A swing of a burst is no regression', () => {
    const report = compareSides({ path: 'base', runs: [burstRun('base', 70, 1.1, 500)] }, { path: 'cur', runs: [burstRun('cur', 104, 9.2, 500)] }, settings);
    const cell = report.cells[0];
    expect(report.exitCode).toBe(0);
    expect(cell?.verdict).toBe('ok');
    expect(cell?.figures.filter((figure) => figure.verdict === 'not judged').map((figure) => figure.figure)).toEqual(
      expect.arrayContaining(['connectMs.p50', 'connectMs.p99', 'firstMessageMs.p50', 'firstMessageMs.p99']),
    );
    expect(cell?.reason).toContain('latency percentiles not judged: a side is one run of a burst (all 300 handshakes at once, --concurrency 500, no --rate)');
    const memory = compareSides({ path: 'base', runs: [burstRun('base', 70, 1.1, 500)] }, { path: 'cur', runs: [burstRun('cur', 70, 1.1, 500, 80)] }, settings);
    expect(memory.exitCode).toBe(1);
    expect(memory.regressions.map((regression) => regression.figure)).toContain('server.steadyRssBytes');
  });

  it('judges the same figures of a paced run (--concurrency below the clients) as before', () => {
    const report = compareSides({ path: 'base', runs: [burstRun('base', 70, 1.1, 50)] }, { path: 'cur', runs: [burstRun('cur', 104, 9.2, 50)] }, settings);
    expect(report.exitCode).toBe(1);
    expect(report.regressions.map((regression) => regression.figure)).toEqual(expect.arrayContaining(['connectMs.p99', 'firstMessageMs.p50']));
  });
});
