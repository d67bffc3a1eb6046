/**
 * The options of `bench sweep`: the grid (transports x client counts x repeats) and the `bench run`
 * flags every cell shares. Everything is checked here, before the first cell starts.
 */
import { ConfigError } from '../errors.js';
import { parseChoice, parsePerMessageDeflate, parseWholeNumber } from '../config/flag-parsers.js';
import { resolveRunConfig, RUN_DEFAULTS, type RunConfig, type RunOptionsInput } from '../config/run-config.js';
import { resolveStackName, stackIdOf, useStackCache } from '../config/stack-flag.js';
import { splitStackList, stackServes } from '../../protocol/stack-spec.js';
import { deflateTransports, TRANSPORT_NAMES, TRANSPORTS, type TransportName } from '../../protocol/transports.js';

/** The `bench run` flags a sweep passes to each cell, as typed (strings). The grid and --target are the sweep's own. */
export type SweepRunFlags = Omit<RunOptionsInput, 'transport' | 'clients' | 'target' | 'out'>;

/** Flags as the CLI received them. */
export interface SweepOptionsInput extends SweepRunFlags {
  transports?: string;
  /** Library stacks as a dimension of the grid (protocol/stack-spec.ts splitStackList). */
  stacks?: string;
  clients?: string;
  repeat?: string;
  out?: string;
}

/** The grid of a sweep. */
export interface SweepGrid {
  transports: TransportName[];
  /** Client counts, in the order given. */
  clients: number[];
  /** Runs per transport x clients cell. */
  repeat: number;
  /** Library stacks, each a cell of its own (resolved ids); absent when the sweep runs one stack (--stack or the default). */
  stacks?: string[];
}

/**
 * The transport and stack of each cell of one size, stack by stack: every transport where the grid
 * has no stacks (the stack left to --stack), else each stack with the transports it serves.
 */
export function servedSettings(grid: Pick<SweepGrid, 'transports' | 'stacks'>): Array<{ transport: TransportName; stack?: string }> {
  if (grid.stacks === undefined) return grid.transports.map((transport) => ({ transport }));
  return grid.stacks.flatMap((stack) => grid.transports.filter((transport) => stackServes(stack, transport)).map((transport) => ({ transport, stack })));
}

/** A complete sweep configuration. */
export interface SweepConfig {
  grid: SweepGrid;
  /** Folder that receives the sweep folder. */
  outDir: string;
  runFlags: SweepRunFlags;
}

/** The study's grid: three transports, 1,000 to 10,000 clients in steps of 1,000, one run each. */
export const SWEEP_DEFAULTS = {
  transports: [...TRANSPORT_NAMES] as TransportName[],
  clients: Array.from({ length: 10 }, (_, index) => (index + 1) * 1000),
  repeat: 1,
  outDir: RUN_DEFAULTS.outDir,
} as const;

const MAX_CLIENTS = 1_000_000;
const MAX_REPEAT = 100;

/** A comma-separated list of at least one item, without duplicates. */
function splitList(flag: string, raw: string): string[] {
  const items = raw.split(',').map((item) => item.trim());
  if (items.length === 0 || items.some((item) => item.length === 0)) {
    throw new ConfigError(`${flag} must be a comma-separated list without empty items; got "${raw}"`);
  }
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item)) throw new ConfigError(`${flag} lists "${item}" twice; give each value once`);
    seen.add(item);
  }
  return items;
}

/** Parses --transports: a list of transport names. */
export function parseTransportList(raw: string): TransportName[] {
  return splitList('--transports', raw).map((item) => parseChoice('--transports', item, TRANSPORT_NAMES));
}

/** Parses --clients: a list of client counts. */
export function parseClientList(raw: string): number[] {
  return splitList('--clients', raw).map((item) => parseWholeNumber('--clients', item, 1, MAX_CLIENTS));
}

/**
 * The flags of one cell: options of another transport are dropped, so `--sockjs-transports`
 * shapes the sockjs cells and leaves the others alone.
 */
export function runFlagsForTransport(flags: SweepRunFlags, transport: TransportName): SweepRunFlags {
  const cell: SweepRunFlags = { ...flags };
  const facts = TRANSPORTS[transport];
  for (const owner of TRANSPORT_NAMES) {
    const choice = TRANSPORTS[owner].choiceFlag;
    if (choice && owner !== transport) delete cell[choice.option];
  }
  if (!facts.supportsPerMessageDeflate) delete cell.perMessageDeflate;
  // --adapter chooses between Socket.IO's adapters; the other transports' cells use bench's relay.
  // --auth is Socket.IO's auth payload; the other transports have none.
  if (transport !== 'socketio') {
    delete cell.adapter;
    delete cell.auth;
  }
  // Only clients that can bind a local address keep --source-addresses; other cells use the OS's choice.
  const given = facts.choiceFlag ? cell[facts.choiceFlag.option] : undefined;
  const clientTransports = given === undefined ? ['websocket'] : given.split(',');
  if (!facts.bindsSourceAddress(clientTransports)) delete cell.sourceAddresses;
  return cell;
}

