/**
 * The port of a server that will be restarted (--restart-server-at; a cluster's Redis and nodes,
 * --kill ...,restart@). While it is down, thousands of clients reconnect
 * from ephemeral source ports; a client to 127.0.0.1:P can be given source port P itself and
 * connect to itself (a TCP self-connect), which holds P and makes the restart fail with
 * EADDRINUSE. A port below the ephemeral range is never a source port, so it stays free.
 */
import { createServer } from 'node:net';
import { RunError } from '../errors.js';
import { readEphemeralPortRange } from './system-limits.js';

const LOWEST_PORT = 10_000;
const TRIES = 50;

function tryListen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** A port below the ephemeral range that is free on `host` now. */
export async function freePortBelowEphemeralRange(host: string): Promise<number> {
  const highest = Math.max(LOWEST_PORT + 1, (readEphemeralPortRange()?.low ?? 32_768) - 1);
  for (let attempt = 0; attempt < TRIES; attempt += 1) {
    const port = LOWEST_PORT + Math.floor(Math.random() * (highest - LOWEST_PORT));
    if (await tryListen(host, port)) return port;
  }
  throw new RunError(
    `no free port between ${LOWEST_PORT} and ${highest} on ${host} after ${TRIES} tries, for a server that may be restarted on its port; free some ports or lower the port range's start`,
  );
}
