/** --rooms, --publishers and --publish-rate: the broadcast workload of `bench run --mode broadcast` (method.md, Broadcast). */
import { ConfigError } from '../errors.js';
import { flagOr, parseDecimal, parseWholeNumber } from './flag-parsers.js';

/** The flags as the CLI received them. */
export interface BroadcastFlagsInput {
  mode?: string;
  rooms?: string;
  publishers?: string;
  publishRate?: string;
}

/** The broadcast workload of a run: rooms, who publishes, and how fast. */
export interface BroadcastConfig {
  /** Client i joins room i mod rooms. */
  rooms: number;
  /** Clients 0 to publishers-1 publish, publisher j to room j mod rooms. */
  publishers: number;
  /** Room messages each publisher sends per second, during the hold. */
  publishRatePerSecond: number;
}

export const BROADCAST_DEFAULTS = { rooms: 10, publishRatePerSecond: 10 } as const;

/** The workload when --mode is broadcast, else null; a usage error for its flags without the mode, or values that cannot work. */
export function resolveBroadcast(input: BroadcastFlagsInput, clients: number): BroadcastConfig | null {
  if (input.mode !== 'broadcast') {
    const stray =
      input.rooms !== undefined ? '--rooms' : input.publishers !== undefined ? '--publishers' : input.publishRate !== undefined ? '--publish-rate' : null;
    if (stray !== null) throw new ConfigError(`${stray} shapes the broadcast workload, so it needs --mode broadcast`);
    return null;
  }
  const rooms = flagOr(input.rooms, Math.min(BROADCAST_DEFAULTS.rooms, clients), (text) =>
    atMostClients('--rooms', text, clients, 'every room needs a member'),
  );
  const publishers = flagOr(input.publishers, rooms, (text) => atMostClients('--publishers', text, clients, 'publishers are clients'));
  const publishRatePerSecond = flagOr(input.publishRate, BROADCAST_DEFAULTS.publishRatePerSecond, (text) =>
    parseDecimal('--publish-rate', text, 0.01, 100_000),
  );
  return { rooms, publishers, publishRatePerSecond };
}

function atMostClients(flag: string, text: string, clients: number, why: string): number {
  const value = parseWholeNumber(flag, text, 1, 1_000_000);
  if (value > clients) throw new ConfigError(`${flag} ${value} is more than --clients ${clients} (${why}); lower ${flag} or raise --clients`);
  return value;
}
