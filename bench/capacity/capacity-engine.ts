/**
 * The engine of `bench capacity`: probes chosen by the search (capacity-search.ts), each a
 * `bench run --repeat` of fresh servers through the run engine, judged by probe-verdict.ts, and
 * capacity.json and capacity.csv rewritten after each. It never prints; it reports through events.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { EnvironmentError } from '../errors.js';
import type { RunConfig } from '../config/run-config.js';
import type { RunEvent } from '../run/run-events.js';
import { runRepeated } from '../run/repeat-runner.js';
import type { ServerStarter } from '../run/measured-server.js';
import type { RunSummary } from '../summary/run-summary-types.js';
import { RUN_SCHEMA_VERSION } from '../results/run-json.js';
import { estimateRemainingMs, type CellTiming } from '../sweep/time-left.js';
import { probeRunConfig, type CapacityConfig } from './capacity-config.js';
import { bracketOf, isResolved, nextStep, probesLeft, saturationCeiling, type Bracket } from './capacity-search.js';
import { writeCapacityFiles } from './capacity-files.js';
import type { CapacityJson, CapacityStopReason, ProbeRecord } from './capacity-types.js';
import { hardLimitFor, largestWithinLimits } from './hard-limits.js';
import { judgeProbe, wantsAnotherRun } from './probe-verdict.js';
import { describeDone, describeSaturatedStop } from './stop-messages.js';
import { kneePrecision } from './knee-precision.js';
import { median } from '../stats/stats.js';

/** What the search reports while it runs. */
export type CapacityEvent =
  /** `remainingMs` estimates the whole search's time left (null before the first run finished); `probesLeft` counts this one. */
  | {
      type: 'probe-start';
      index: number;
      clients: number;
      phase: ProbeRecord['phase'];
      cappedBy: string | null;
      bracket: Bracket;
      saturatedFrom: number | null;
      probesLeft: number;
      remainingMs: number | null;
    }
  | { type: 'run-event'; event: RunEvent }
  /** `run` past `repeat`: an extra run, replacing a saturated one or settling runs that disagree on a bound. */
  | { type: 'run-done'; probeIndex: number; run: number; repeat: number; maxRuns: number; summary: RunSummary }
  | { type: 'probe-done'; index: number; probe: ProbeRecord; bracket: Bracket }
  /** A saturated probe halved the arrival rate; failures at the higher rate no longer count. */
  | { type: 'rate-lowered'; afterProbe: number; fromPerSecond: number | null; toPerSecond: number; lowering: number; of: number };

/** Hooks of one search. */
export interface CapacityHooks {
  onEvent?: (event: CapacityEvent) => void;
  /** Aborting stops the run in progress (its files are kept) and probes nothing more. */
  signal?: AbortSignal;
  serverStarterFor?: (config: RunConfig) => ServerStarter;
}

/** The outcome: the capacity folder and what capacity.json holds. */
export interface CapacityResult {
  dir: string;
  record: CapacityJson;
}

function newCapacityId(transport: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').replace(/\..*$/, '');
  return `${stamp}-capacity-${transport}-${Math.random().toString(16).slice(2, 6)}`;
}

const STOP_FOR_VERDICT: Partial<Record<ProbeRecord['verdict'], CapacityStopReason>> = { broken: 'broken', interrupted: 'interrupted' };

