/** `bench run`: one benchmark run of one transport. */
import type { Command } from 'commander';
import { transportChoices } from '../../protocol/transports.js';
import { createProgressRenderer } from '../render/progress-renderer.js';
import { renderRunSummary } from '../render/run-summary-table.js';
import { resolveRunConfig, RUN_DEFAULTS, type RunConfig, type RunOptionsInput } from '../config/run-config.js';
import { runBenchmark } from '../run/run-engine.js';
import type { RunSummary } from '../results/run-summary.js';
import { parseWholeNumber } from '../config/flag-parsers.js';
import { renderRepeatSummary } from '../render/repeat-table.js';
import { runRepeated } from '../run/repeat-runner.js';
import type { CommandOutcome } from './outcome.js';
import { interruptExitCode, withInterruptSignal } from './interrupt.js';
import { writeReportOf } from './report-command.js';
import { prepareBaseline } from '../compare/compare-after-run.js';
import { resolveCompareSettings, type CompareSettings } from '../compare/compare-config.js';
import type { CompareSide } from '../compare/compare-sides.js';
import { ConfigError } from '../errors.js';
import { compareAfterRun } from './compare-command.js';
import { ExitCode } from '../exit-codes.js';
import { serverStarterFor } from './server-starter.js';
import { stackChoices } from '../../protocol/stacks.js';
import { PROFILE_NAMES, PROFILES } from '../config/profiles.js';

function profileHelp(): string {
  return PROFILE_NAMES.map((name) => `${name} (${PROFILES[name].description})`).join('; ');
}

/** Flags common to every command that runs clients (run, and later sweep). */
export function addRunFlags(command: Command): Command {
  return command
    .option('-t, --transport <name>', `${transportChoices()} (required)`)
    .option('-c, --clients <n>', 'number of clients to open (required)')
    .option('--stack <name>', `library versions the server and clients load: ${stackChoices()} (socket.io 2.3.0, ws 7.2.1, sockjs 0.3.20 and their clients) (default: current)`)
    .option('--profile <name>', `a named set of flags; flags given explicitly win: ${profileHelp()} (default: none)`)
    .option('-w, --workers <n>', `client worker processes (default: number of CPUs, ${RUN_DEFAULTS.workers} here)`)
    .option('--concurrency <n>', `handshakes in flight at once, over all workers (default: ${RUN_DEFAULTS.concurrency})`)
    .option('--rate <per-second>', 'connections opened per second, over all workers (default: unlimited)')
    .option('--hold <seconds>', `keep every connection open this long after the ramp (default: ${RUN_DEFAULTS.holdSeconds})`)
    .option('--connect-timeout <seconds>', `per client, for the open and again for the first message (default: ${RUN_DEFAULTS.connectTimeoutSeconds})`)
    .option('--sample-interval <ms>', `server RSS/CPU sampling period (default: ${RUN_DEFAULTS.sampleIntervalMs})`)
    .option('--target <url>', 'run the clients against a server already running at this URL; no server is started and memory is not measured')
    .option('--host <address>', `address our server binds (default: ${RUN_DEFAULTS.host})`)
    .option('--agent <url>', 'run the server on a target box through its bench agent (http://box:port); memory is measured there')
    .option('--token-file <file>', 'the agent\'s token, a copy of the box\'s token file (or set BENCH_AGENT_TOKEN)')
    .option('--socketio-transports <list>', 'socketio only: websocket, polling or polling,websocket (default: websocket)')
    .option('--sockjs-transports <name>', 'sockjs only: websocket, xhr-streaming, xhr-polling or websocket,xhr-streaming,xhr-polling (the client\'s default list) (default: websocket)')
    .option('--per-message-deflate', 'enable per-message deflate on server and clients (ws, socketio) (default: off)')
    .option('--no-per-message-deflate', 'keep per-message deflate off even where --profile turns it on (default: off)')
    .option('--mode <mode>', 'echo: time a sent message to its echo; push: time open to a message the server pushes (default: echo)')
    .option('--payload-bytes <n>', `size of the first message and of every steady-traffic message (default: ${RUN_DEFAULTS.payloadBytes})`)
    .option('--messages-per-second <n>', 'steady traffic in the hold: messages each client sends per second (default: 0, none)')
    .option('--duration <seconds>', 'how long steady traffic lasts; the hold lasts at least this long (default: --hold)')
    .option('--inject-delay-ms <ms>', 'fault injection: the server waits this long before every echo (default: 0)')
    .option('--inject-retain-kb <kib>', 'fault injection: the server holds this much memory per connection (default: 0)')
    .option('--gc-before-steady', 'run a full GC in the server before the hold, to separate garbage from kept memory (default: off)')
    .option('--saturation-cpu <percent>', `a worker using at least this CPU (% of one core, GC threads included) in a sample interval counts as saturated (default: ${RUN_DEFAULTS.saturationCpuPercent})`)
    .option('--saturation-loop-delay <ms>', `a worker whose event-loop delay p99 reaches this counts as saturated (default: ${RUN_DEFAULTS.saturationLoopDelayMs})`)
    .option('--source-addresses <list>', 'local addresses to connect from, e.g. 127.0.0.2,127.0.0.3 (ws, socketio websocket) (default: the OS chooses; spread over 127.0.0.x automatically when one address runs out of ports)')
    .option('--server-start-timeout <seconds>', `how long the server may take to report listening (default: ${RUN_DEFAULTS.serverStartTimeoutMs / 1000})`)
    .option('-o, --out <dir>', `folder that receives the run folder (default: ${RUN_DEFAULTS.outDir})`)
    .option('--label <text>', 'a name for this run, shown in summaries and reports');
}

