/** Scenario step figures in bench compare, on hand-made summaries: named, judged, reported when one side lacks a step. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareBaseline } from '../../../bench/compare/compare-after-run.js';
import { compareSides } from '../../../bench/compare/compare-sides.js';
import { renderCompareMarkdown } from '../../../bench/compare/render-markdown.js';
import { renderCompareTable } from '../../../bench/compare/render-table.js';
import { checkStepRules } from '../../../bench/compare/step-figures.js';
import { parseThresholdFlag } from '../../../bench/compare/thresholds.js';
import { ConfigError } from '../../../bench/errors.js';
import { compareCases } from '../../../bench/render/junit-cases.js';
import type { LoadedRun } from '../../../bench/results/result-set.js';
import type { StepSummary } from '../../../bench/summary/scenario-types.js';
import type { Scenario } from '../../../protocol/scenario.js';
import { freshDir } from '../../helpers/cli.js';
import { makeSummary, writeRunFolders } from '../../helpers/summaries.js';

/** An expect step whose every wait completed, with p50, p99 and max from `p50`; `change` sets other fields. */
function step(p50: number, change: Partial<StepSummary> = {}): StepSummary {
  return {
    kind: 'expect',
    started: 1000,
    completed: 1000,
    timeouts: 0,
    failures: 0,
    disconnects: 0,
    unexpected: 0,
    p50,
    p90: p50 * 2,
    p99: p50 * 3,
    p999: p50 * 4,
    max: p50 * 5,
    expected: null,
    missing: null,
    ...change,
  };
}

/** A side of three runs of one cell, with these steps in every run. */
function side(name: string, steps: Array<Record<string, StepSummary>>): { path: string; runs: LoadedRun[] } {
  return { path: name, runs: steps.map((each, index) => ({ source: `${name}/run-${index}`, summary: { ...makeSummary(), steps: each }, runJson: null })) };
}

const same = (steps: Record<string, StepSummary>): Array<Record<string, StepSummary>> => [steps, steps, steps];
const defaults = { rules: [], allowSaturated: false, acrossStacks: null };

describe('compare of scenario steps', () => {
  it('judges each step by default on p50, p99 and its counts, after the run figures, and passes equal sides', () => {
    const steps = { hello: step(1, { kind: 'send', p50: null, p90: null, p99: null, p999: null, max: null }), reply: step(2) };
    const report = compareSides(side('base', same(steps)), side('cur', same(steps)), defaults);
    expect(report.exitCode).toBe(0);
    const names = report.cells[0]?.figures.map((figure) => figure.figure) ?? [];
    expect(names.slice(0, 9)).toContain('connectMs.p50');
    // A send step times nothing: no latency rows, its counts judged.
    expect(names.filter((name) => name.startsWith('steps.'))).toEqual([
      'steps.hello.timeouts',
      'steps.hello.failures',
      'steps.hello.disconnects',
      'steps.reply.p50',
      'steps.reply.p99',
      'steps.reply.timeouts',
      'steps.reply.failures',
      'steps.reply.disconnects',
    ]);
    expect(report.cells[0]?.figures.find((figure) => figure.figure === 'steps.reply.p99')).toMatchObject({ kind: 'latency', unit: 'ms', verdict: 'ok' });
  });

  it("calls a step's slower p99 a latency regression, exit 1", () => {
    const report = compareSides(
      side('base', [{ reply: step(2) }, { reply: step(2.1) }, { reply: step(1.9) }]),
      side('cur', [{ reply: step(2, { p99: 30 }) }, { reply: step(2, { p99: 31 }) }, { reply: step(2, { p99: 29 }) }]),
      defaults,
    );
    expect(report.exitCode).toBe(1);
    expect(report.regressions).toEqual([{ cell: 'ws/websocket/300', figure: 'steps.reply.p99', kind: 'latency' }]);
  });

  it('calls one new timeout in one run a regression, as a new failed client is', () => {
    const report = compareSides(
      side('base', same({ reply: step(2) })),
      side('cur', [{ reply: step(2) }, { reply: step(2, { timeouts: 1 }) }, { reply: step(2) }]),
      defaults,
    );
    expect(report.exitCode).toBe(1);
    expect(report.regressions.map((regression) => regression.figure)).toEqual(['steps.reply.timeouts']);
    expect(report.cells[0]?.figures.find((figure) => figure.figure === 'steps.reply.timeouts')?.current).toMatchObject({ median: 1, method: 'worst-run' });
  });

  it('judges a fan-out step by its missing pushes', () => {
    const fanOut = (missing: number): StepSummary => step(5, { kind: 'on', expected: 1000, missing, completed: 1000 - missing });
    const report = compareSides(side('base', same({ chat: fanOut(0) })), side('cur', same({ chat: fanOut(12) })), defaults);
    expect(report.regressions.map((regression) => regression.figure)).toEqual(['steps.chat.missing']);
  });

  it('takes --threshold rules for steps: a name sets its bounds or turns it on, a prefix with off or a kind reaches every step', () => {
    const base = side('base', same({ reply: step(10) }));
    const cur = side('cur', same({ reply: step(10, { p90: 40, p99: 45 }) }));
    const rules = (...flags: string[]) => ({ rules: flags.map(parseThresholdFlag), allowSaturated: false, acrossStacks: null });
    const regressed = (flags: string[]): string[] => compareSides(base, cur, rules(...flags)).regressions.map((regression) => regression.figure);
    expect(regressed([])).toEqual(['steps.reply.p99']);
    expect(regressed(['steps.reply.p99=+100%'])).toEqual([]);
    expect(regressed(['steps.reply.p99=+100%', 'steps.reply.p90=+20%'])).toEqual(['steps.reply.p90']);
    expect(regressed(['latency=+100%'])).toEqual([]);
    expect(regressed(['steps.reply=off'])).toEqual([]);
    expect(compareSides(base, cur, rules('steps=off')).cells[0]?.figures.some((figure) => figure.figure.startsWith('steps.'))).toBe(false);
  });

  it('reports a step only the baseline ran as missing: not judged, exit 4', () => {
    const report = compareSides(side('base', same({ login: step(3), reply: step(2) })), side('cur', same({ reply: step(2) })), defaults);
    expect(report.exitCode).toBe(4);
    expect(report.stepsOnOneSide).toEqual([{ cell: 'ws/websocket/300', step: 'login', side: 'baseline' }]);
    const login = report.cells[0]?.figures.filter((figure) => figure.figure.startsWith('steps.login.')) ?? [];
    expect(login.map((figure) => figure.verdict)).toEqual(['missing', 'missing', 'missing', 'missing', 'missing']);
    expect(report.notes.join('\n')).toContain('ws/websocket/300 step "login" is only in the baseline');
    expect(report.notes.join('\n')).toContain('did not measure ws/websocket/300 steps.login.p50');
  });

  it('reports a step only the current side ran, without stopping the verdict', () => {
    const report = compareSides(side('base', same({ reply: step(2) })), side('cur', same({ reply: step(2), logout: step(1) })), defaults);
    expect(report.exitCode).toBe(0);
    expect(report.stepsOnOneSide).toEqual([{ cell: 'ws/websocket/300', step: 'logout', side: 'current' }]);
    expect(report.cells[0]?.figures.find((figure) => figure.figure === 'steps.logout.p99')).toMatchObject({ baseline: null, verdict: 'missing' });
    expect(report.notes.join('\n')).toContain('ws/websocket/300 step "logout" is only in the current results, not compared');
  });

  it('shows step rows in the table, the Markdown and the JUnit cases', () => {
    const report = compareSides(side('base', same({ reply: step(2) })), side('cur', same({ reply: step(2, { p99: 40 }) })), defaults);
    expect(renderCompareTable(report)).toMatch(/steps\.reply\.p99 .*REGRESSION/);
    expect(renderCompareMarkdown(report)).toContain('| `steps.reply.p99` |');
    expect(compareCases(report)).toContainEqual(expect.objectContaining({ name: 'steps.reply.p99 against the baseline', outcome: 'failed' }));
  });

  it('refuses a rule naming a step no run has, naming the flag and the steps there are', () => {
    const rule = parseThresholdFlag('steps.replly.p99=+20%');
    expect(() =>
      compareSides(side('base', same({ reply: step(2) })), side('cur', same({ reply: step(2) })), { rules: [rule], allowSaturated: false, acrossStacks: null }),
    ).toThrow('--threshold "steps.replly.p99=+20%": no run has a step "replly" (the steps are reply); name a step of the scenario');
    expect(() => checkStepRules([rule], [])).toThrow('no run on either side ran a scenario with steps');
    expect(() => checkStepRules([parseThresholdFlag('steps=off'), parseThresholdFlag('latency=+5%')], [])).not.toThrow();
  });
});