/** Runs one probe: `repeat` fresh runs of `clients` (more to replace saturated runs or settle a close call, up to `maxRuns`) into the capacity folder, judged together. */
async function runProbe(
  config: CapacityConfig,
  dir: string,
  step: Pick<ProbeRecord, 'clients' | 'phase' | 'cappedBy' | 'ratePerSecond'>,
  index: number,
  hooks: CapacityHooks,
): Promise<{ probe: ProbeRecord; runs: RunSummary[] }> {
  const emit = hooks.onEvent ?? (() => undefined);
  const { clients, phase, cappedBy } = step;
  const runConfig = probeRunConfig(config, clients, dir, step.ratePerSecond);
  const started = performance.now();
  const result = await runRepeated(runConfig, config.repeat, {
    ...(hooks.serverStarterFor ? { serverStarter: hooks.serverStarterFor(runConfig) } : {}),
    ...(hooks.signal ? { signal: hooks.signal } : {}),
    onEvent: (event) => emit({ type: 'run-event', event }),
    onRunDone: (run, summary) => emit({ type: 'run-done', probeIndex: index, run: run + 1, repeat: config.repeat, maxRuns: config.maxRuns, summary }),
    extraRuns: { atMost: config.maxRuns, wantsAnother: (runs) => wantsAnotherRun(config.slo, runs, config.repeat, config.maxRuns) },
  });
  const judgement = judgeProbe(config.slo, result.runs, config.repeat);
  const probe: ProbeRecord = {
    clients,
    phase,
    cappedBy,
    ratePerSecond: runConfig.ratePerSecond,
    verdict: judgement.verdict,
    reason: judgement.reason,
    dir: path.relative(dir, path.resolve(result.resultsDir)),
    runs: result.runs.map((run) => ({
      runDir: path.basename(run.resultsDir),
      status: run.status,
      saturated: run.loadGenerator?.saturated === true,
      wallMs: run.wallMs,
    })),
    saturatedRuns: judgement.saturatedRuns,
    judgements: judgement.judgements,
    wallMs: Math.round(performance.now() - started),
  };
  return { probe, runs: result.runs };
}

/** The halved arrival rate after a saturated probe, recorded in `record`, or null when the lowerings are used up or the rate cannot go lower. */
function lowerRate(
  probe: ProbeRecord,
  runs: readonly RunSummary[],
  record: CapacityJson,
  config: CapacityConfig,
): CapacityJson['rateLowerings'][number] | null {
  if (record.rateLowerings.length >= config.rateLowerings) return null;
  // From an unlimited ramp, half of what the saturated runs actually reached.
  const reached = median(runs.map((run) => run.connectionsPerSecond).filter((value): value is number => value !== null));
  const from = probe.ratePerSecond ?? reached;
  if (from === null) return null;
  // Never below 1/s; a probe that ramped slower than 2/s (a handful of clients on a loaded machine) still goes down to 1/s.
  const toPerSecond = Math.max(1, Math.floor(from / 2));
  if (toPerSecond >= from) return null;
  const lowering = { afterProbe: record.probes.length, fromPerSecond: probe.ratePerSecond, toPerSecond };
  record.rateLowerings.push(lowering);
  return lowering;
}

/** The largest count between what passed and a growth step that crosses a hard limit, or null when it would add nothing within the resolution. */
function stepUnderLimit(
  config: CapacityConfig,
  dir: string,
  rate: number | null,
  bracket: Bracket,
  over: number,
  lastMeasured: RunSummary | null,
): number | null {
  const low = bracket.low ?? 0;
  const largest = largestWithinLimits((clients) => probeRunConfig(config, clients, dir, rate), low, over, lastMeasured);
  if (largest <= low || (bracket.low !== null && isResolved({ low, high: largest }, config.resolution))) return null;
  return largest;
}

