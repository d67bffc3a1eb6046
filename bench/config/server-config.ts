/** Options of `bench server`, validated into the ServerOptions the echo server takes. */
import { ConfigError } from '../errors.js';
import { resolveServerBehaviour } from './server-behaviour-flags.js';
import { parseChoice, parsePerMessageDeflate, parseWholeNumber } from './flag-parsers.js';
import type { ServerOptions } from '../../protocol/messages.js';
import { RUN_DEFAULTS } from './run-config.js';
import { TRANSPORT_NAMES, TRANSPORTS } from '../../protocol/transports.js';
import { deflateNotSupported } from './run-config.js';
import { resolveStack } from './stack-flag.js';
import { resolveSyncFlags } from './sync-flags.js';

/** Flags as the CLI received them. */
export interface ServerOptionsInput {
  transport?: string;
  stack?: string;
  stackCache?: string;
  host?: string;
  port?: string;
  perMessageDeflate?: boolean | string;
  mode?: string;
  payloadBytes?: string;
  injectDelayMs?: string;
  injectRetainKb?: string;
  redisUrl?: string;
  adapter?: string;
  nodeId?: string;
}

/** Validates the flags of `bench server` and fills defaults. */
export function resolveServerOptions(input: ServerOptionsInput): ServerOptions {
  if (input.transport === undefined) throw new ConfigError(`--transport is required: one of ${TRANSPORT_NAMES.join(', ')}`);
  const transport = parseChoice('--transport', input.transport, TRANSPORT_NAMES);
  const stack = resolveStack(input, transport);
  if (parsePerMessageDeflate(input.perMessageDeflate) !== false && !TRANSPORTS[transport].supportsPerMessageDeflate)
    throw deflateNotSupported(transport, stack);
  const host = input.host ?? RUN_DEFAULTS.host;
  if (host.trim().length === 0) throw new ConfigError('--host must be an address to bind, such as 127.0.0.1 or ::1');
  return {
    transport,
    stack,
    host,
    port: input.port === undefined ? 0 : parseWholeNumber('--port', input.port, 0, 65_535),
    perMessageDeflate: parsePerMessageDeflate(input.perMessageDeflate),
    ...resolveServerBehaviour(input),
    sync: resolveSyncFlags(input, transport, stack),
  };
}
