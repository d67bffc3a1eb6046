/** Validates the body of POST /v1/servers field by field; anything unexpected is a 400 with the reason. */
import { TRANSPORT_NAMES, TRANSPORTS, isTransportName } from '../../protocol/transports.js';
import { DEFAULT_STACK, installCommand, STACK_NAMES, type PinnedStackName, type StackName } from '../../protocol/stacks.js';
import { findMissingModule } from '../../protocol/load-library.js';
import { isPinnedStackName, parseStackSpec, type StackSpec } from '../../protocol/stack-spec.js';
import { unsupportedOnThisNode } from '../../protocol/stack-traits.js';
import type { TransportName } from '../../protocol/transports.js';
import { ConfigError } from '../errors.js';
import { installSpecStack, refuseStackWithoutTransport } from '../config/stack-flag.js';
import { SERVER_MODES, type ServerMode } from '../../protocol/messages.js';
import type { RemoteServerOptions, StartServerRequest, UserServerRequest } from './agent-protocol.js';
import { HttpError } from './http-error.js';

const OPTION_KEYS = ['transport', 'stack', 'perMessageDeflate', 'mode', 'payloadBytes', 'injectDelayMs', 'injectRetainKb'] as const;
const REQUEST_KEYS = ['options', 'sampleIntervalMs', 'exposeGc', 'startTimeoutMs', 'filesNeeded', 'userServer'] as const;
const USER_SERVER_KEYS = ['name', 'path', 'socketioWebsocket'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rejectUnknownKeys(record: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(record)) {
    if (key === 'host' || key === 'port') {
      throw new HttpError(400, `${where}${key} is chosen by the agent (its --server-host), not by the workstation`);
    }
    if (!allowed.includes(key)) throw new HttpError(400, `${where}${key} is not a known field; known: ${allowed.join(', ')}`);
  }
}

function wholeNumber(record: Record<string, unknown>, key: string, min: number, max: number, where: string): number {
  const value = record[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new HttpError(400, `${where}${key} must be a whole number from ${min} to ${max}; got ${JSON.stringify(value) ?? 'nothing'}`);
  }
  return value;
}

function flag(record: Record<string, unknown>, key: string, where: string): boolean {
  const value = record[key];
  if (typeof value !== 'boolean') throw new HttpError(400, `${where}${key} must be true or false; got ${JSON.stringify(value) ?? 'nothing'}`);
  return value;
}

/** A pinned stack whose packages this box has; said here, in one line with the fix, rather than as a server process that dies on its first import. */
function checkPinnedStack(stack: PinnedStackName): StackName {
  const missing = findMissingModule(stack);
  if (missing !== null) throw new HttpError(400, `this box has no ${missing} for the ${stack} stack; run on the box: ${installCommand(stack)}`);
  return stack;
}

/** A spec stack, installed on this box (the agent's own stack cache) as bench run installs it on a workstation. */
function specStackOnThisBox(raw: string, transport: TransportName, announce: (line: string) => void): StackName {
  let spec: StackSpec;
  try {
    spec = parseStackSpec(raw);
  } catch (error) {
    throw new HttpError(400, `options.stack: ${(error as Error).message}; or one of ${STACK_NAMES.join(', ')}`);
  }
  try {
    refuseStackWithoutTransport(spec.id, transport);
    installSpecStack(spec.id, 'options.stack', announce);
  } catch (error) {
    if (error instanceof ConfigError) throw new HttpError(400, `on this box: ${error.message}`);
    throw error;
  }
  return spec.id;
}

function validateOptions(value: unknown, announce: (line: string) => void): RemoteServerOptions {
  if (!isRecord(value)) throw new HttpError(400, 'options must be an object with the server options');
  rejectUnknownKeys(value, OPTION_KEYS, 'options.');
  const transport = value.transport;
  if (typeof transport !== 'string' || !isTransportName(transport)) {
    throw new HttpError(400, `unknown transport ${JSON.stringify(transport) ?? 'nothing'}; one of ${TRANSPORT_NAMES.join(', ')}`);
  }
  const perMessageDeflate = value.perMessageDeflate === 'library' ? 'library' : flag(value, 'perMessageDeflate', 'options.');
  if (perMessageDeflate && !TRANSPORTS[transport].supportsPerMessageDeflate) {
    throw new HttpError(400, `per-message deflate is not supported by the ${transport} transport`);
  }
  // A workstation from before stacks sends none: it means today's libraries.
  const requested = value.stack ?? DEFAULT_STACK;
  if (typeof requested !== 'string' || requested.trim().length === 0) {
    throw new HttpError(400, `options.stack must be one of ${STACK_NAMES.join(', ')} or package specs; got ${JSON.stringify(requested)}`);
  }
  const stack = isPinnedStackName(requested) ? checkPinnedStack(requested) : specStackOnThisBox(requested, transport, announce);
  const unsupported = unsupportedOnThisNode(stack, transport);
  if (unsupported !== null) throw new HttpError(400, `on this box: ${unsupported}`);
  const mode = value.mode;
  if (typeof mode !== 'string' || !(SERVER_MODES as readonly string[]).includes(mode)) {
    throw new HttpError(400, `options.mode must be one of ${SERVER_MODES.join(', ')}; got ${JSON.stringify(mode) ?? 'nothing'}`);
  }
  return {
    transport,
    stack,
    perMessageDeflate,
    mode: mode as ServerMode,
    payloadBytes: wholeNumber(value, 'payloadBytes', 1, 1_048_576, 'options.'),
    injectDelayMs: wholeNumber(value, 'injectDelayMs', 0, 600_000, 'options.'),
    injectRetainKb: wholeNumber(value, 'injectRetainKb', 0, 1_048_576, 'options.'),
  };
}

/** The declared command's name and its probe's needs; whether the name is declared is the hosting's to say (403). */
function validateUserServer(value: unknown): UserServerRequest {
  if (!isRecord(value)) throw new HttpError(400, 'userServer must be an object with the name of a declared server command');
  rejectUnknownKeys(value, USER_SERVER_KEYS, 'userServer.');
  const { name, path } = value;
  if (typeof name !== 'string' || name.length === 0) throw new HttpError(400, `userServer.name must be a name; got ${JSON.stringify(name) ?? 'nothing'}`);
  if (path !== null && (typeof path !== 'string' || !path.startsWith('/')))
    throw new HttpError(400, `userServer.path must be null or a path starting with /; got ${JSON.stringify(path) ?? 'nothing'}`);
  return { name, path, socketioWebsocket: flag(value, 'socketioWebsocket', 'userServer.') };
}

/**
 * The request, checked: every field present, of the right type and within its range. A spec stack
 * this box lacks is installed here, before the server starts; `announce` hears that it is.
 */
export function validateStartRequest(body: unknown, announce: (line: string) => void = () => undefined): StartServerRequest {
  if (!isRecord(body)) throw new HttpError(400, 'request body must be a JSON object');
  rejectUnknownKeys(body, REQUEST_KEYS, '');
  const request: StartServerRequest = {
    options: validateOptions(body.options, announce),
    sampleIntervalMs: wholeNumber(body, 'sampleIntervalMs', 10, 60_000, ''),
    exposeGc: flag(body, 'exposeGc', ''),
    startTimeoutMs: wholeNumber(body, 'startTimeoutMs', 100, 600_000, ''),
    filesNeeded: wholeNumber(body, 'filesNeeded', 1, 16_777_216, ''),
  };
  if (body.userServer !== undefined) request.userServer = validateUserServer(body.userServer);
  return request;
}
