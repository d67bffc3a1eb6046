/**
 * The flags of a soak: --churn (clients leave and new ones take their place during the steady
 * traffic), --flat-band (what growth the memory verdict calls flat), --heap-snapshots and the
 * planted leak --inject-leak-kb. Checked here against the rest of the run.
 */
import { ConfigError } from '../errors.js';
import { parseDurationMs } from './duration-flag.js';
import { flagOr, parseDecimal, parseWholeNumber, shareOf } from './flag-parsers.js';
import type { RunMode } from '../../protocol/messages.js';

/** Flags as the CLI received them. */
export interface SoakFlagsInput {
  churn?: string;
  flatBand?: string;
  heapSnapshots?: boolean;
  injectLeakKb?: string;
  slowReaders?: string;
}

/** --churn: every periodMs, this share of the clients leaves and as many new ones arrive. */
export interface ChurnConfig {
  share: number;
  periodMs: number;
}

/** The soak's settings in run.json; absent on a run without any of its flags, so that run.json stays as it was. */
export interface SoakConfig {
  churn: ChurnConfig | null;
  /** Growth per hour, in % of the series' mean level, within which the memory verdict calls a series flat. */
  flatBandPercentPerHour: number;
  /** The server writes a heap snapshot a quarter into the hold and at its end, and the run compares them. */
  heapSnapshots: boolean;
  /** A planted leak: every connection leaves this much memory on the server's heap, never freed, in KiB (--inject-leak-kb); 0: none. */
  injectLeakKb: number;
  /** --slow-readers: this share of the clients stops reading as the steady traffic starts, and goes on sending; 0: none. */
  slowReaderShare: number;
}

export const SOAK_DEFAULTS = { flatBandPercentPerHour: 5 } as const;

/** What a soak needs of the rest of the run. */
export interface SoakContext {
  mode: RunMode;
  messagesPerSecond: number;
  scenario: boolean;
  shard: boolean;
  reconnects: boolean;
  /** bench starts the server (its own): heap snapshots and the planted leak are its doing. */
  ownServer: boolean;
  /** Every client connects over a websocket, whose one TCP socket a slow reader can pause (not long-polling, not the wire client, not --namespaces). */
  pausableSockets: string | null;
}

/** `10%/1m` or `0.1/60s`: a share of the clients per period. */
export function parseChurn(raw: string): ChurnConfig {
  const match = /^\s*([^/]+?)\s*\/\s*(\S+)\s*$/.exec(raw);
  const bad = (): ConfigError =>
    new ConfigError(`--churn takes a share of the clients per period, such as 10%/1m or 0.1/60s (at most all of them, per 100 ms to 1 h); got "${raw}"`);
  if (match === null) throw bad();
  const shareText = match[1] as string;
  let share: number;
  try {
    share = parseShare('--churn', shareText);
  } catch {
    throw bad();
  }
  let periodMs: number;
  try {
    periodMs = parseDurationMs('--churn', match[2] as string, 100, 3_600_000);
  } catch {
    throw bad();
  }
  return { share, periodMs };
}

/** The soak's settings; null when none of its flags was given. */
export function resolveSoak(input: SoakFlagsInput, context: SoakContext): SoakConfig | null {
  const given =
    input.churn !== undefined ||
    input.flatBand !== undefined ||
    input.heapSnapshots === true ||
    input.injectLeakKb !== undefined ||
    input.slowReaders !== undefined;
  if (!given) return null;
  const churn = input.churn === undefined ? null : parseChurn(input.churn);
  if (churn !== null) rejectChurnConflicts(context);
  const slowReaderShare = input.slowReaders === undefined ? 0 : parseShare('--slow-readers', input.slowReaders);
  if (slowReaderShare > 0) rejectSlowReaderConflicts(context, churn !== null);
  for (const [flag, value] of [
    ['--heap-snapshots', input.heapSnapshots === true],
    ['--inject-leak-kb', input.injectLeakKb !== undefined],
  ] as const) {
    if (value && !context.ownServer)
      throw new ConfigError(`${flag} works on bench's own server (one process); drop it with --target, --agent, --server-cmd or --nodes`);
  }
  return {
    churn,
    flatBandPercentPerHour: flagOr(input.flatBand, SOAK_DEFAULTS.flatBandPercentPerHour, (text) => parseDecimal('--flat-band', text, 0.01, 1000)),
    heapSnapshots: input.heapSnapshots === true,
    injectLeakKb: flagOr(input.injectLeakKb, 0, (text) => parseWholeNumber('--inject-leak-kb', text, 0, 1_048_576)),
    slowReaderShare,
  };
}

/** A share of the clients: `10%` or `0.1`, above 0 and at most all of them. */
function parseShare(flag: string, raw: string): number {
  const share = shareOf(raw);
  if (!Number.isFinite(share) || share <= 0 || share > 1)
    throw new ConfigError(`${flag} takes a share of the clients above 0 and at most 1, such as 10% or 0.1; got "${raw}"`);
  return share;
}

function rejectSlowReaderConflicts(context: SoakContext, churn: boolean): void {
  if (context.mode !== 'echo' || context.messagesPerSecond === 0)
    throw new ConfigError(
      '--slow-readers needs steady echo traffic, whose echoes pile up for the clients that stop reading: use --mode echo with --messages-per-second',
    );
  if (churn) throw new ConfigError("--slow-readers cannot be used with --churn: a new client would take a slow reader's place reading");
  if (context.scenario) throw new ConfigError('--slow-readers cannot be used with --scenario: it pauses clients of the steady traffic');
  if (context.pausableSockets !== null) throw new ConfigError(`--slow-readers pauses each client's one TCP socket: ${context.pausableSockets}`);
}

function rejectChurnConflicts(context: SoakContext): void {
  if (context.mode !== 'echo')
    throw new ConfigError(`--churn replaces clients during steady echo traffic; it cannot be used with --mode ${context.mode}: use --mode echo`);
  if (context.messagesPerSecond === 0)
    throw new ConfigError(
      "--churn runs during the steady traffic: give --messages-per-second (and --duration, the soak's length in seconds, e.g. --duration 1800)",
    );
  if (context.scenario) throw new ConfigError("--churn cannot be used with --scenario: a scenario's arrival phases say when clients come and go");
  if (context.shard) throw new ConfigError("--churn cannot be used with --shard: the new clients take ids after the run's, which shards would share");
  if (context.reconnects)
    throw new ConfigError(
      '--churn cannot be used with reconnection (--restart-server-at, --kill, --drain, --reconnect-*): a client that is reconnecting has no place to give up',
    );
}
