/**
 * The WebSocket URL of an Engine.IO connection that goes straight to the websocket transport, as
 * engine.io-client builds it: the engine path with its trailing slash (default /socket.io/), the
 * URL's and --query's parameters, then EIO (3 for socket.io 2.x, 4 from 3.x) and transport=websocket.
 */
import type { ClientHandshake } from '../handshake.js';

/** Socket.IO's engine path when --path names none. */
const DEFAULT_ENGINE_PATH = '/socket.io';

export type EngineVersion = 3 | 4;

export function engineUrl(url: string, handshake: ClientHandshake | null, version: EngineVersion): string {
  const parsed = new URL(url);
  parsed.protocol = parsed.protocol === 'https:' || parsed.protocol === 'wss:' ? 'wss:' : 'ws:';
  // The URL's own path is the namespace (socket.io-client reads it so); the engine path is separate.
  parsed.pathname = `${(handshake?.path ?? DEFAULT_ENGINE_PATH).replace(/\/$/, '')}/`;
  const query = handshake?.query ?? null;
  if (query !== null) for (const name in query) parsed.searchParams.append(name, query[name] as string);
  parsed.searchParams.set('EIO', String(version));
  parsed.searchParams.set('transport', 'websocket');
  return parsed.toString();
}

/** The namespace a client joins: --namespace, else the URL's path ('/' when it has none). */
export function namespaceOf(url: string, handshake: ClientHandshake | null): string {
  if (handshake?.namespace != null) return handshake.namespace;
  const path = new URL(url).pathname;
  return path === '' ? '/' : path;
}

/** The handshake the WebSocket itself carries: its headers only, the URL being built already. */
export function headersOnly(handshake: ClientHandshake | null): ClientHandshake | null {
  const headers = handshake?.headers ?? null;
  return headers === null ? null : { path: null, namespace: null, query: null, headers, auth: null };
}
