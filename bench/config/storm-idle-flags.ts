/**
 * The flags of a reconnect storm (--restart-server-at, --reconnect-*) and of idle mode's
 * heartbeats (--ping-interval, --ping-timeout), checked against the rest of the run.
 */
import { ConfigError } from '../errors.js';
import { parseDecimal, parseWholeNumber } from './flag-parsers.js';
import { parseDurationMs } from './duration-flag.js';
import { RECONNECT_DEFAULTS, type ReconnectSettings } from '../../protocol/reconnect-settings.js';
import type { HeartbeatSettings, RunMode } from '../../protocol/messages.js';

/** Flags as the CLI received them. */
export interface StormIdleInput {
  restartServerAt?: string;
  reconnectDelay?: string;
  reconnectDelayMax?: string;
  randomizationFactor?: string;
  pingInterval?: string;
  pingTimeout?: string;
  target?: string;
  agent?: string;
  shard?: string;
  messagesPerSecond?: string;
  payloadBytes?: string;
}

/** Each library's default: Socket.IO's server (engine.io) pingInterval and pingTimeout. */
export const HEARTBEAT_DEFAULTS: HeartbeatSettings = { pingIntervalMs: 25_000, pingTimeoutMs: 20_000 };

const MAX_DELAY_MS = 3_600_000;

/** Reconnection: on with --restart-server-at or any --reconnect-* flag (a drop for any other reason reconnects too), else null. */
export function resolveReconnect(input: StormIdleInput): ReconnectSettings | null {
  const given = input.reconnectDelay !== undefined || input.reconnectDelayMax !== undefined || input.randomizationFactor !== undefined;
  if (!given && input.restartServerAt === undefined) return null;
  const delayMs =
    input.reconnectDelay === undefined ? RECONNECT_DEFAULTS.delayMs : parseWholeNumber('--reconnect-delay', input.reconnectDelay, 0, MAX_DELAY_MS);
  const delayMaxMs =
    input.reconnectDelayMax === undefined
      ? Math.max(RECONNECT_DEFAULTS.delayMaxMs, delayMs)
      : parseWholeNumber('--reconnect-delay-max', input.reconnectDelayMax, 0, MAX_DELAY_MS);
  if (delayMaxMs < delayMs) throw new ConfigError(`--reconnect-delay-max (${delayMaxMs} ms) must not be below --reconnect-delay (${delayMs} ms)`);
  const randomizationFactor =
    input.randomizationFactor === undefined ? RECONNECT_DEFAULTS.randomizationFactor : parseDecimal('--randomization-factor', input.randomizationFactor, 0, 1);
  return { delayMs, delayMaxMs, randomizationFactor };
}

/** When the server is killed and started again, in ms after the hold begins; null without the flag. */
export function resolveRestart(input: StormIdleInput, holdSeconds: number): number | null {
  if (input.restartServerAt === undefined) return null;
  const atMs = parseDurationMs('--restart-server-at', input.restartServerAt, 0, 86_400_000);
  for (const [flag, value] of [
    ['--target', input.target],
    ['--agent', input.agent],
    ['--shard', input.shard],
  ] as const) {
    if (value !== undefined) throw new ConfigError(`--restart-server-at kills and restarts the server bench starts itself, so it cannot be used with ${flag}`);
  }
  if (atMs >= holdSeconds * 1000) {
    throw new ConfigError(
      `--restart-server-at ${input.restartServerAt} is past the end of the run: it counts from the start of the hold, which lasts ${holdSeconds} s; raise --hold above it`,
    );
  }
  return atMs;
}

/** The server's heartbeat: idle mode always has one (each flag defaulting to Socket.IO's), other modes only when a flag asks. */
export function resolveHeartbeat(input: StormIdleInput, mode: RunMode): HeartbeatSettings | null {
  if (mode !== 'idle' && input.pingInterval === undefined && input.pingTimeout === undefined) return null;
  for (const [flag, value] of [
    ['--target', input.target],
    ['--agent', input.agent],
  ] as const) {
    if (value !== undefined)
      throw new ConfigError(
        `--mode idle, --ping-interval and --ping-timeout configure and measure the server bench starts itself, so they cannot be used with ${flag}`,
      );
  }
  return {
    pingIntervalMs:
      input.pingInterval === undefined ? HEARTBEAT_DEFAULTS.pingIntervalMs : parseWholeNumber('--ping-interval', input.pingInterval, 10, MAX_DELAY_MS),
    pingTimeoutMs: input.pingTimeout === undefined ? HEARTBEAT_DEFAULTS.pingTimeoutMs : parseWholeNumber('--ping-timeout', input.pingTimeout, 10, MAX_DELAY_MS),
  };
}

/** Idle mode sends nothing after the first message: the flags of steady traffic contradict it. */
export function rejectTrafficInIdleMode(input: StormIdleInput, mode: RunMode): void {
  if (mode !== 'idle') return;
  if (input.messagesPerSecond !== undefined)
    throw new ConfigError(
      '--mode idle sends no traffic in the hold, so it cannot be used with --messages-per-second; --duration sets how long the idle hold lasts',
    );
  if (input.payloadBytes !== undefined) throw new ConfigError('--mode idle sends no traffic in the hold, so --payload-bytes has nothing to size; drop it');
}
