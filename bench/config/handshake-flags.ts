/**
 * --path, --namespace, --query, --header, --cookie, --auth and --tokens-file: how each client
 * connects, the way an app's own clients do (method.md, "The handshake of an app's clients").
 * Every value is checked here, templates included, before any process starts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { splitTemplate, TEMPLATE_NAMES, tokenLines, type HandshakeConfig, type JsonObject, type JsonValue } from '../../protocol/handshake.js';
import type { StackName } from '../../protocol/stacks.js';
import { isLegacySocketioClient, socketioClientLabel } from '../../protocol/stack-traits.js';
import type { TransportName, TransportVariant } from '../../protocol/transports.js';

/** The flags as the CLI received them; the repeatable ones as lists. */
export interface HandshakeFlagsInput {
  path?: string;
  namespace?: string;
  query?: string[];
  header?: string[];
  cookie?: string[];
  auth?: string;
  tokensFile?: string;
}

/** What the handshake flags are checked against. */
export interface HandshakeContext {
  transport: TransportName;
  stack: StackName;
  variant: TransportVariant;
  /** Clients connect to a server bench starts itself (its echo servers listen on the default paths only). */
  benchServer: boolean;
  /** The run's scenario uses {{token}} in what its clients send: --tokens-file is needed, and used. */
  scenarioUsesToken?: boolean;
}

/** An HTTP header name (RFC 9110 token). */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Headers the client libraries set themselves for the handshake; sending another value breaks it. */
const LIBRARY_HEADERS = new Set([
  'host',
  'connection',
  'upgrade',
  'content-length',
  'transfer-encoding',
  'sec-websocket-key',
  'sec-websocket-version',
  'sec-websocket-extensions',
  'sec-websocket-protocol',
]);
/** engine.io's own query parameters: a value given for them would break Socket.IO's handshake. */
const ENGINEIO_QUERY = new Set(['EIO', 'transport', 'sid', 't', 'b64']);

/** The handshake of the run's clients, or null when no handshake flag was given (run.json then has no `handshake`, as before). */
export function resolveHandshake(input: HandshakeFlagsInput, context: HandshakeContext): HandshakeConfig | null {
  const given = ['path', 'namespace', 'query', 'header', 'cookie', 'auth', 'tokensFile'].some((key) => input[key as keyof HandshakeFlagsInput] !== undefined);
  if (context.scenarioUsesToken && input.tokensFile === undefined)
    throw new ConfigError('--scenario uses {{token}}, which needs --tokens-file: a file of tokens, one per line');
  if (!given) return null;
  const socketioOnly = (flag: string): void => {
    if (context.transport !== 'socketio') throw new ConfigError(`${flag} applies to --transport socketio only; this run uses ${context.transport}`);
  };
  if (input.namespace !== undefined) socketioOnly('--namespace');
  if (input.auth !== undefined) socketioOnly('--auth');
  const config: HandshakeConfig = {
    path: input.path === undefined ? null : parsePathLike('--path', input.path),
    namespace: input.namespace === undefined ? null : parsePathLike('--namespace', input.namespace),
    query: (input.query ?? []).map((raw) => parseQuery(raw, context.transport)),
    headers: (input.header ?? []).map(parseHeader),
    cookies: (input.cookie ?? []).map(parseCookie),
    auth: input.auth === undefined ? null : parseAuth(input.auth, context.stack),
    tokensFile: null,
    tokenCount: 0,
  };
  if (context.benchServer) {
    const placed = input.path !== undefined ? '--path' : input.namespace !== undefined ? '--namespace' : null;
    if (placed !== null)
      throw new ConfigError(
        `${placed} reaches a server that listens there; bench's own echo servers listen on the default path and namespace only, so it needs --target`,
      );
  }
  if (config.cookies.length > 0 && config.headers.some(([name]) => name.toLowerCase() === 'cookie'))
    throw new ConfigError('--cookie and --header "Cookie: ..." both set the Cookie header: give the cookies one way');
  if (config.headers.length > 0 || config.cookies.length > 0) rejectUnsentHeaders(input.header !== undefined ? '--header' : '--cookie', context);
  checkTemplates(config, input.tokensFile, context.scenarioUsesToken ?? false);
  if (input.tokensFile !== undefined) {
    config.tokensFile = path.resolve(input.tokensFile);
    config.tokenCount = readTokenCount(input.tokensFile, config.tokensFile);
  }
  return config;
}

