/**
 * How clients connect the way an app's clients do (--path, --namespace, --query, --header,
 * --cookie, --auth, --tokens-file): the settings a run records and sends to its workers, and the
 * template syntax both the config (to check it) and the workers (to expand it) read.
 */

/** The names a template may use: {{id}} is the client's global id, {{token}} its line of --tokens-file. */
export const TEMPLATE_NAMES = ['id', 'token'] as const;
/** One of the template names. */
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/** A piece of a template: literal text, or a name to put in its place. */
export type TemplatePart = string | { name: string };

/** A JSON value, as --auth takes it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** A JSON object, as --auth takes it. */
export type JsonObject = { [key: string]: JsonValue };

/**
 * The handshake of every client of a run. Values are templates, as given; run.json records them
 * so, while the lines of the tokens file are read by each worker and never written anywhere.
 */
export interface HandshakeConfig {
  /** Socket.IO's engine path (option `path`), the ws URL's path, SockJS's prefix; null: the URL's own (Socket.IO: /socket.io). */
  path: string | null;
  /** The Socket.IO namespace the client connects to; null: the URL's path (bench's servers: /). */
  namespace: string | null;
  /** Query parameters in the order given: name, value template. */
  query: Array<[string, string]>;
  /** Request headers in the order given: name, value template. */
  headers: Array<[string, string]>;
  /** Cookies in the order given, sent as one Cookie header: name, value template. */
  cookies: Array<[string, string]>;
  /** Socket.IO's auth payload of the namespace connect, string values templates; null: none. */
  auth: JsonObject | null;
  /** Absolute path of --tokens-file, whose lines {{token}} takes (client i: line i mod lines); null without. */
  tokensFile: string | null;
  /** Tokens (non-blank lines) the file held when the run was configured; 0 without a file. */
  tokenCount: number;
}

const TEMPLATE = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Splits a template into literal text and {{name}}s; names are not checked here. */
export function splitTemplate(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let from = 0;
  for (const match of text.matchAll(TEMPLATE)) {
    const at = match.index;
    if (at > from) parts.push(text.slice(from, at));
    parts.push({ name: match[1] ?? '' });
    from = at + match[0].length;
  }
  if (from < text.length) parts.push(text.slice(from));
  return parts;
}

/** The tokens of a tokens file: one per line, trimmed, blank lines skipped. */
export function tokenLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}
