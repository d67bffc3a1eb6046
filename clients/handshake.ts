/**
 * Expands a run's handshake (protocol/handshake.ts) for each client: {{id}} and {{token}} in the
 * values of --query, --header, --cookie and --auth. The templates are compiled once per worker; a
 * client's expansion is a few string concatenations, and values without a template are one object
 * shared by every client.
 */
import { readFileSync } from 'node:fs';
import { splitTemplate, tokenLines, type HandshakeConfig, type JsonObject, type JsonValue } from '../protocol/handshake.js';

/** What one client sends with its handshake, templates expanded. */
export interface ClientHandshake {
  /** Socket.IO's engine path, or the path that replaces the ws / SockJS URL's; null: the URL's own. */
  path: string | null;
  /** Socket.IO namespace; null: the URL's path. */
  namespace: string | null;
  /** Query parameters to add; null: none. */
  query: Record<string, string> | null;
  /** Request headers, the cookies as one Cookie header among them; null: none. */
  headers: Record<string, string> | null;
  /** Socket.IO's auth payload; null: none. */
  auth: JsonObject | null;
}

const ID = 0;
const TOKEN = 1;

/** Literal text and slots (ID, TOKEN), in order; a plain string when the value has no template. */
type Template = string | ReadonlyArray<string | typeof ID | typeof TOKEN>;

/** A JSON value to expand: a constant, a template, or an object or array holding some. */
type JsonPlan = { constant: JsonValue } | { template: Template } | { object: Array<[string, JsonPlan]> } | { array: JsonPlan[] };

function compileTemplate(text: string): Template {
  const parts = splitTemplate(text);
  if (parts.every((part) => typeof part === 'string')) return text;
  return parts.map((part) => {
    if (typeof part === 'string') return part;
    if (part.name === 'id') return ID;
    if (part.name === 'token') return TOKEN;
    // The config refuses unknown names before any worker starts.
    throw new Error(`unknown handshake template {{${part.name}}}`);
  });
}

function expandTemplate(template: Template, client: number, tokens: readonly string[]): string {
  if (typeof template === 'string') return template;
  let text = '';
  for (const part of template) text += typeof part === 'string' ? part : part === ID ? String(client) : (tokens[client % tokens.length] ?? '');
  return text;
}

function compileJson(value: JsonValue): JsonPlan {
  if (typeof value === 'string') {
    const template = compileTemplate(value);
    return typeof template === 'string' ? { constant: value } : { template };
  }
  if (value === null || typeof value !== 'object') return { constant: value };
  if (Array.isArray(value)) {
    const items = value.map(compileJson);
    return items.every((item) => 'constant' in item) ? { constant: value } : { array: items };
  }
  const entries = Object.entries(value).map(([key, item]): [string, JsonPlan] => [key, compileJson(item)]);
  return entries.every(([, item]) => 'constant' in item) ? { constant: value } : { object: entries };
}

function expandJson(plan: JsonPlan, client: number, tokens: readonly string[]): JsonValue {
  if ('constant' in plan) return plan.constant;
  if ('template' in plan) return expandTemplate(plan.template, client, tokens);
  if ('array' in plan) return plan.array.map((item) => expandJson(item, client, tokens));
  const object: JsonObject = {};
  for (const [key, item] of plan.object) object[key] = expandJson(item, client, tokens);
  return object;
}

/** Name/value pairs whose values may hold templates; `constant` is the record itself when none does. */
class RecordTemplate {
  private readonly constant: Record<string, string> | null;
  private readonly entries: Array<[string, Template]>;

  constructor(pairs: Array<[string, string]>) {
    this.entries = pairs.map(([name, value]) => [name, compileTemplate(value)]);
    this.constant = this.entries.every(([, value]) => typeof value === 'string') ? Object.fromEntries(pairs) : null;
  }

  expand(client: number, tokens: readonly string[]): Record<string, string> {
    if (this.constant !== null) return this.constant;
    const record: Record<string, string> = {};
    for (const [name, value] of this.entries) record[name] = expandTemplate(value, client, tokens);
    return record;
  }
}

/** A run's handshake compiled for one worker; forClient gives each client's. */
export class HandshakeTemplates {
  private readonly query: RecordTemplate | null;
  private readonly headers: RecordTemplate | null;
  private readonly auth: JsonPlan | null;

  /** `tokens`: the lines of the run's tokens file (tokenLines), empty without one. */
  constructor(
    private readonly config: HandshakeConfig,
    readonly tokens: readonly string[],
  ) {
    this.query = config.query.length === 0 ? null : new RecordTemplate(config.query);
    const headers = [...config.headers];
    if (config.cookies.length > 0) headers.push(['Cookie', config.cookies.map(([name, value]) => `${name}=${value}`).join('; ')]);
    this.headers = headers.length === 0 ? null : new RecordTemplate(headers);
    this.auth = config.auth === null ? null : compileJson(config.auth);
  }

  /** The handshake of client `client` (its global id). */
  forClient(client: number): ClientHandshake {
    const { tokens } = this;
    return {
      path: this.config.path,
      namespace: this.config.namespace,
      query: this.query === null ? null : this.query.expand(client, tokens),
      headers: this.headers === null ? null : this.headers.expand(client, tokens),
      auth: this.auth === null ? null : (expandJson(this.auth, client, tokens) as JsonObject),
    };
  }
}

/** The run's handshake compiled for this worker, its tokens read from the tokens file (checked when the run was configured). */
export function loadHandshakeTemplates(config: HandshakeConfig): HandshakeTemplates {
  return new HandshakeTemplates(config, config.tokensFile === null ? [] : tokenLines(readFileSync(config.tokensFile, 'utf8')));
}

/** The ws or SockJS URL of a client: --path replaces the URL's path, --query adds to its query. */
export function handshakeUrl(url: string, handshake: ClientHandshake | null): string {
  if (handshake === null || (handshake.path === null && handshake.query === null)) return url;
  const parsed = new URL(url);
  if (handshake.path !== null) parsed.pathname = handshake.path;
  if (handshake.query !== null) for (const name in handshake.query) parsed.searchParams.append(name, handshake.query[name] as string);
  return parsed.toString();
}

/** The Socket.IO URL of a client: the namespace replaces the URL's path (socket.io-client reads the namespace from it). */
export function namespaceUrl(url: string, handshake: ClientHandshake | null): string {
  if (handshake === null || handshake.namespace === null) return url;
  const parsed = new URL(url);
  parsed.pathname = handshake.namespace;
  return parsed.toString();
}
