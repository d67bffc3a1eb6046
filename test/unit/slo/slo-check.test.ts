/** checkSlos and parseSloFlags: each cell judged against each bound by the median of its runs, one grammar for every command. */
import { describe, expect, it } from 'vitest';
import { checkSlos, renderSloLines } from '../../../bench/slo/slo-check.js';
import { parseSloFlags } from '../../../bench/slo/slo-flag.js';
import type { Cell, LoadedRun } from '../../../bench/results/result-set.js';
import { expectConfigError } from '../../helpers/config-errors.js';
import { makeSummary, type SummaryFigures } from '../../helpers/summaries.js';

function cell(key: string, figures: SummaryFigures[]): Cell {
  const runs: LoadedRun[] = figures.map((values, index) => ({ source: `${key}/run-${index}`, summary: makeSummary(values), runJson: null }));
  return { key, runs } as unknown as Cell;
}

describe('parseSloFlags', () => {
  it('takes repeated flags and comma-separated ones as one list, and null without any', () => {
    expect(parseSloFlags(['connectMs.p99<300ms', 'server.bytesPerConnection<20KiB,failed<1%'])?.map((slo) => slo.figure)).toEqual([
      'connectMs.p99',
      'server.bytesPerConnection',
      'failed',
    ]);
    expect(parseSloFlags('connectMs.p99<1s')?.[0]?.bound).toBe(1000);
    expect(parseSloFlags(undefined)).toBeNull();
  });

  it('refuses a figure bounded twice across flags, and a bad bound, in one line', () => {
    expectConfigError(() => parseSloFlags(['connectMs.p99<300ms', 'connectMs.p99<200ms']), '--slo names connectMs.p99 twice');
    expectConfigError(() => parseSloFlags(['connectMs.p99<soon']), '--slo: cannot read the bound "soon" of connectMs.p99');
  });
});

describe('checkSlos', () => {
  // The summaries' p99 is twice their p50: the ws cell's runs have p99 100, 300 and 180 ms, median 180.
  const slos = parseSloFlags(['connectMs.p99<200ms', 'failed<1%']) ?? [];

  it('judges every bound in every cell by the median of its runs', () => {
    const cases = checkSlos(slos, [
      cell('ws/websocket/300', [{ connectMs: 50 }, { connectMs: 150 }, { connectMs: 90 }]),
      cell('socketio/websocket/300', [{ failed: 6 }]),
    ]);
    expect(cases.map((item) => [item.cell, item.slo, item.value, item.meets])).toEqual([
      ['ws/websocket/300', 'connectMs.p99<200ms', 180, true],
      ['ws/websocket/300', 'failed<1%', 0, true],
      ['socketio/websocket/300', 'connectMs.p99<200ms', 140, true],
      // 6 of 300 clients: 2%.
      ['socketio/websocket/300', 'failed<1%', 2, false],
    ]);
    expect(renderSloLines(cases)[3]).toBe('slo MISSED failed<1%: failed 2.00% of the clients in socketio/websocket/300');
    expect(renderSloLines(cases)[0]).toBe('slo met    connectMs.p99<200ms: connectMs.p99 180.0 ms (median of 3 runs) in ws/websocket/300');
  });

  it('counts a figure that a run did not measure as missed', () => {
    const [item] = checkSlos(parseSloFlags(['steadyTraffic.roundTripMs.p99<10ms']) ?? [], [cell('ws/websocket/300', [{}])]);
    expect(item).toMatchObject({ value: null, meets: false });
    expect(renderSloLines([item as NonNullable<typeof item>])[0]).toContain('not measured');
  });
});

describe('objectives on scenario steps', () => {
  const stepOf = (p99: number, timeouts: number): NonNullable<ReturnType<typeof makeSummary>['steps']>[string] => ({
    kind: 'emit',
    started: 100,
    completed: 100 - timeouts,
    timeouts,
    failures: 0,
    disconnects: 0,
    unexpected: 0,
    p50: p99 / 4,
    p90: p99 / 2,
    p99,
    p999: p99,
    max: p99,
    expected: null,
    missing: null,
  });

  it("bounds a step's figures like any other, and a step a run does not have is not measured", () => {
    const slos = parseSloFlags(['steps.send.p99<500ms,steps.send.timeouts<1']) ?? [];
    const run = (p99: number, timeouts: number): Cell => {
      const summary = { ...makeSummary(), steps: { send: stepOf(p99, timeouts) } };
      return { key: 'socketio/websocket/100', runs: [{ source: 'run', summary, runJson: null }] } as unknown as Cell;
    };
    expect(checkSlos(slos, [run(420, 0)]).map((item) => [item.figure, item.value, item.meets])).toEqual([
      ['steps.send.p99', 420, true],
      ['steps.send.timeouts', 0, true],
    ]);
    const missed = checkSlos(slos, [run(620, 3)]);
    expect(renderSloLines(missed)).toEqual([
      'slo MISSED steps.send.p99<500ms: steps.send.p99 620.0 ms in socketio/websocket/100',
      'slo MISSED steps.send.timeouts<1: steps.send.timeouts 3 in socketio/websocket/100',
    ]);
    expect(checkSlos(parseSloFlags(['steps.other.p99<1s']) ?? [], [run(1, 0)])[0]).toMatchObject({ value: null, meets: false });
  });

  it('refuses a figure no step has', () => {
    expectConfigError(() => parseSloFlags(['steps.send.p95<1s']), '--slo: unknown figure "steps.send.p95"', 'steps.<step>.p99');
  });
});
