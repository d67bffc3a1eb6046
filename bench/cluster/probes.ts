/** Readiness probes of components: a TCP accept, Redis answering PING, nats-server's INFO, RabbitMQ's connection.start, PostgreSQL answering a query. */
import { connect } from 'node:net';

const PROBE_TIMEOUT_MS = 1000;

/** What a probe makes of the reply so far: ready, not ready, or wait for more. */
type Verdict = boolean | 'more';

/** Sends `request` (or nothing) to 127.0.0.1:port and resolves with `judge`'s verdict on what comes back; false on a timeout or an error. */
function probe(port: number, request: Buffer | string | null, judge: (reply: Buffer) => Verdict): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = Buffer.alloc(0);
    const finish = (answer: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => finish(false), PROBE_TIMEOUT_MS);
    socket.once('error', () => finish(false));
    socket.once('close', () => finish(false));
    socket.once('connect', () => {
      if (request !== null) socket.write(request);
      else if (judge(reply) === true) finish(true);
    });
    socket.on('data', (chunk: Buffer) => {
      reply = Buffer.concat([reply, chunk]);
      const verdict = judge(reply);
      if (verdict !== 'more') finish(verdict);
    });
  });
}

/** A line-based reply: ready when it starts with `prefix`, not ready once a whole line says otherwise. */
function lineStartsWith(prefix: string): (reply: Buffer) => Verdict {
  return (reply) => {
    const text = reply.toString('utf8');
    return text.startsWith(prefix) ? true : text.includes('\r\n') ? false : 'more';
  };
}

/** True once something accepts a TCP connection on the port. */
export function acceptsConnections(port: number): Promise<boolean> {
  return probe(port, null, () => true);
}

/** True once Redis answers PING with PONG (not while it is loading or refusing). */
export function redisAnswersPing(port: number): Promise<boolean> {
  return probe(port, '*1\r\n$4\r\nPING\r\n', lineStartsWith('+PONG\r\n'));
}

/** True once nats-server greets a connection with its INFO line. */
export function natsSaysInfo(port: number): Promise<boolean> {
  return probe(port, null, (reply) => (reply.length === 0 ? 'more' : lineStartsWith('INFO ')(reply)));
}

/** The AMQP 0-9-1 protocol header a client opens with. */
const AMQP_HEADER = Buffer.from([0x41, 0x4d, 0x51, 0x50, 0, 0, 9, 1]);

/** True once RabbitMQ answers the AMQP header with connection.start (a method frame of class 10, method 10). */
export function amqpAnswersHeader(port: number): Promise<boolean> {
  return probe(port, AMQP_HEADER, (reply) => (reply.length < 11 ? 'more' : reply[0] === 1 && reply.readUInt16BE(7) === 10 && reply.readUInt16BE(9) === 10));
}

/** True once PostgreSQL answers SELECT 1 as `user` (not while it starts up or recovers). pg is loaded only for a PostgreSQL run. */
export async function postgresAnswersQuery(port: number, user: string): Promise<boolean> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ host: '127.0.0.1', port, user, database: 'postgres', connectionTimeoutMillis: PROBE_TIMEOUT_MS });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
