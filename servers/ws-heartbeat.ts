/**
 * A heartbeat for the ws server, which has none of its own: every interval it pings every client
 * (the ws client answers with a pong by itself), and a client that has not answered a ping within
 * the timeout is terminated, as an engine.io server ends a client that misses its pong.
 */
import type { WebSocket, WebSocketServer } from 'ws';
import type { HeartbeatSettings } from '../protocol/messages.js';

const LAST_PONG_AT = Symbol('last pong at');

type Tracked = WebSocket & { [LAST_PONG_AT]?: number };

function onPong(this: Tracked): void {
  this[LAST_PONG_AT] = Date.now();
}

/** Starts pinging; stop() ends the timers. */
export function startWsHeartbeat(wss: WebSocketServer, settings: HeartbeatSettings): { stop(): void } {
  const checks = new Set<NodeJS.Timeout>();
  wss.on('connection', (socket: Tracked) => {
    socket[LAST_PONG_AT] = Date.now();
    socket.on('pong', onPong);
  });
  const sweep = setInterval(() => {
    const pingedAt = Date.now();
    for (const socket of wss.clients) socket.ping();
    const check = setTimeout(() => {
      checks.delete(check);
      for (const socket of wss.clients as Set<Tracked>) {
        if ((socket[LAST_PONG_AT] ?? 0) < pingedAt) socket.terminate();
      }
    }, settings.pingTimeoutMs);
    checks.add(check);
  }, settings.pingIntervalMs);
  return {
    stop() {
      clearInterval(sweep);
      for (const check of checks) clearTimeout(check);
      checks.clear();
    },
  };
}
