/** Readiness probes of components: a TCP accept, or Redis answering PING. */
import { connect } from 'node:net';

const PROBE_TIMEOUT_MS = 1000;

/** Sends `request` (or nothing) to 127.0.0.1:port and resolves true once `accept` is satisfied by what comes back. */
function probe(port: number, request: string | null, accept: (reply: string) => boolean): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    const finish = (answer: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => finish(false), PROBE_TIMEOUT_MS);
    socket.once('error', () => finish(false));
    socket.once('connect', () => {
      if (request === null) finish(true);
      else socket.write(request);
    });
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      reply += chunk;
      if (accept(reply)) finish(true);
      else if (reply.includes('\r\n')) finish(false);
    });
  });
}

/** True once something accepts a TCP connection on the port. */
export function acceptsConnections(port: number): Promise<boolean> {
  return probe(port, null, () => true);
}

/** True once Redis answers PING with PONG (not while it is loading or refusing). */
export function redisAnswersPing(port: number): Promise<boolean> {
  return probe(port, '*1\r\n$4\r\nPING\r\n', (reply) => reply.startsWith('+PONG\r\n'));
}