describe('bench run --baseline with step rules', () => {
  it("checks a rule's step against the baseline's steps and the run's scenario before the run starts", () => {
    const baseline = writeRunFolders(path.join(freshDir(), 'baseline'), [{ ...makeSummary(), steps: { reply: step(2) } }]);
    const scenario = { figures: [{ name: 'logout', kind: 'expect' }] } as Scenario;
    const config = { transport: 'ws' as const, variant: makeSummary().variant, clients: 300, scenario };
    const rules = (flag: string) => [parseThresholdFlag(flag)];
    expect(prepareBaseline(baseline, config, rules('steps.reply.p99=+20%')).runs).toHaveLength(1);
    expect(prepareBaseline(baseline, config, rules('steps.logout.p99=+20%')).runs).toHaveLength(1);
    expect(() => prepareBaseline(baseline, config, rules('steps.login.p99=+20%'))).toThrow('no run has a step "login" (the steps are reply, logout)');
  });
});

describe('threshold grammar for steps', () => {
  it('gives a step latency ms and a step count no unit', () => {
    expect(parseThresholdFlag('steps.send.p99=+20%,+5ms')).toMatchObject({ selector: 'steps.send.p99', relative: 0.2, absolute: 5 });
    expect(parseThresholdFlag('steps.send.max=+1s')).toMatchObject({ absolute: 1000 });
    expect(parseThresholdFlag('steps.send.timeouts=+3')).toMatchObject({ absolute: 3 });
    expect(parseThresholdFlag('steps.send=off')).toMatchObject({ off: true });
    // off needs no unit, so a selector over several kinds takes it.
    expect(parseThresholdFlag('steadyTraffic=off')).toMatchObject({ off: true });
  });

  it.each([
    ['a unit of the wrong kind', 'steps.send.p99=+5MB', 'has unit "MB", but steps.send.p99 is latency'],
    ['a figure no step has', 'steps.send.p95=+5%', 'a step has no figure "p95"; use one of p50, p90, p99, max, timeouts, failures, disconnects, missing'],
    ['bounds over both kinds', 'steps.send=+20%', '"steps.send" picks figures of different kinds; give it off'],
    ['a name too deep', 'steps.send.p99.x=+20%', 'is not a step figure; write steps.<step>.<figure>'],
  ])('rejects %s with a ConfigError naming the flag', (_name, raw, message) => {
    expect(() => parseThresholdFlag(raw)).toThrow(ConfigError);
    expect(() => parseThresholdFlag(raw)).toThrow(`--threshold "${raw}": `);
    expect(() => parseThresholdFlag(raw)).toThrow(message);
  });
});
