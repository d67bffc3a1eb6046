/**
 * `bench report`: reads a run, a folder of runs or a sweep from disk, and writes
 * reports/<id>/index.html with charts/<name>.vl.json, .svg and .png beside it.
 */
import { existsSync, statSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeFileAtomic, writeJsonAtomic } from '../results/atomic-write.js';
import { EnvironmentError } from '../errors.js';
import { REPORT_DEFAULTS } from '../config/report-defaults.js';
import { renderChart } from './chart-render.js';
import type { ReportChart } from './chart-style.js';
import { connectDistributionChart } from './distribution-charts.js';
import { renderReportPage, type PageChart } from './html-page.js';
import { loadReportSource, type ReportSource } from './report-source.js';
import { compareWithStudy } from './study-comparison.js';
import { explainDifferences } from './study-explanations.js';
import { loadStudyData, type StudyData } from './study-data.js';
import { sweepCharts } from './sweep-charts.js';
import { capacityCharts, readCapacityOf } from './capacity-charts.js';
import { MAX_TIMELINE_RUNS, serverTimelineChart } from './timeline-charts.js';
import { fanOutChart } from './fan-out-charts.js';
import { stepCharts } from './step-charts.js';
import { faultTimelineCharts, MAX_FAULT_TIMELINES } from './fault-timeline-charts.js';

/** Where the report comes from and goes. */
export interface ReportOptions {
  /** A run folder, a folder of runs, a sweep folder or a run.json. */
  source: string;
  /** Folder that receives the report folder; default "reports". */
  outDir?: string;
  /** Test hook: the study data file to read instead of data/study-2020.json. */
  studyFile?: string;
}

/** What was written. Paths as given (relative to the working folder when the input was). */
export interface WrittenReport {
  reportDir: string;
  htmlPath: string;
  /** Chart names, each written as charts/<name>.vl.json, .svg and .png. */
  charts: string[];
  /** Time to read, chart, render and write, in ms. */
  renderMs: number;
  /** Warnings of vega-lite and vega, each prefixed with its chart's name. */
  warnings: string[];
  /** One line per CSV file of a run that is missing or has rows that could not be read. */
  notices: string[];
}

/** The charts for a source: the sweep's figures vs clients when it has two sizes or more, the timeline when it has one. */
export function chartsFor(source: ReportSource, study: StudyData): ReportChart[] {
  const sizes = new Set(source.cells.filter((cell) => cell.measured.length > 0).map((cell) => cell.clients));
  const charts: ReportChart[] = [];
  let leftOut = '';
  if (sizes.size > 1) charts.push(...sweepCharts(source, study));
  else {
    const timeline = serverTimelineChart(source);
    if (timeline) charts.push(timeline);
    const sampled = source.cells.flatMap((cell) => cell.measured).filter((run) => run.samples && run.samples.length > 0).length;
    if (sampled > MAX_TIMELINE_RUNS) {
      leftOut = ` The server memory timeline is left out: ${sampled} runs are more than ${MAX_TIMELINE_RUNS} lines one chart can show; each run's samples.csv has it.`;
    }
  }
  // A scenario's steps, then broadcast fan-out against nodes, and the timelines of runs through a fault or a server restart.
  charts.push(...stepCharts(source));
  const fanOut = fanOutChart(source);
  if (fanOut) charts.push(fanOut);
  const faults = faultTimelineCharts(source);
  const lastFault = faults.charts.at(-1);
  if (lastFault && faults.leftOut > 0) {
    faults.charts[faults.charts.length - 1] = {
      ...lastFault,
      caption: `${lastFault.caption} ${faults.leftOut} more runs through faults have no timeline here (at most ${MAX_FAULT_TIMELINES}); their run.json and broadcast.csv have it.`,
    };
  }
  charts.push(...faults.charts);
  // A capacity search's folder: each objective against clients, with its bound and the knee.
  const capacity = existsSync(source.input) && statSync(source.input).isDirectory() ? readCapacityOf(source.input) : null;
  if (capacity) charts.push(...capacityCharts(capacity));
  const distribution = connectDistributionChart(source);
  if (distribution) charts.push({ ...distribution, caption: `${distribution.caption}${leftOut}` });
  return charts;
}

/**
 * Reads the source, renders every chart and writes the report folder. The folder is made under a
 * temporary name and renamed when the page is written, so a report that fails part-way leaves no
 * folder of charts without an index.html (and an earlier report of the same id stays as it was).
 */
export async function writeReport(options: ReportOptions): Promise<WrittenReport> {
  const started = performance.now();
  const source = loadReportSource(options.source);
  const study = loadStudyData(options.studyFile);
  const outDir = options.outDir ?? REPORT_DEFAULTS.outDir;
  const reportDir = path.join(outDir, source.id);
  const partialDir = path.join(outDir, `.${source.id}.partial-${process.pid}`);
  try {
    await mkdir(path.join(partialDir, 'charts'), { recursive: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new EnvironmentError(`cannot create the report folder ${reportDir}: ${reason}; choose a writable one with --out`);
  }
  try {
    const written = await writeReportFiles(source, study, reportDir, partialDir);
    await rm(reportDir, { recursive: true, force: true });
    await rename(partialDir, reportDir);
    return { ...written, renderMs: Math.round(performance.now() - started) };
  } finally {
    await rm(partialDir, { recursive: true, force: true });
  }
}

/** Renders the charts and the page into `partialDir`; links and paths are those of `reportDir`, where the folder ends up. */
async function writeReportFiles(source: ReportSource, study: StudyData, reportDir: string, partialDir: string): Promise<Omit<WrittenReport, 'renderMs'>> {
  const pageCharts: PageChart[] = [];
  const warnings: string[] = [];
  for (const chart of chartsFor(source, study)) {
    const rendered = await renderChart(chart.name, chart.spec);
    const files = { spec: `charts/${chart.name}.vl.json`, svg: `charts/${chart.name}.svg`, png: `charts/${chart.name}.png` };
    await writeJsonAtomic(path.join(partialDir, files.spec), chart.spec);
    await writeFileAtomic(path.join(partialDir, files.svg), rendered.svg);
    await writeFileAtomic(path.join(partialDir, files.png), rendered.png);
    pageCharts.push({ chart, files });
    warnings.push(...rendered.warnings.map((warning) => `${chart.name}: ${warning}`));
  }
  const html = renderReportPage({
    source,
    reportDir,
    charts: pageCharts,
    comparison: compareWithStudy(source, study),
    explanations: explainDifferences(source, study),
    study,
    generatedAt: new Date(),
  });
  await writeFileAtomic(path.join(partialDir, 'index.html'), html);
  const notices = source.runs.flatMap((run) => run.notices);
  return { reportDir, htmlPath: path.join(reportDir, 'index.html'), charts: pageCharts.map(({ chart }) => chart.name), warnings, notices };
}