/** The resolved config of one cell, writing its run folder into `sweepDir`; `stack` is the cell's own where the grid has stacks. */
export function cellRunConfig(config: Pick<SweepConfig, 'runFlags'>, transport: TransportName, clients: number, sweepDir: string, stack?: string): RunConfig {
  const flags = runFlagsForTransport(config.runFlags, transport);
  return resolveRunConfig({ ...flags, ...(stack === undefined ? {} : { stack }), transport, clients: String(clients), out: sweepDir });
}

/**
 * Parses --stacks: each stack resolved (installed once if it is a spec), each kept only for the
 * transports it serves; a stack that serves none of --transports is a mistake.
 */
function parseStackList(raw: string, transports: readonly TransportName[], runFlags: SweepRunFlags): string[] {
  if (runFlags.stack !== undefined)
    throw new ConfigError('--stacks makes the stack a dimension of the grid, so it cannot be used with --stack; list every stack in --stacks');
  // Every stack is checked before any is installed, and installed where --stack-cache says.
  const stacks = splitStackList(raw).map((stack) => stackIdOf(stack, '--stacks'));
  const seen = new Set<string>();
  for (const stack of stacks) {
    if (seen.has(stack)) throw new ConfigError(`--stacks lists ${stack} twice; give each stack once`);
    seen.add(stack);
    if (!transports.some((transport) => stackServes(stack, transport))) {
      throw new ConfigError(`--stacks: ${stack} serves none of --transports ${transports.join(',')}; add its transport or drop the stack`);
    }
  }
  useStackCache(runFlags.stackCache);
  for (const stack of stacks) resolveStackName(stack, null, '--stacks');
  return stacks;
}

/** A per-transport flag is a mistake when its transport is not in the sweep at all. */
function rejectUnusedVariantFlags(flags: SweepRunFlags, transports: readonly TransportName[]): void {
  for (const owner of TRANSPORT_NAMES) {
    const choice = TRANSPORTS[owner].choiceFlag;
    if (choice && flags[choice.option] !== undefined && !transports.includes(owner)) {
      throw new ConfigError(`${choice.flag} applies to ${owner} cells, and --transports does not include ${owner}`);
    }
  }
  if (parsePerMessageDeflate(flags.perMessageDeflate) !== false && transports.every((transport) => !TRANSPORTS[transport].supportsPerMessageDeflate)) {
    throw new ConfigError(`--per-message-deflate applies to ${deflateTransports().join(' and ')} cells, and --transports has only ${transports.join(', ')}`);
  }
  for (const [flag, value] of [
    ['--adapter', flags.adapter],
    ['--auth', flags.auth],
  ] as const) {
    if (value !== undefined && !transports.includes('socketio'))
      throw new ConfigError(`${flag} applies to socketio cells, and --transports does not include socketio`);
  }
}

/** Checks every cell's run config now, so a bad flag stops the sweep before its first cell. */
export function validateCells(config: SweepConfig): void {
  rejectUnusedVariantFlags(config.runFlags, config.grid.transports);
  for (const { transport, stack } of servedSettings(config.grid)) {
    for (const clients of config.grid.clients) cellRunConfig(config, transport, clients, config.outDir, stack);
  }
}

/** Validates the grid and the shared run flags and fills defaults. Throws ConfigError naming the first bad flag. */
export function resolveSweepConfig(input: SweepOptionsInput): SweepConfig {
  const { transports, clients, repeat, out, stacks, ...runFlags } = input;
  const transportList = transports === undefined ? [...SWEEP_DEFAULTS.transports] : parseTransportList(transports);
  const config: SweepConfig = {
    grid: {
      transports: transportList,
      clients: clients === undefined ? [...SWEEP_DEFAULTS.clients] : parseClientList(clients),
      repeat: repeat === undefined ? SWEEP_DEFAULTS.repeat : parseWholeNumber('--repeat', repeat, 1, MAX_REPEAT),
      ...(stacks === undefined ? {} : { stacks: parseStackList(stacks, transportList, runFlags) }),
    },
    outDir: out ?? SWEEP_DEFAULTS.outDir,
    runFlags: dropUndefined(runFlags),
  };
  validateCells(config);
  return config;
}

/** Keeps only the flags that were given, so sweep.json records exactly what the user typed. */
function dropUndefined(flags: SweepRunFlags): SweepRunFlags {
  return Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined)) as SweepRunFlags;
}
