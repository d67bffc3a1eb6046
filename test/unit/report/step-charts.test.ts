/**
 * The report of scenario runs (hand-made summaries with summary.steps, written as run folders): a
 * chart per step that timed something, bars at one client count and lines across several, and a
 * table of every step's counts, with a step name from run.json escaped like any run data.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderChart } from '../../../bench/report/chart-render.js';
import { loadReportSource } from '../../../bench/report/report-source.js';
import { stepCharts } from '../../../bench/report/step-charts.js';
import { stepSection } from '../../../bench/report/step-table.js';
import { writeReport } from '../../../bench/report/write-report.js';
import type { RunSummary } from '../../../bench/summary/run-summary-types.js';
import type { StepSummary } from '../../../bench/summary/scenario-types.js';
import { freshDir } from '../../helpers/cli.js';
import { makeSummary, writeRunFolders, type SummaryFigures } from '../../helpers/summaries.js';

const MARKUP = '<img src=x onerror=alert(1)>';

function step(kind: StepSummary['kind'], p50: number | null, change: Partial<StepSummary> = {}): StepSummary {
  const times = (factor: number): number | null => (p50 === null ? null : p50 * factor);
  return {
    kind,
    started: 100,
    completed: 98,
    timeouts: 2,
    failures: 0,
    disconnects: 0,
    unexpected: 0,
    p50,
    p90: times(2),
    p99: times(3),
    p999: times(4),
    max: times(5),
    expected: null,
    missing: null,
    ...change,
  };
}

/** A scenario run: an emit with ack, a send and an on step with a fan-out. */
function scenarioRun(figures: SummaryFigures, ackMs: number): RunSummary {
  return {
    ...makeSummary(figures),
    mode: 'connect',
    steps: {
      join: step('emit', ackMs),
      hello: step('send', null, { completed: 100, timeouts: 0 }),
      [MARKUP]: step('on', 4, { expected: 500, missing: 7, started: 493, completed: 493, timeouts: 0 }),
    },
  };
}

type Spec = {
  data?: { values: Array<Record<string, unknown>> };
  hconcat?: Array<{ data: { values: Array<Record<string, unknown>> } }>;
  mark?: { type: string };
};

describe('the report of scenario runs', () => {
  it('draws a chart per timed step at one client count: each percentile per transport, the median of repeats', async () => {
    const dir = writeRunFolders(freshDir(), [scenarioRun({}, 2), scenarioRun({}, 4), scenarioRun({}, 9), scenarioRun({ transport: 'socketio' }, 5)]);
    const charts = stepCharts(loadReportSource(dir));
    // The send step times nothing: no chart, but its position keeps the others' names.
    expect(charts.map((chart) => chart.name)).toEqual(['step-1', 'step-3']);
    const join = charts[0]?.spec as Spec;
    expect(join.mark?.type).toBe('bar');
    const value = (series: string, percentile: string) => join.data?.values.find((row) => row.series === series && row.percentile === percentile);
    // ws has three runs: 2, 4 and 9 ms at p50, so its bar is the median, 4 ms.
    expect(value('ws', 'p50')).toMatchObject({ ms: 4, runs: 3, clients: 300 });
    expect(value('ws', 'max')).toMatchObject({ ms: 20 });
    expect(value('socketio', 'p99')).toMatchObject({ ms: 15, runs: 1 });
    expect(charts[0]?.caption).toContain('Step "join" (emit) times from the emit to the server\'s acknowledgement');
    expect(charts[0]?.caption).toContain('the median of their values');
    for (const chart of charts) expect((await renderChart(chart.name, chart.spec)).warnings).toEqual([]);
  });

  it('draws p50 and p99 against clients when the step was run at several client counts', async () => {
    const dir = writeRunFolders(freshDir(), [scenarioRun({ clients: 100 }, 1), scenarioRun({ clients: 200 }, 3)]);
    const [join] = stepCharts(loadReportSource(dir));
    const panels = (join?.spec as Spec).hconcat ?? [];
    expect(panels).toHaveLength(2);
    expect(panels[0]?.data.values.map((row) => [row.clients, row.ms])).toEqual([
      [100, 1],
      [200, 3],
    ]);
    expect(panels[1]?.data.values.map((row) => [row.clients, row.percentile, row.ms])).toEqual([
      [100, 'p99', 3],
      [200, 'p99', 9],
    ]);
    expect((await renderChart(join?.name as string, join?.spec as never)).warnings).toEqual([]);
  });

  it('tables every step of every cell with its counts summed over the runs, and none without a scenario', () => {
    const dir = writeRunFolders(freshDir(), [scenarioRun({}, 2), scenarioRun({}, 4)]);
    const html = stepSection(loadReportSource(dir));
    const text = html.replace(/<\/t[dh]>/g, ' | ').replace(/<[^>]+>/g, '');
    expect(text).toContain('join | emit | ws | 300 | 2 | 200 | 196 | 4 | 0 | 0 | - | 3.00 | 9.00 |');
    expect(text).toContain('hello | send | ws | 300 | 2 | 200 | 200 | 0 | 0 | 0 | - | - | - |');
    expect(text).toContain('| on | ws | 300 | 2 | 986 | 986 | 0 | 0 | 0 | 14 of 1,000 | 4.00 | 12.0 |');
    expect(stepSection(loadReportSource(writeRunFolders(freshDir(), [makeSummary()])))).toBe('');
  });

  it('writes the charts and the section into the page, a step name from run.json escaped', async () => {
    const dir = writeRunFolders(freshDir(), [scenarioRun({}, 2)]);
    const written = await writeReport({ source: dir, outDir: freshDir() });
    expect(written.charts).toEqual(expect.arrayContaining(['step-1', 'step-3']));
    expect(existsSync(path.join(written.reportDir, 'charts', 'step-3.svg'))).toBe(true);
    const html = readFileSync(written.htmlPath, 'utf8');
    expect(html).toContain('<section id="steps">');
    expect(html).toContain('<a href="#steps">Scenario steps</a>');
    expect(html).not.toContain(MARKUP);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  }, 60_000);
});
