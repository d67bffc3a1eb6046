/**
 * Whether a server bench did not write is ready: it answers the first step of the transport's own
 * handshake, not merely a TCP accept (an app can listen before its Socket.IO is attached). The
 * certificate is not checked here: the clients judge it, and report it per client.
 */
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import WebSocket from 'ws';
import type { StackName } from '../../protocol/stacks.js';
import { engineIoProtocolOf } from '../../protocol/stack-traits.js';
import type { TransportName } from '../../protocol/transports.js';

const PROBE_TIMEOUT_MS = 2000;
const BODY_LIMIT_BYTES = 4096;

/** What one probe found: ready, or why not, in words that end an error message. */
export type ProbeResult = { ready: true } | { ready: false; reason: string };

/** What a probe needs to know of the server. */
export interface ProbeTarget {
  transport: TransportName;
  stack: StackName;
  /** The URL the clients use. */
  url: string;
  /** Socket.IO's engine path (--path), e.g. /socket.io. */
  socketioPath: string;
  /** Socket.IO: whether the clients may use the websocket transport; polling is probed when they may not. */
  socketioWebsocket: boolean;
}

/**
 * The probe of a server whose clients reach it at `url` with `path` (--path): Socket.IO's engine
 * path, or the path that replaces the URL's for ws and SockJS (as the clients put it in place).
 */
export function probeTargetOf(transport: TransportName, stack: StackName, url: string, path: string | null, socketioWebsocket: boolean): ProbeTarget {
  const probeUrl = path === null || transport === 'socketio' ? url : Object.assign(new URL(url), { pathname: path }).toString();
  return { transport, stack, url: probeUrl, socketioPath: path ?? '/socket.io', socketioWebsocket };
}

function notReady(reason: string): ProbeResult {
  return { ready: false, reason };
}

function describeError(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.message : String(error);
}

/**
 * 401 and 403: the server is up and refuses a handshake without the app's credentials, which the
 * probe does not send (the clients do, each its own): it is ready, and the clients' rows will say
 * whether their tokens are accepted.
 */
function refusesWithoutCredentials(status: number): boolean {
  return status === 401 || status === 403;
}

/** GETs `url` and hands the status and the start of the body to `judge`. */
function probeHttp(url: URL, judge: (status: number, body: string) => ProbeResult): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const get = url.protocol === 'https:' ? httpsGet : httpGet;
    const request = get(url, { rejectUnauthorized: false, timeout: PROBE_TIMEOUT_MS }, (response: IncomingMessage) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        if (body.length < BODY_LIMIT_BYTES) body += chunk;
      });
      response.on('end', () => resolve(judge(response.statusCode ?? 0, body)));
      response.on('error', (error) => resolve(notReady(describeError(error))));
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)));
    request.on('error', (error) => resolve(notReady(`${describeError(error)} at ${url.toString()}`)));
  });
}

/** Opens a WebSocket to `url`; ready once `first` accepts the first message (or at open when `first` is null). */
function probeWebSocket(url: string, first: ((message: string) => boolean) | null): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { rejectUnauthorized: false, handshakeTimeout: PROBE_TIMEOUT_MS });
    const finish = (result: ProbeResult): void => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => finish(notReady(`no handshake within ${PROBE_TIMEOUT_MS} ms at ${url}`)), PROBE_TIMEOUT_MS);
    socket.on('open', () => {
      if (first === null) finish({ ready: true });
    });
    socket.on('message', (data: WebSocket.RawData) => {
      const text = data.toString();
      finish(first?.(text) ? { ready: true } : notReady(`an unexpected first message at ${url}: ${text.slice(0, 60)}`));
    });
    socket.on('unexpected-response', (_request, response) => {
      const status = response.statusCode ?? 0;
      finish(refusesWithoutCredentials(status) ? { ready: true } : notReady(`HTTP ${status} at ${url}`));
    });
    socket.on('error', (error) => finish(notReady(`${describeError(error)} at ${url}`)));
    socket.on('close', () => finish(notReady(`closed during the handshake at ${url}`)));
  });
}

/** The Engine.IO URL of a Socket.IO server: its engine path, with the protocol revision its stack speaks. */
function engineUrl(target: ProbeTarget, transport: 'polling' | 'websocket'): URL {
  const url = new URL(target.url);
  url.pathname = `${target.socketioPath.replace(/\/+$/, '')}/`;
  url.search = `?EIO=${engineIoProtocolOf(target.stack)}&transport=${transport}`;
  if (transport === 'websocket') url.protocol = url.protocol === 'https:' || url.protocol === 'wss:' ? 'wss:' : 'ws:';
  else url.protocol = url.protocol === 'wss:' || url.protocol === 'https:' ? 'https:' : 'http:';
  return url;
}

/** An Engine.IO open packet ("0{...}"; Engine.IO 3 over polling frames it as "<length>:0{...}"). */
function isEngineOpenPacket(text: string): boolean {
  return /^(\d+:)?0\{/.test(text);
}

/** One probe of the server's handshake. */
export function probeHandshake(target: ProbeTarget): Promise<ProbeResult> {
  switch (target.transport) {
    case 'ws':
      return probeWebSocket(target.url, null);
    case 'socketio': {
      if (target.socketioWebsocket) return probeWebSocket(engineUrl(target, 'websocket').toString(), isEngineOpenPacket);
      const url = engineUrl(target, 'polling');
      return probeHttp(url, (status, body) =>
        (status === 200 && isEngineOpenPacket(body)) || refusesWithoutCredentials(status)
          ? { ready: true }
          : notReady(`HTTP ${status} at ${url.toString()}: ${body.slice(0, 60)}`),
      );
    }
    case 'sockjs': {
      const url = new URL(target.url);
      url.pathname = `${url.pathname.replace(/\/+$/, '')}/info`;
      return probeHttp(url, (status, body) =>
        (status === 200 && body.includes('"websocket"')) || refusesWithoutCredentials(status)
          ? { ready: true }
          : notReady(`HTTP ${status} at ${url.toString()}`),
      );
    }
  }
}
