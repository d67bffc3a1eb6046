/**
 * The options of `bench capacity`: the objective (--objective, which fills the workload and the
 * bounds the user did not give), the search (start, growth, resolution, limit, repeats) and the
 * `bench run` flags every probe shares. Everything is checked here, before the first server starts.
 */
import { ConfigError } from '../errors.js';
import { parseChoice, parseDecimal, parseWholeNumber, shareOf } from '../config/flag-parsers.js';
import { resolveRunConfig, RUN_DEFAULTS, type RunConfig, type RunOptionsInput } from '../config/run-config.js';
import { TRANSPORT_NAMES, type TransportName } from '../../protocol/transports.js';
import { parseSlo, type Slo } from '../slo/slo.js';
import { parseSloFlags } from '../slo/slo-flag.js';
import { CAPACITY_OBJECTIVES, DEFAULT_OBJECTIVE, objectiveFill, type CapacityObjective, type ObjectiveFill } from './capacity-objectives.js';

/** The `bench run` flags a capacity search passes to each probe, as typed. The client count is the search's; --target cannot give a fresh server. */
export type CapacityRunFlags = Omit<RunOptionsInput, 'transport' | 'clients' | 'target' | 'out'>;

/** Flags as the CLI received them. */
export interface CapacityOptionsInput extends CapacityRunFlags {
  transport?: string;
  objective?: string;
  /** As typed: one --slo, or several (repeatable, like run's). */
  slo?: string | string[];
  resolution?: string;
  repeat?: string;
  maxRuns?: string;
  startClients?: string;
  maxClients?: string;
  growth?: string;
  rateLowerings?: string;
  out?: string;
}

/** The workload every probe runs, as the first probe's run resolves it: what the capacity is the capacity for. */
export interface CapacityWorkload {
  /** Connections opened per second (--rate); null: unlimited, `concurrency` handshakes at a time (a burst). */
  ratePerSecond: number | null;
  /** Handshakes in flight at once, over all workers. */
  concurrency: number;
  /** Messages each client sends per second in the hold; 0: no steady traffic. */
  messagesPerSecond: number;
  /** How long the steady traffic lasts, in seconds. */
  durationSeconds: number;
  /** The client the load generator drives (--client): library or wire; library where not given. */
  client: string;
}

/** A complete capacity search configuration; written into capacity.json. */
export interface CapacityConfig {
  transport: TransportName;
  /** The question the search answers (--objective): it filled the run flags and objectives in `filledByObjective`. */
  objective: CapacityObjective;
  slo: Slo[];
  /** The search stops when the bracket's width is at most this share of its lower end (0.05 = 5%). */
  resolution: number;
  /** Fresh runs per probe whose load generator kept up, judged by their median. */
  repeat: number;
  /** Most runs of one probe: extra runs replace saturated ones and settle a probe whose runs disagree on a bound. */
  maxRuns: number;
  /** Clients of the first probe. */
  startClients: number;
  /** The largest client count the search may try: a limit the user names. */
  maxClients: number;
  /** Each growth step multiplies the client count by this. */
  growth: number;
  /** Times a saturated probe is run again at half the arrival rate before the search stops on saturation; it changes the workload, so 0 by default. */
  rateLowerings: number;
  /** Folder that receives the capacity folder. */
  outDir: string;
  /** The run flags of every probe: those the user gave, and those the objective filled. */
  runFlags: CapacityRunFlags;
  /** What the objective filled because the user gave none: run flags as typed, and the objectives (null: --slo was given). */
  filledByObjective: ObjectiveFill;
  workload: CapacityWorkload;
}

/** Defaults of the search. */
export const CAPACITY_DEFAULTS = {
  objective: DEFAULT_OBJECTIVE,
  resolution: 0.05,
  repeat: 3,
  startClients: 1000,
  maxClients: 1_000_000,
  growth: 2,
  rateLowerings: 0,
  outDir: RUN_DEFAULTS.outDir,
} as const;

/** Parses --resolution: a share of the capacity in (0, 50%], as "5%" or "0.05". */
export function parseResolution(raw: string): number {
  const value = shareOf(raw);
  if (!Number.isFinite(value) || value <= 0 || value > 0.5) {
    throw new ConfigError(`--resolution must be a share of the capacity above 0% and no more than 50%, such as 5% or 0.05; got "${raw}"`);
  }
  return value;
}

/** Most runs of a probe unless --max-runs says: twice the repeats and one more (7 at the default 3). */
export function defaultMaxRuns(repeat: number): number {
  return 2 * repeat + 1;
}

function parseMaxRuns(raw: string, repeat: number): number {
  const value = parseWholeNumber('--max-runs', raw, 1, 201);
  if (value < repeat)
    throw new ConfigError(`--max-runs (${value}) is below --repeat (${repeat}); a probe runs at least --repeat times, so raise --max-runs or lower --repeat`);
  return value;
}

