/**
 * The report page: one self-contained HTML file. vega, vega-lite and vega-embed are inlined, the
 * charts' specs carry their data, and nothing is requested from any network when it is opened from
 * disk (a Content-Security-Policy forbids it). Every string from run data is escaped.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { variantLabel } from '../../protocol/transports.js';
import type { RunSummary } from '../summary/run-summary-types.js';
import { FIGURES, type ShownUnit } from '../stats/figures.js';
import { median } from '../stats/stats.js';
import type { ReportChart } from './chart-style.js';
import { escapeHtml, hrefFor, jsonForScript } from './html-escape.js';
import { methodSection } from './method-section.js';
import type { ReportCell, ReportRun, ReportSource } from './report-source.js';
import type { StudyComparison } from './study-comparison.js';
import type { Explanations } from './study-explanations.js';
import { stepSection } from './step-table.js';
import { studySections } from './study-section.js';
import type { StudyData } from './study-data.js';
import { needsWorkloadColumn, topologySection, workloadLabel } from './topology-tables.js';
import { memorySection } from './memory-tables.js';
import { vegaBundles } from './vega-bundles.js';
import { BROADCAST_CSV, CONNECTIONS_CSV, RECONNECTS_CSV, RUN_JSON, runFilePath, SAMPLES_CSV, type RunFolderFile } from '../results/run-folder.js';

/** A chart and where its files are, relative to the page. */
export interface PageChart {
  chart: ReportChart;
  files: { spec: string; svg: string; png: string };
}

/** Everything the page shows. */
export interface PageInput {
  source: ReportSource;
  /** Folder of the page: links to run files are made relative to it. */
  reportDir: string;
  charts: PageChart[];
  comparison: StudyComparison;
  explanations: Explanations;
  study: StudyData;
  generatedAt: Date;
}

const STYLE = `
body { font-family: "DejaVu Sans", Verdana, sans-serif; color: #222; max-width: 1240px; margin: 2em auto; padding: 0 1em; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { margin-top: 2em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }
.lead { color: #444; } nav a { margin-right: 1em; }
figure { margin: 1.5em 0; } figcaption { color: #444; font-size: 0.92em; max-width: 820px; }
.chart { min-height: 120px; } .chart-error { color: #a00; }
table { border-collapse: collapse; font-size: 0.9em; margin: 0.8em 0; }
th, td { border: 1px solid #ddd; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
thead th { background: #f3f3f3; } tbody tr:nth-child(even) { background: #fafafa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.facts th { background: #f7f7f7; font-weight: normal; width: 16em; }
.agrees { color: #1d6b2a; } .differs { color: #9a5b00; } .untested { color: #666; }
.status-failed, .status-partial { color: #9a5b00; font-weight: bold; }
.warning { background: #fff4e0; border-left: 4px solid #f0a030; padding: 0.5em 0.8em; }
.wide { overflow-x: auto; } td.files { white-space: nowrap; font-size: 0.85em; }
.note { background: #f4f6fa; border-left: 4px solid #4c78a8; padding: 0.5em 0.8em; }
code { background: #f3f3f3; padding: 0 0.2em; }
`;

/**
 * No network, no plugins, no frames, no inline handler: only the scripts bench wrote into the page,
 * each allowed by its SHA-256 (computed as the page is written), inline styles, and images next to it.
 * vega compiles its expressions with Function, hence 'unsafe-eval'; a script injected through run
 * data has no hash here and does not run.
 */
function contentSecurityPolicy(scripts: readonly string[]): string {
  const hashes = scripts.map((code) => `'sha256-${createHash('sha256').update(code, 'utf8').digest('base64')}'`);
  return `default-src 'none'; script-src ${hashes.join(' ')} 'unsafe-eval'; style-src 'unsafe-inline'; img-src 'self' data:`;
}

/** The page's own script: draws every chart from the specs in the JSON block (data, not code). */
const DRAW_CHARTS = `
(function () {
  var specs = JSON.parse(document.getElementById('chart-specs').textContent);
  specs.forEach(function (spec, index) {
    var target = document.getElementById('chart-' + index);
    vegaEmbed(target, spec, { actions: false, renderer: 'svg', mode: 'vega-lite' }).catch(function (error) {
      target.className = 'chart chart-error';
      target.textContent = 'This chart could not be drawn: ' + error.message;
      console.error('chart ' + index + ': ' + error.message);
    });
  });
})();
`;

