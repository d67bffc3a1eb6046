/**
 * The floor bench is measured against, for every transport: the client library used directly,
 * with the options bench's drivers pass (websocket only, no per-message deflate) and nothing else
 * around it: no sessions, rows, timers or counters.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { TransportName } from '../../protocol/transports.js';
import type { StackName } from '../../protocol/stacks.js';
import { isLegacySocketioClient } from '../../protocol/stack-traits.js';
import { loadLibrary } from '../../protocol/load-library.js';
import { compiledScript, startNodeChild } from '../run/child-process.js';
import { WORKER_NODE_FLAGS } from '../run/worker-process.js';

/** One open bare client. */
export interface BareClient {
  /** Sends `payload` and resolves on the next message. */
  echo(payload: string): Promise<void>;
  close(): void;
}

/** Opens bare clients of one transport; resolves once the connection is open. */
export type BareClientOpener = (url: string) => Promise<BareClient>;

/** A connection that closes before its echo must not hold the measure up for ever. */
const ECHO_TIMEOUT_MS = 10_000;

/** Waits for one message delivered through `listen`, after `send`. */
function echoOnce(listen: (onMessage: () => void) => void, send: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no echo')), ECHO_TIMEOUT_MS);
    listen(() => {
      clearTimeout(timer);
      resolve();
    });
    send();
  });
}

async function wsOpener(stack: StackName): Promise<BareClientOpener> {
  const WebSocket = (await loadLibrary(stack, 'ws')).value as typeof import('ws').default;
  return (url) =>
    new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { perMessageDeflate: false });
      socket.once('error', reject);
      socket.once('open', () =>
        resolve({
          echo: (payload) =>
            echoOnce(
              (done) => socket.once('message', done),
              () => socket.send(payload),
            ),
          close: () => socket.terminate(),
        }),
      );
    });
}

async function socketioOpener(stack: StackName): Promise<BareClientOpener> {
  const library = (await loadLibrary(stack, 'socket.io-client')).value;
  // 3.x and later export `io`; 2.x's module.exports is the io function itself.
  const io = isLegacySocketioClient(stack) ? (library as IoFunction) : (library as { io: IoFunction }).io;
  return (url) =>
    new Promise((resolve, reject) => {
      // The typings take only an object for perMessageDeflate; engine.io-client reads false as off, as the driver passes it.
      const options = { transports: ['websocket'], forceNew: true, reconnection: false, perMessageDeflate: false };
      const socket = io(url, options as unknown as Parameters<IoFunction>[1]);
      socket.once('connect_error', reject);
      socket.once('connect', () =>
        resolve({
          echo: (payload) =>
            echoOnce(
              (done) => socket.once('message', done),
              () => socket.emit('message', payload),
            ),
          close: () => socket.disconnect(),
        }),
      );
    });
}

async function sockjsOpener(stack: StackName): Promise<BareClientOpener> {
  const SockJS = (await loadLibrary(stack, 'sockjs-client')).value as typeof import('sockjs-client');
  return (url) =>
    new Promise((resolve, reject) => {
      const socket = new SockJS(url, undefined, { transports: ['websocket'] });
      socket.onclose = (event: { code: number; reason: string }) => reject(new Error(`sockjs closed ${event.code}: ${event.reason}`));
      socket.onopen = () =>
        resolve({
          echo: (payload) =>
            echoOnce(
              (done) => (socket.onmessage = done),
              () => socket.send(payload),
            ),
          close: () => socket.close(),
        });
    });
}

type IoFunction = typeof import('socket.io-client').io;

/** Loads the transport's client library of the stack and returns its bare opener. */
export const BARE_CLIENT_OPENERS: Record<TransportName, (stack: StackName) => Promise<BareClientOpener>> = {
  ws: wsOpener,
  socketio: socketioOpener,
  sockjs: sockjsOpener,
};

/** A full collection, whether or not node was started with --expose-gc. */
export function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/**
 * RSS growth per connection of `count` bare clients held open (each sent one message and got its
 * echo), opened `concurrency` at a time as a bench worker does, measured after full collections.
 * The library is loaded before the first measure, so its code is not counted. A client that fails
 * to open is left out of the count, as a failed client is left out of bench's own figure.
 */
export async function bareClientBytesPerConnection(
  transport: TransportName,
  stack: StackName,
  url: string,
  count: number,
  concurrency: number,
): Promise<number> {
  const open = await BARE_CLIENT_OPENERS[transport](stack);
  collectGarbage();
  const before = process.memoryUsage.rss();
  const clients: BareClient[] = [];
  let started = 0;
  const lane = async (): Promise<void> => {
    while (started < count) {
      started += 1;
      try {
        const client = await open(url);
        clients.push(client);
        await client.echo('x');
      } catch {
        // Not held open, so not counted.
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  collectGarbage();
  const grown = process.memoryUsage.rss() - before;
  for (const client of clients) client.close();
  if (clients.length === 0) throw new Error(`no bare ${transport} client could connect to ${url}`);
  return Math.round(grown / clients.length);
}

/** One bare memory measure: `count` clients of `transport` on `stack` against `url`, `concurrency` at a time. */
export interface BareMemoryMeasure {
  transport: TransportName;
  stack: StackName;
  url: string;
  count: number;
  concurrency: number;
}

/**
 * Runs bareClientBytesPerConnection in a fresh process, so memory an earlier measure freed cannot
 * hide growth, with the node flags of a bench worker, so the young generation is sized alike.
 * Resolves null when `signal` stopped it.
 */
export function bareClientBytesInFreshProcess(measure: BareMemoryMeasure, signal?: AbortSignal): Promise<number | null> {
  const { transport, stack, url, count, concurrency } = measure;
  const child = startNodeChild(compiledScript('bench/selftest/bare-memory-child.js'), {
    fileLimit: null,
    execArgv: [...WORKER_NODE_FLAGS],
    args: [transport, stack, url, String(count), String(concurrency)],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
  child.stdout?.resume();
  const stop = (): void => {
    child.kill('SIGTERM');
  };
  signal?.addEventListener('abort', stop, { once: true });
  return new Promise<number | null>((resolve, reject) => {
    child.once('message', (message: { bytesPerConnection: number }) => resolve(message.bytesPerConnection));
    child.once('exit', (code) => {
      if (signal?.aborted) return resolve(null);
      // Node ends an uncaught error with its own version line; the error itself is the line that names it.
      const errorLine = stderr.split('\n').find((line) => /Error/.test(line)) ?? stderr.trim().split('\n').pop() ?? '';
      reject(new Error(`bare ${transport} client memory process exited with ${code}: ${errorLine.trim()}`));
    });
  }).finally(() => signal?.removeEventListener('abort', stop));
}