/** The resolved run config of one probe of `clients`, writing its run folder into `dir`; `ratePerSecond` replaces --rate once the search lowered it. */
export function probeRunConfig(
  config: Pick<CapacityConfig, 'runFlags' | 'transport'>,
  clients: number,
  dir: string,
  ratePerSecond: number | null = null,
): RunConfig {
  const rate = ratePerSecond === null ? {} : { rate: String(ratePerSecond) };
  return resolveRunConfig({ ...config.runFlags, ...rate, transport: config.transport, clients: String(clients), out: dir });
}

/** Objectives on steady-traffic figures need steady traffic, and a hold to send it in, to measure them. */
function rejectUnmeasurable(config: Pick<CapacityConfig, 'slo' | 'objective' | 'filledByObjective' | 'runFlags'>, runConfig: RunConfig): void {
  const traffic = config.slo.find((item) => item.figure.startsWith('steadyTraffic.'));
  if (!traffic) return;
  if (runConfig.messagesPerSecond > 0 && runConfig.durationSeconds === 0)
    throw new ConfigError(
      `--hold 0 leaves no time for the steady traffic that ${traffic.figure} is measured on; give --hold or --duration in seconds (e.g. 10)`,
    );
  if (runConfig.messagesPerSecond > 0) return;
  if (config.filledByObjective.slo === null) {
    throw new ConfigError(`--slo names ${traffic.figure}, which only steady traffic measures; add --messages-per-second (e.g. 1)`);
  }
  // The server objective's own bounds, on a workload of the user's without bench's echo traffic.
  const workload = config.runFlags.scenario === undefined ? `--mode ${config.runFlags.mode}` : '--scenario';
  throw new ConfigError(
    `--objective ${config.objective} bounds ${traffic.figure}, which only steady echo traffic measures, and ${workload} sends none; give --slo with bounds this workload measures, or --objective burst`,
  );
}

/** The workload a probe's resolved run config runs. */
function workloadOf(runConfig: RunConfig): CapacityWorkload {
  return {
    ratePerSecond: runConfig.ratePerSecond,
    concurrency: runConfig.concurrency,
    messagesPerSecond: runConfig.messagesPerSecond,
    durationSeconds: runConfig.durationSeconds,
    client: runConfig.client,
  };
}

/** Validates every flag and fills defaults. Throws ConfigError naming the first bad flag. */
export function resolveCapacityConfig(input: CapacityOptionsInput): CapacityConfig {
  const { transport, objective, slo, resolution, repeat, maxRuns, startClients, maxClients, growth, rateLowerings, out, ...typedRunFlags } = input;
  if (transport === undefined) throw new ConfigError(`bench capacity needs --transport (${TRANSPORT_NAMES.join(', ')})`);
  const transportName = parseChoice('--transport', transport, TRANSPORT_NAMES);
  const objectiveName = objective === undefined ? CAPACITY_DEFAULTS.objective : parseChoice('--objective', objective, CAPACITY_OBJECTIVES);
  const givenRunFlags = Object.fromEntries(Object.entries(typedRunFlags).filter(([, value]) => value !== undefined)) as CapacityRunFlags;
  const givenSlo = parseSloFlags(slo);
  const filled = objectiveFill(objectiveName, transportName, givenRunFlags, givenSlo !== null);
  const repeats = repeat === undefined ? CAPACITY_DEFAULTS.repeat : parseWholeNumber('--repeat', repeat, 1, 100);
  const runFlags: CapacityRunFlags = { ...filled.runFlags, ...givenRunFlags };
  const config: Omit<CapacityConfig, 'workload'> = {
    transport: transportName,
    objective: objectiveName,
    slo: givenSlo ?? parseSlo(filled.slo as string),
    resolution: resolution === undefined ? CAPACITY_DEFAULTS.resolution : parseResolution(resolution),
    repeat: repeats,
    maxRuns: maxRuns === undefined ? defaultMaxRuns(repeats) : parseMaxRuns(maxRuns, repeats),
    startClients: startClients === undefined ? CAPACITY_DEFAULTS.startClients : parseWholeNumber('--start-clients', startClients, 1, 1_000_000),
    maxClients: maxClients === undefined ? CAPACITY_DEFAULTS.maxClients : parseWholeNumber('--max-clients', maxClients, 1, 1_000_000),
    growth: growth === undefined ? CAPACITY_DEFAULTS.growth : parseDecimal('--growth', growth, 1.1, 10),
    rateLowerings: rateLowerings === undefined ? CAPACITY_DEFAULTS.rateLowerings : parseWholeNumber('--rate-lowerings', rateLowerings, 0, 20),
    outDir: out ?? CAPACITY_DEFAULTS.outDir,
    runFlags,
    filledByObjective: filled,
  };
  if (config.startClients > config.maxClients) {
    throw new ConfigError(`--start-clients (${config.startClients}) is above --max-clients (${config.maxClients}); lower it or raise --max-clients`);
  }
  // Every probe's flags are checked now, with the first probe's size, so a bad run flag stops the search before it starts.
  const firstProbe = probeRunConfig(config, config.startClients, config.outDir);
  rejectUnmeasurable(config, firstProbe);
  return { ...config, workload: workloadOf(firstProbe) };
}
