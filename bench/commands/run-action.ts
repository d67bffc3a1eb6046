/** What `bench run` does once its flags are parsed: the run (or repeated runs), the summary, then the report or comparison asked for. */
import { createProgressRenderer } from '../render/progress-renderer.js';
import { renderRunSummary } from '../render/run-summary-table.js';
import { resolveRunConfig, type RunConfig, type RunOptionsInput } from '../config/run-config.js';
import { runBenchmark } from '../run/run-engine.js';
import type { RunSummary } from '../summary/run-summary-types.js';
import { parseWholeNumber } from '../config/flag-parsers.js';
import { renderRepeatSummary } from '../render/repeat-table.js';
import { runRepeated } from '../run/repeat-runner.js';
import type { CommandOutcome } from './outcome.js';
import { interruptExitCode, withInterruptSignal } from './interrupt.js';
import { writeReportOf } from './report-command.js';
import { resolveCompareSettings, type CompareSettings } from '../compare/compare-config.js';
import type { CompareSide } from '../compare/compare-sides.js';
import type { Comparison } from '../compare/comparison.js';
import { ConfigError } from '../errors.js';
import { loadScenarioReader } from '../config/scenario-reader.js';
import { finishCiChecks, prepareCiChecks, type CiCheckFlags, type CiChecks } from './ci-checks.js';
import { ExitCode } from '../exit-codes.js';
import { serverStarterFor } from './server-starter.js';
import { shardFromEnvironment } from '../config/shard-config.js';
import { FilesNotWrittenError } from '../run/files-not-written.js';
import { resolveMetricsFlags, type MetricsFlagsInput, type MetricsOptions } from '../config/metrics-flags.js';
import type { RunEvent, RunHooks } from '../run/run-events.js';

/** The flags of `bench run`, as commander hands them over. */
export interface RunCommandFlags extends RunOptionsInput, CiCheckFlags, MetricsFlagsInput {
  json?: boolean;
  quiet?: boolean;
  repeat?: string;
  baseline?: string;
  threshold?: string[];
  compareConfig?: string;
  allowSaturated?: boolean;
  report?: boolean;
}

/** The flags with the shard of a Kubernetes Indexed Job filled in when --shard is absent. */
function withShardFromEnvironment(flags: RunCommandFlags): RunCommandFlags {
  return flags.shard === undefined ? { ...flags, shard: shardFromEnvironment(process.env) } : flags;
}

/**
 * Loads the baseline and the compare settings before anything starts, so bad input exits 2 at once.
 * The comparison's modules (the result readers and their schemas) load only with --baseline: a plain
 * run's main process is part of the load generator's footprint.
 */
async function prepareBaselineCheck(flags: RunCommandFlags, config: RunConfig): Promise<{ side: CompareSide; settings: CompareSettings } | null> {
  const compareFlags = flags.threshold !== undefined || flags.compareConfig !== undefined || flags.allowSaturated === true;
  if (flags.baseline === undefined) {
    if (compareFlags) throw new ConfigError('--threshold, --compare-config and --allow-saturated judge a comparison, so they need --baseline');
    return null;
  }
  const settings = resolveCompareSettings({ threshold: flags.threshold, config: flags.compareConfig, allowSaturated: flags.allowSaturated });
  const { prepareBaseline } = await import('../compare/compare-after-run.js');
  return { side: prepareBaseline(flags.baseline, config, settings.rules), settings };
}

/** Exit status of a finished run: 0 ok, 1 partial or failed under load, 3 broken (nothing measured), 130/143 interrupted. */
export function runExitCode(summary: RunSummary, signal: NodeJS.Signals | null): ExitCode {
  if (summary.status === 'ok') return ExitCode.ok;
  if (summary.status === 'interrupted') return interruptExitCode(signal);
  if (summary.broken) return ExitCode.broken;
  return ExitCode.failure;
}

/** A run whose files could not all be written (a full disk) still shows what it measured, then fails with exit 3. */
function printSummaryOfUnwrittenRun(error: unknown, finishProgress: () => void): never {
  if (error instanceof FilesNotWrittenError) {
    finishProgress();
    process.stderr.write(`${renderRunSummary(error.summary)}
`);
  }
  throw error;
}

/** --agent-server names a command the agent declared: asked before anything starts. */
async function checkAgentServer(config: RunConfig): Promise<void> {
  if (config.userServer?.kind !== 'agent' || config.agent === null) return;
  const { requireDeclaredServer } = await import('../agent/declared-server-check.js');
  await requireDeclaredServer(config.agent, config.userServer.name);
}

/** What a run's hooks get from --metrics-port: its observer and events, and the close once the files are written. */
interface LiveMetrics {
  hooks: Pick<RunHooks, 'observer'>;
  onEvent(event: RunEvent): void;
  close(): Promise<void>;
}

/**
 * Starts the endpoint before anything else, so a port in use exits 2 with nothing started. The
 * metrics module (and prom-client) is loaded only here, when --metrics-port is given.
 */