interface RunCommandFlags extends RunOptionsInput {
  json?: boolean;
  quiet?: boolean;
  repeat?: string;
  baseline?: string;
  threshold?: string[];
  compareConfig?: string;
  allowSaturated?: boolean;
  report?: boolean;
}

/** Adds the run command. */
export function registerRunCommand(program: Command, finish: (outcome: Promise<CommandOutcome>) => void): void {
  addRunFlags(program.command('run').description('start an echo server, open the clients, hold, and write results/<run-id>/'))
    .option('--repeat <n>', 'fresh runs of the same cell, summarised by the median and its interval (exact for 2 to 9 runs, bootstrap from 10) (default: 1)')
    .option('--json', 'print the summary object on stdout (with --repeat: resultsDir, runs and repeat)')
    .option('-q, --quiet', 'no progress output')
    .option('--report', 'then write the report (bench report) of what was run into reports/<id>/')
    .option('--baseline <dir>', 'then compare with this baseline (run, repeat or sweep folder); exit 0 no regression, 1 regression, 2 bad input, 4 not judged')
    .option('--threshold <figure=bounds>', 'with --baseline: a regression threshold, repeatable, as for bench compare (default: compare\'s defaults)', collectThresholds)
    .option('--compare-config <file>', 'with --baseline: thresholds file, as bench compare --config')
    .option('--allow-saturated', 'with --baseline: judge even when the load generator was saturated (default: off)')
    .action((flags: RunCommandFlags) => finish(flags.repeat !== undefined ? runRepeatedCommand(flags) : run(flags)));
}

function collectThresholds(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Loads the baseline and the compare settings before anything starts, so bad input exits 2 at once. */
function prepareBaselineCheck(flags: RunCommandFlags, config: RunConfig): { side: CompareSide; settings: CompareSettings } | null {
  const compareFlags = flags.threshold !== undefined || flags.compareConfig !== undefined || flags.allowSaturated === true;
  if (flags.baseline === undefined) {
    if (compareFlags) throw new ConfigError('--threshold, --compare-config and --allow-saturated judge a comparison, so they need --baseline');
    return null;
  }
  const settings = resolveCompareSettings({ threshold: flags.threshold, config: flags.compareConfig, allowSaturated: flags.allowSaturated });
  return { side: prepareBaseline(flags.baseline, config), settings };
}

/** Exit status of a finished run: 0 ok, 1 partial or failed under load, 3 broken (nothing measured), 130/143 interrupted. */
export function runExitCode(summary: RunSummary, signal: NodeJS.Signals | null): ExitCode {
  if (summary.status === 'ok') return ExitCode.ok;
  if (summary.status === 'interrupted') return interruptExitCode(signal);
  if (summary.broken) return ExitCode.broken;
  return ExitCode.failure;
}

async function runRepeatedCommand(flags: RunCommandFlags): Promise<CommandOutcome> {
  const repeats = parseWholeNumber('--repeat', flags.repeat ?? '1', 1, 1000);
  const config = resolveRunConfig(flags);
  const baseline = prepareBaselineCheck(flags, config);
  const progress = createProgressRenderer(process.stderr, flags.quiet === true);
  const { result, signal } = await withInterruptSignal((abortSignal) =>
    runRepeated(config, repeats, {
      serverStarter: serverStarterFor(config),
      onEvent: progress.onEvent,
      signal: abortSignal,
      onRunDone: (index, summary) => {
        progress.finish();
        process.stderr.write(`run ${index + 1} of ${repeats}:\n${renderRunSummary(summary)}\n\n`);
      },
    }),
  );
  process.stderr.write(`${renderRepeatSummary(result.repeat, result.runs.length)}\nfiles: ${result.resultsDir}\n`);
  if (flags.report) await writeReportOf(result.resultsDir);
  if (flags.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  if (signal) return { exitCode: interruptExitCode(signal) };
  // The most severe run decides: one that could not be carried out (3) over one that measured a failure (1).
  const codes = result.runs.map((summary) => runExitCode(summary, signal));
  const worst = codes.includes(ExitCode.broken) ? ExitCode.broken : codes.includes(ExitCode.failure) ? ExitCode.failure : ExitCode.ok;
  if (baseline && !signal && result.runs.every((summary) => summary.status === 'ok' || summary.status === 'partial')) return compareAfterRun(baseline.side, result.resultsDir, baseline.settings);
  return { exitCode: worst };
}

async function run(flags: RunCommandFlags): Promise<CommandOutcome> {
  const config = resolveRunConfig(flags);
  const baseline = prepareBaselineCheck(flags, config);
  const progress = createProgressRenderer(process.stderr, flags.quiet === true);
  const { result, signal } = await withInterruptSignal((abortSignal) =>
    runBenchmark(config, { serverStarter: serverStarterFor(config), onEvent: progress.onEvent, signal: abortSignal }),
  );
  progress.finish();
  process.stderr.write(`${renderRunSummary(result.summary)}\n`);
  if (flags.report) await writeReportOf(result.runDir);
  if (flags.json) process.stdout.write(`${JSON.stringify(result.summary, null, 2)}\n`);
  if (baseline && (result.summary.status === 'ok' || result.summary.status === 'partial')) return compareAfterRun(baseline.side, result.runDir, baseline.settings);
  return { exitCode: runExitCode(result.summary, signal) };
}