const ms = (value: number | null | undefined): string => (value === null || value === undefined ? '-' : value < 10 ? value.toFixed(2) : value.toFixed(1));
const mb = (bytes: number | null | undefined): string => (bytes === null || bytes === undefined ? '-' : (bytes / 1e6).toFixed(1));
const kb = (bytes: number | null | undefined): string => (bytes === null || bytes === undefined ? '-' : (bytes / 1e3).toFixed(2));

/** How a value is written in each unit the table shows. */
const SHOWN: Record<ShownUnit, (value: number | null) => string> = { ms, MB: mb, KB: kb };

/** The figures the table of cells shows, in the registry's order. */
const TABLE_FIGURES = FIGURES.flatMap((figure) => (figure.reportColumn ? [{ figure, column: figure.reportColumn }] : []));

/** The median over a cell's measured runs of one figure. */
function cellFigure(cell: ReportCell, read: (summary: RunSummary) => number | null | undefined): number | null {
  return median(cell.measured.map((run) => read(run.run.summary)).filter((value): value is number => value !== null && value !== undefined));
}

function runLinks(run: ReportRun, reportDir: string): string {
  if (!run.dir) return escapeHtml(path.basename(run.run.source));
  const link = (file: RunFolderFile): string =>
    `<a href="${hrefFor(path.relative(reportDir, runFilePath(run.dir as string, file)))}" title="${escapeHtml(run.runId)}">${escapeHtml(file.name)}</a>`;
  // broadcast.csv and reconnects.csv only where the run wrote them, so other runs' links are as they were.
  const extra = [BROADCAST_CSV, RECONNECTS_CSV].filter((file) => existsSync(runFilePath(run.dir as string, file)));
  return [link(RUN_JSON), link(CONNECTIONS_CSV), link(SAMPLES_CSV), ...extra.map(link)].join(' ');
}

function failureLinks(cell: ReportCell, reportDir: string): string[] {
  return cell.failures
    .map((failure) => failure.runDir)
    .filter((dir): dir is string => dir !== null)
    .map(
      (dir) => `failed run: <a href="${hrefFor(path.relative(reportDir, runFilePath(dir, RUN_JSON)))}" title="${escapeHtml(path.basename(dir))}">run.json</a>`,
    );
}

function cellTable(source: ReportSource, reportDir: string): string {
  // Only results with other workloads or topologies get the column, so a page of echo runs is as it was.
  const workload = needsWorkloadColumn(source);
  const header = [
    'transport',
    'variant',
    ...(workload ? ['workload'] : []),
    'clients',
    'runs',
    'status',
    'connected',
    ...TABLE_FIGURES.map(({ column }) => `${column.heading} (${column.shownIn})`),
    'load generator',
    'files',
  ];
  const rows = source.cells.map((cell) => {
    const connected = cell.measured.map((run) => `${run.run.summary.connected}/${run.run.summary.clients}`).join(', ') || '-';
    const saturated = cell.measured.some((run) => run.run.summary.loadGenerator.saturated) ? 'saturated' : cell.measured.length > 0 ? 'ok' : '-';
    const reasons = cell.failures.map((failure) => failure.reason);
    for (const run of cell.measured) if (run.run.summary.reason) reasons.push(run.run.summary.reason);
    const status = `<span class="status-${escapeHtml(cell.status.replace(' ', '-'))}">${escapeHtml(cell.status)}</span>${reasons.length > 0 ? `<br>${reasons.map(escapeHtml).join('<br>')}` : ''}`;
    const files = [...cell.measured.map((run) => runLinks(run, reportDir)), ...failureLinks(cell, reportDir)].join('<br>') || '-';
    const cells = [
      escapeHtml(cell.transport),
      escapeHtml(variantLabel(cell.transport, cell.variant)),
      ...(workload ? [escapeHtml([...new Set(cell.measured.map((run) => workloadLabel(run.run.summary)))].join('; ') || cell.mode)] : []),
      `<td class="num">${escapeHtml(cell.clients.toLocaleString('en-US'))}</td>`,
      `<td class="num">${escapeHtml(cell.measured.length + cell.failures.length)}</td>`,
      status,
      `<td class="num">${escapeHtml(connected)}</td>`,
      ...TABLE_FIGURES.map(({ figure, column }) => `<td class="num">${escapeHtml(SHOWN[column.shownIn](cellFigure(cell, (s) => figure.read(s))))}</td>`),
      escapeHtml(saturated),
      `<td class="files">${files}</td>`,
    ];
    return `<tr>${cells.map((content) => (content.startsWith('<td') ? content : `<td>${content}</td>`)).join('')}</tr>`;
  });
  const repeats = source.cells.some((cell) => cell.measured.length > 1) ? ' Figures of repeated cells are the median over their runs.' : '';
  return `<section id="cells">
<h2>Every cell</h2>
<p>One row per transport, variant${workload ? ', workload' : ''} and client count; times are p50/p90/p99 over the clients that connected.${repeats} The files are the raw data every chart and figure here is computed from.</p>
<div class="wide"><table>
<thead><tr>${header.map((name) => `<th>${escapeHtml(name)}</th>`).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table></div>
</section>`;
}