/** Searches the largest client count that meets every objective. Throws only when its folder cannot be made. */
export async function runCapacitySearch(config: CapacityConfig, hooks: CapacityHooks = {}, now = new Date()): Promise<CapacityResult> {
  const emit = hooks.onEvent ?? (() => undefined);
  const dir = path.join(config.outDir, newCapacityId(config.transport, now));
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new EnvironmentError(
      `cannot create the capacity folder ${dir}: ${error instanceof Error ? error.message : String(error)}; choose a writable one with --out`,
    );
  }
  const wallStart = performance.now();
  const record: CapacityJson = {
    schemaVersion: RUN_SCHEMA_VERSION,
    kind: 'capacity',
    startedAt: now.toISOString(),
    finishedAt: null,
    status: 'running',
    config,
    capacity: null,
    bracket: { low: null, high: null },
    saturatedFrom: null,
    precision: null,
    stop: null,
    probes: [],
    rateLowerings: [],
    wallMs: 0,
  };
  const passed: number[] = [];
  const failed: number[] = [];
  // Probes that saturated the load generator: the search bisects below the smallest as below a failure.
  const saturated: number[] = [];
  const timings: CellTiming[] = [];
  let lastMeasured: RunSummary | null = null;
  // null: the probes' own --rate (or unlimited); set once a saturated probe halved it.
  let rateOverride: number | null = null;
  const stop = (reason: CapacityStopReason, message: string): void => {
    record.stop = { reason, message };
  };
  const settle = (): void => {
    record.bracket = bracketOf(passed, failed);
    record.capacity = record.bracket.low;
    record.saturatedFrom = saturationCeiling(passed, failed, saturated);
    record.precision = kneePrecision(config.slo, record.probes, record.capacity, record.bracket.high);
  };
  await writeCapacityFiles(dir, record);

  while (record.stop === null) {
    const bracket = bracketOf(passed, [...failed, ...saturated]);
    const step = nextStep(bracket, config);
    if (step.type === 'done') {
      const ceiling = saturationCeiling(passed, failed, saturated);
      if (ceiling !== null && ceiling === bracket.high) stop('saturated', describeSaturatedStop(record, ceiling, config));
      else stop(step.reason, describeDone(step.reason, bracket, config));
      break;
    }
    if (hooks.signal?.aborted) {
      stop('interrupted', 'stopped by a signal');
      break;
    }
    let clients = step.clients;
    let cappedBy: string | null = null;
    const limit = hardLimitFor(probeRunConfig(config, clients, dir, rateOverride), lastMeasured);
    if (limit !== null) {
      // Growing past a limit: the largest count under it is still worth a probe, unless it is within the resolution of what passed.
      const capped = step.phase === 'grow' ? stepUnderLimit(config, dir, rateOverride, bracket, clients, lastMeasured) : null;
      if (capped === null) {
        const lastPass = record.probes.findLast((probe) => probe.verdict === 'pass');
        const most = lastPass?.cappedBy && lastPass.clients === bracket.low ? `${lastPass.clients} clients, the largest count under it, passed; ` : '';
        stop('hard-limit', `${most}${clients} clients would cross a hard limit of this machine: ${limit}`);
        break;
      }
      cappedBy = `${clients} clients would cross it: ${limit}`;
      clients = capped;
    }
    const left = probesLeft(bracket, config);
    const index = record.probes.length + 1;
    // Probes so far show how many runs one takes (saturated runs replaced, close calls settled).
    const runsPerProbe = record.probes.length === 0 ? config.repeat : timings.length / record.probes.length;
    const remainingMs = estimateRemainingMs(
      timings,
      Array.from({ length: Math.round(left * runsPerProbe) }, () => clients),
      0,
    );
    emit({
      type: 'probe-start',
      index,
      clients,
      phase: step.phase,
      cappedBy,
      bracket: record.bracket,
      saturatedFrom: record.saturatedFrom,
      probesLeft: left,
      remainingMs,
    });
    let outcome: Awaited<ReturnType<typeof runProbe>>;
    try {
      outcome = await runProbe(config, dir, { clients, phase: step.phase, cappedBy, ratePerSecond: rateOverride }, index, hooks);
    } catch (error) {
      // The run engine's own preflight may still refuse (limits read again): a hard limit too.
      if (error instanceof EnvironmentError) stop('hard-limit', `${clients} clients: ${error.message}`);
      else stop('broken', error instanceof Error ? error.message : String(error));
      break;
    }
    const { probe, runs } = outcome;
    record.probes.push(probe);
    for (const run of runs) timings.push({ clients: run.clients, wallMs: run.wallMs });
    if (probe.verdict === 'pass') {
      passed.push(probe.clients);
      lastMeasured = runs.at(-1) ?? lastMeasured;
    } else if (probe.verdict === 'fail') {
      failed.push(probe.clients);
    }
    const lowered = probe.verdict === 'saturated' ? lowerRate(probe, runs, record, config) : null;
    if (lowered !== null) {
      rateOverride = lowered.toPerSecond;
      // A failure or a saturation at the higher arrival rate says nothing about the lower one; a pass stays a pass.
      failed.length = 0;
      saturated.length = 0;
      emit({ type: 'rate-lowered', ...lowered, lowering: record.rateLowerings.length, of: config.rateLowerings });
    } else if (probe.verdict === 'saturated') {
      saturated.push(probe.clients);
    }
    settle();
    const stopReason = STOP_FOR_VERDICT[probe.verdict];
    if (stopReason) stop(stopReason, `${probe.clients} clients: ${probe.reason}`);
    record.wallMs = Math.round(performance.now() - wallStart);
    await writeCapacityFiles(dir, record);
    emit({ type: 'probe-done', index, probe, bracket: record.bracket });
  }

  settle();
  record.status = 'done';
  record.finishedAt = new Date().toISOString();
  record.wallMs = Math.round(performance.now() - wallStart);
  await writeCapacityFiles(dir, record);
  return { dir, record };
}
