/** The page's "Scenario steps" section: each step's counts and latency per cell, from summary.steps. */
import { seriesNamer } from './chart-style.js';
import { count, ms, table } from './html-table.js';
import type { ReportSource } from './report-source.js';
import { cellSteps } from './step-data.js';

/** The section, or '' when no run of the source ran a scenario. */
export function stepSection(source: ReportSource): string {
  const rows = cellSteps(source);
  if (rows.length === 0) return '';
  const name = seriesNamer(source.cells);
  const body = rows.map((row) => [
    row.step,
    row.kind,
    name(row.cell),
    count(row.cell.clients),
    count(row.runs),
    count(row.started),
    count(row.completed),
    count(row.timeouts),
    count(row.failures),
    count(row.disconnects),
    row.expected === null ? '-' : `${count(row.missing)} of ${count(row.expected)}`,
    ms(row.latencyMs.p50),
    ms(row.latencyMs.p99),
  ]);
  const headings = [
    'step',
    'kind',
    'transport',
    'clients',
    'runs',
    'started',
    'completed',
    'timeouts',
    'failures',
    'disconnects',
    'missing',
    'p50 (ms)',
    'p99 (ms)',
  ];
  const repeated = rows.some((row) => row.runs > 1) ? ' Counts of a cell with several runs are summed over them; its latencies are their median.' : '';
  return `<section id="steps">
<h2>Scenario steps</h2>
<p>One row per step of the scenario and cell (summary.steps of each run.json, steps.csv): emits and sends made, expects begun (an on step: pushes received), those completed in time, waits that timed out, acks that carried an error, waits cut short by the server closing, and an on step's pushes missing of those its fan-out expected.${repeated}</p>
${table(headings, body, 3)}
</section>`;
}