async function startLiveMetrics(options: MetricsOptions | null): Promise<LiveMetrics | null> {
  if (options === null) return null;
  const { startMetricsEndpoint } = await import('../metrics/metrics-endpoint.js');
  const endpoint = await startMetricsEndpoint(options);
  // Printed even with --quiet: a scraper needs the port that 0 chose.
  process.stderr.write(`metrics: ${endpoint.url}\n`);
  return { hooks: { observer: endpoint.metrics }, onEvent: endpoint.metrics.onEvent, close: () => endpoint.close() };
}

/** The run's event handler: the progress renderer's, and the live metrics' when there are any. */
function eventsTo(progress: (event: RunEvent) => void, metrics: LiveMetrics | null): (event: RunEvent) => void {
  if (metrics === null) return progress;
  return (event) => {
    metrics.onEvent(event);
    progress(event);
  };
}

/** What a run (or repeated runs) is prepared with before anything starts: every check that can exit 2, the progress, the live metrics, the hooks. */
interface PreparedRun {
  checks: CiChecks;
  baseline: { side: CompareSide; settings: CompareSettings } | null;
  progress: ReturnType<typeof createProgressRenderer>;
  metrics: LiveMetrics | null;
  hooks: Pick<RunHooks, 'serverStarter' | 'onEvent' | 'observer'>;
}

async function prepareRun(flags: RunCommandFlags, config: RunConfig): Promise<PreparedRun> {
  const checks = prepareCiChecks(flags);
  await checkAgentServer(config);
  const baseline = await prepareBaselineCheck(flags, config);
  const metricsOptions = resolveMetricsFlags(flags);
  const serverStarter = serverStarterFor(config);
  const progress = createProgressRenderer(process.stderr, flags.quiet === true);
  const metrics = await startLiveMetrics(metricsOptions);
  return { checks, baseline, progress, metrics, hooks: { serverStarter, onEvent: eventsTo(progress.onEvent, metrics), ...metrics?.hooks } };
}

/** Runs `work` until done or interrupted; a run whose files could not all be written still prints its summary; the metrics endpoint closes either way. */
function measure<T>(prepared: PreparedRun, work: (signal: AbortSignal) => Promise<T>): Promise<{ result: T; signal: NodeJS.Signals | null }> {
  return withInterruptSignal(work)
    .catch((error: unknown) => printSummaryOfUnwrittenRun(error, prepared.progress.finish))
    .finally(() => prepared.metrics?.close());
}

export async function runRepeatedCommand(flags: RunCommandFlags): Promise<CommandOutcome> {
  if (withShardFromEnvironment(flags).shard !== undefined)
    throw new ConfigError('--shard runs one share of one run, so it cannot be repeated; drop --repeat and run the shards again instead');
  const repeats = parseWholeNumber('--repeat', flags.repeat ?? '1', 1, 1000);
  await loadScenarioReader(flags.scenario !== undefined);
  const config = resolveRunConfig(flags);
  const prepared = await prepareRun(flags, config);
  const { result, signal } = await measure(prepared, (abortSignal) =>
    runRepeated(config, repeats, {
      ...prepared.hooks,
      signal: abortSignal,
      onRunDone: (index, summary) => {
        prepared.progress.finish();
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
  const { baseline } = prepared;
  const comparable = baseline !== null && result.runs.every((summary) => summary.status === 'ok' || summary.status === 'partial');
  return judgeFinished(prepared.checks, result.resultsDir, worst, comparable ? baseline : null);
}

/**
 * After the run: with --baseline, the comparison decides the exit code (a finished run's failed
 * clients are judged against the baseline's); then --slo's bounds and --junit's file.
 */
async function judgeFinished(
  checks: CiChecks,
  resultsDir: string,
  exitCode: ExitCode,
  baseline: { side: CompareSide; settings: CompareSettings } | null,
): Promise<CommandOutcome> {
  let comparison: Comparison | null = null;
  if (baseline !== null) {
    const [{ compareRunWithBaseline }, { publishComparison }] = await Promise.all([import('../compare/compare-after-run.js'), import('./compare-action.js')]);
    comparison = compareRunWithBaseline(baseline.side, resultsDir, baseline.settings);
    await publishComparison(comparison, {});
  }
  return { exitCode: await finishCiChecks(checks, 'bench run', resultsDir, comparison?.exitCode ?? exitCode, comparison) };
}

export async function run(flags: RunCommandFlags): Promise<CommandOutcome> {
  await loadScenarioReader(flags.scenario !== undefined);
  const config = resolveRunConfig(withShardFromEnvironment(flags));
  const prepared = await prepareRun(flags, config);
  const { result, signal } = await measure(prepared, (abortSignal) => runBenchmark(config, { ...prepared.hooks, signal: abortSignal }));
  prepared.progress.finish();
  process.stderr.write(`${renderRunSummary(result.summary)}\n`);
  if (flags.report) await writeReportOf(result.runDir);
  if (flags.json) process.stdout.write(`${JSON.stringify(result.summary, null, 2)}\n`);
  if (signal) return { exitCode: runExitCode(result.summary, signal) };
  const { baseline } = prepared;
  const comparable = baseline !== null && (result.summary.status === 'ok' || result.summary.status === 'partial');
  return judgeFinished(prepared.checks, result.runDir, runExitCode(result.summary, signal), comparable ? baseline : null);
}