/** A path or namespace: starts with '/', no query, fragment, whitespace or template. */
function parsePathLike(flag: string, raw: string): string {
  if (!raw.startsWith('/') || /[?#\s]/.test(raw) || raw.includes('{{')) {
    throw new ConfigError(
      `${flag} must start with '/' and hold no query, fragment, space or template, e.g. ${flag === '--path' ? '/socket/socket.io' : '/chat'}; got "${raw}"`,
    );
  }
  return raw;
}

function parseQuery(raw: string, transport: TransportName): [string, string] {
  const at = raw.indexOf('=');
  if (at <= 0) throw new ConfigError(`--query takes name=value, e.g. --query room=lobby; got "${raw}"`);
  const name = raw.slice(0, at);
  if (transport === 'socketio' && ENGINEIO_QUERY.has(name))
    throw new ConfigError(`--query ${name} is engine.io's own query parameter, set by socket.io-client itself; choose another name`);
  return [name, raw.slice(at + 1)];
}

function parseHeader(raw: string): [string, string] {
  const at = raw.indexOf(':');
  const name = at < 0 ? '' : raw.slice(0, at).trim();
  if (!TOKEN.test(name) || /[\r\n]/.test(raw))
    throw new ConfigError(`--header takes "Name: value" on one line, e.g. --header "Authorization: Bearer {{token}}"; got "${raw}"`);
  if (LIBRARY_HEADERS.has(name.toLowerCase()))
    throw new ConfigError(`--header ${name} is set by the client library for the handshake itself; it cannot be given`);
  return [name, raw.slice(at + 1).trim()];
}

function parseCookie(raw: string): [string, string] {
  const at = raw.indexOf('=');
  const name = at < 0 ? '' : raw.slice(0, at);
  const value = raw.slice(at + 1);
  // Cookie values hold no spaces, quotes, commas, semicolons or backslashes (RFC 6265 cookie-octet).
  if (!TOKEN.test(name) || /[\s",;\\]/.test(value))
    throw new ConfigError(`--cookie takes name=value without spaces, quotes, commas or semicolons, e.g. --cookie session={{token}}; got "${raw}"`);
  return [name, value];
}

function parseAuth(raw: string, stack: StackName): JsonObject {
  if (isLegacySocketioClient(stack))
    throw new ConfigError(`--auth: ${socketioClientLabel(stack)} (--stack ${stack}) has no auth payload; pass the token with --query instead`);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw new ConfigError(`--auth must be a JSON object, e.g. --auth '{"token":"{{token}}"}'; ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new ConfigError(`--auth must be a JSON object, e.g. --auth '{"token":"{{token}}"}'; got ${raw}`);
  return value as JsonObject;
}

/** Headers (and so cookies) reach the server only where the client library can send them. */
function rejectUnsentHeaders(flag: string, context: HandshakeContext): void {
  if (context.transport !== 'sockjs') return;
  const polling = context.variant.sockjsTransports.filter((transport) => transport !== 'websocket');
  if (polling.length > 0)
    throw new ConfigError(
      `${flag}: sockjs-client in Node sends no custom headers with its ${polling.join(' and ')} requests (only the websocket transport takes them); use --query, or --sockjs-transports websocket`,
    );
}

/** Every template names a known value, {{token}} only with --tokens-file, and --tokens-file only where {{token}} is used. */
function checkTemplates(config: HandshakeConfig, tokensFile: string | undefined, scenarioUsesToken: boolean): void {
  const values: Array<[string, string]> = [
    ...config.query.map(([name, value]): [string, string] => [`--query ${name}`, value]),
    ...config.headers.map(([name, value]): [string, string] => [`--header ${name}`, value]),
    ...config.cookies.map(([name, value]): [string, string] => [`--cookie ${name}`, value]),
    ...(config.auth === null ? [] : authStrings(config.auth, '--auth ')),
  ];
  let usesToken = scenarioUsesToken;
  for (const [where, text] of values) {
    for (const part of splitTemplate(text)) {
      if (typeof part === 'string') continue;
      if (!(TEMPLATE_NAMES as readonly string[]).includes(part.name))
        throw new ConfigError(`${where}: unknown template {{${part.name}}}; the templates are ${TEMPLATE_NAMES.map((name) => `{{${name}}}`).join(' and ')}`);
      if (part.name === 'token') {
        if (tokensFile === undefined) throw new ConfigError(`${where} uses {{token}}, which needs --tokens-file: a file of tokens, one per line`);
        usesToken = true;
      }
    }
  }
  if (tokensFile !== undefined && !usesToken)
    throw new ConfigError('--tokens-file is given but no --query, --header, --cookie or --auth value, nor the --scenario, uses {{token}}');
}

/** Every string in an auth payload, with where it is (--auth token, --auth user.name). */
function authStrings(value: JsonValue, where: string): Array<[string, string]> {
  if (typeof value === 'string') return [[where.trimEnd(), value]];
  if (value === null || typeof value !== 'object') return [];
  const entries = Array.isArray(value) ? value.map((item, index): [string, JsonValue] => [String(index), item]) : Object.entries(value);
  const prefix = where.endsWith(' ') ? where : `${where}.`;
  return entries.flatMap(([key, item]) => authStrings(item, `${prefix}${key}`));
}

function readTokenCount(given: string, file: string): number {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `--tokens-file ${given} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); give a file of tokens, one per line`,
    );
  }
  const count = tokenLines(text).length;
  if (count === 0) throw new ConfigError(`--tokens-file ${given} holds no tokens; give one per line`);
  return count;
}
