/** The flags that shape what the echo server does, shared by `bench run` and `bench server`. */
import { parseChoice, parseWholeNumber } from './flag-parsers.js';
import { MAX_PAYLOAD_BYTES, SERVER_MODES, type ServerMode, type ServerOptions } from '../../protocol/messages.js';

/** Flags as the CLI received them. */
export interface ServerBehaviourInput {
  mode?: string;
  payloadBytes?: string;
  injectDelayMs?: string;
  injectRetainKb?: string;
}

export const DEFAULT_MODE: ServerMode = 'echo';
export const DEFAULT_PAYLOAD_BYTES = 32;

/** Validates mode, payload size and fault injection; fills defaults. */
export function resolveServerBehaviour(input: ServerBehaviourInput): Pick<ServerOptions, 'mode' | 'payloadBytes' | 'injectDelayMs' | 'injectRetainKb'> {
  return {
    mode: input.mode === undefined ? DEFAULT_MODE : parseChoice('--mode', input.mode, SERVER_MODES),
    payloadBytes: input.payloadBytes === undefined ? DEFAULT_PAYLOAD_BYTES : parseWholeNumber('--payload-bytes', input.payloadBytes, 1, MAX_PAYLOAD_BYTES),
    injectDelayMs: input.injectDelayMs === undefined ? 0 : parseWholeNumber('--inject-delay-ms', input.injectDelayMs, 0, 600_000),
    injectRetainKb: input.injectRetainKb === undefined ? 0 : parseWholeNumber('--inject-retain-kb', input.injectRetainKb, 0, 1_048_576),
  };
}
