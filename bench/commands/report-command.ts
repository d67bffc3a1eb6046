/** `bench report`: charts and an HTML page from a run folder or a sweep folder. */
import type { Command } from 'commander';
import { ConfigError } from '../errors.js';
import { formatMs } from '../render/format.js';
import type { CommandOutcome } from './outcome.js';
import { ExitCode } from '../exit-codes.js';
import { REPORT_DEFAULTS } from '../config/report-defaults.js';

interface ReportCommandFlags {
  out?: string;
  json?: boolean;
}

/** Adds the report command. */
export function registerReportCommand(program: Command, finish: (outcome: Promise<CommandOutcome>) => void): void {
  program
    .command('report')
    .description('write reports/<id>/index.html and charts (Vega-Lite, SVG, PNG) from a run folder or a sweep folder')
    .argument('[run-or-sweep-dir]', 'a run folder, a sweep folder, a folder of runs, or a run.json (required)')
    .option('-o, --out <dir>', `folder that receives the report folder (default: ${REPORT_DEFAULTS.outDir})`)
    .option('--json', 'print an object with the report path and the charts on stdout')
    .action((target: string | undefined, flags: ReportCommandFlags) => finish(report(target, flags)));
}

/** Writes the report of a run or sweep folder into reports/ and says where on stderr; for `--report` of run and sweep. */
export async function writeReportOf(dir: string): Promise<string> {
  // Loaded here, not at start-up: vega is large and no other command needs it.
  const { writeReport } = await import('../report/write-report.js');
  const written = await writeReport({ source: dir });
  for (const warning of written.warnings) process.stderr.write(`note: chart ${warning}\n`);
  for (const notice of written.notices) process.stderr.write(`note: ${notice}\n`);
  process.stderr.write(`report: ${written.htmlPath}\n`);
  return written.htmlPath;
}

async function report(target: string | undefined, flags: ReportCommandFlags): Promise<CommandOutcome> {
  if (target === undefined) throw new ConfigError('bench report needs a run folder or a sweep folder, e.g. bench report results/<sweep-id>');
  // Loaded here, not at start-up: vega is large and no other command needs it.
  const { writeReport } = await import('../report/write-report.js');
  const written = await writeReport({ source: target, ...(flags.out === undefined ? {} : { outDir: flags.out }) });
  for (const warning of written.warnings) process.stderr.write(`note: chart ${warning}\n`);
  for (const notice of written.notices) process.stderr.write(`note: ${notice}\n`);
  process.stderr.write(`report: ${written.htmlPath} (${written.charts.length} charts, ${formatMs(written.renderMs)})\n`);
  if (flags.json) {
    process.stdout.write(
      `${JSON.stringify({ report: written.htmlPath, reportDir: written.reportDir, charts: written.charts, renderMs: written.renderMs }, null, 2)}\n`,
    );
  }
  return { exitCode: ExitCode.ok };
}