function chartSection(charts: readonly PageChart[]): string {
  const figures = charts.map(
    ({ chart, files }, index) => `<figure>
<div class="chart" id="chart-${index}" role="img" aria-label="${escapeHtml(chart.title)}"></div>
<figcaption>${escapeHtml(chart.caption)} Files: <a href="${hrefFor(files.spec)}">Vega-Lite spec</a>, <a href="${hrefFor(files.svg)}">SVG</a>, <a href="${hrefFor(files.png)}">PNG</a>.</figcaption>
</figure>`,
  );
  return `<section id="charts">
<h2>Charts</h2>
${figures.join('\n')}
</section>`;
}

function headline(source: ReportSource): string {
  const counts = new Map<string, number>();
  for (const cell of source.cells) counts.set(cell.status, (counts.get(cell.status) ?? 0) + 1);
  const statusText = [...counts.entries()].map(([status, count]) => `${count} ${status}`).join(', ');
  const transports = [...new Set(source.cells.map((cell) => cell.transport))].join(', ');
  const sizes = [...new Set(source.cells.map((cell) => cell.clients))].sort((a, b) => a - b);
  const sizeText =
    sizes.length === 1
      ? `${(sizes[0] as number).toLocaleString('en-US')} clients`
      : `${sizes.length} sizes from ${(sizes[0] as number).toLocaleString('en-US')} to ${(sizes.at(-1) as number).toLocaleString('en-US')} clients`;
  const what = source.kind === 'sweep' ? 'Sweep' : source.kind === 'run' ? 'Run' : 'Runs';
  const labels = [...new Set(source.runs.map((run) => run.run.summary.label).filter((label): label is string => label !== null))];
  const labelText = labels.length > 0 ? ` Label: ${labels.join('; ')}.` : '';
  return `${what} of ${transports} at ${sizeText}: ${source.cells.length} cell(s), ${statusText}.${labelText}`;
}

/** The whole page as a string. */
export function renderReportPage(input: PageInput): string {
  const { source } = input;
  const bundles = vegaBundles();
  const specs = input.charts.map(({ chart }) => chart.spec);
  const topology = topologySection(source);
  const memory = memorySection(source);
  const steps = stepSection(source);
  const codes = [...bundles.map((bundle) => `/* ${bundle.name} ${bundle.version}, inlined from node_modules */\n${bundle.code}\n`), DRAW_CHARTS];
  const scripts = codes.map((code) => `<script>${code}</script>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(codes))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>bench report: ${escapeHtml(source.id)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>bench report: ${escapeHtml(source.id)}</h1>
<p class="lead">${escapeHtml(headline(source))}</p>
<p class="lead">Generated ${escapeHtml(input.generatedAt.toISOString())} from ${escapeHtml(source.input)}.</p>
<nav><a href="#charts">Charts</a>${steps ? '<a href="#steps">Scenario steps</a>' : ''}${topology ? '<a href="#topology">Several servers, faults, idle</a>' : ''}${memory ? '<a href="#memory">Memory over time</a>' : ''}<a href="#study">vs the 2020 study</a><a href="#explanations">What explains the differences</a><a href="#cells">Every cell</a><a href="#method">Method</a></nav>
</header>
<main>
${chartSection(input.charts)}
${steps ? `${steps}\n` : ''}${topology ? `${topology}\n` : ''}${memory ? `${memory}\n` : ''}${studySections(input)}
${cellTable(source, input.reportDir)}
${methodSection(source)}
</main>
<footer><p>Made by bench from run.json, connections.csv and samples.csv. Charts drawn with ${bundles.map((bundle) => `${escapeHtml(bundle.name)} ${escapeHtml(bundle.version)}`).join(', ')}, inlined in this file.</p></footer>
<script type="application/json" id="chart-specs">${jsonForScript(specs)}</script>
${scripts}
</body>
</html>
`;
}
