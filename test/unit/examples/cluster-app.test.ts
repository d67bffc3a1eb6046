/** examples/cluster-app: the node:cluster Socket.IO app whose whole process tree --server-cmd samples, over real sockets. */
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { killExampleApps, startExampleApp, type ExampleApp } from '../../helpers/example-app.js';
import { childPids, commandLine, isAlive, waitFor } from '../../helpers/processes.js';

const LISTENING = /^cluster-app listening on http:\/\/127\.0\.0\.1:(\d+) with \d+ workers$/m;
const EVENT_TIMEOUT_MS = 5_000;

const sockets: Socket[] = [];

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  killExampleApps();
});

function startCluster(env: NodeJS.ProcessEnv = {}): Promise<ExampleApp> {
  return startExampleApp('cluster-app', env, LISTENING);
}

function client(app: ExampleApp, transports: Array<'websocket' | 'polling'> = ['websocket']): Socket {
  const socket = io(app.origin, { transports, reconnection: false, forceNew: true });
  sockets.push(socket);
  return socket;
}

function next<T>(socket: Socket, event: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${EVENT_TIMEOUT_MS} ms`)), EVENT_TIMEOUT_MS);
    socket.once(event, (value: T) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

/** The primary's children that run the app: its workers. */
function workerPids(app: ExampleApp): number[] {
  return childPids(app.pid).filter((pid) => commandLine(pid).includes('examples/cluster-app/server.js'));
}

describe('examples/cluster-app', () => {
  it('forks 2 workers that share the one port PORT=0 picked, and spreads websocket clients over both, each echoing', async () => {
    const app = await startCluster();
    const workers = workerPids(app);
    expect(workers).toHaveLength(2);

    const clients = Array.from({ length: 6 }, () => client(app));
    await Promise.all(clients.map((socket) => next(socket, 'connect')));
    const servedBy = new Set<number>();
    for (const [index, socket] of clients.entries()) {
      const echo = next<string>(socket, 'message');
      socket.emit('message', `hello ${index}`);
      expect(await echo).toBe(`hello ${index}`);
      servedBy.add((await socket.timeout(EVENT_TIMEOUT_MS).emitWithAck('worker pid')) as number);
    }
    // The primary hands connections out round robin, so six of them reach both workers.
    expect([...servedBy].sort()).toEqual([...workers].sort());
  });

  it('forks WORKERS workers', async () => {
    const app = await startCluster({ WORKERS: '3' });
    expect(app.output()).toContain('with 3 workers');
    expect(workerPids(app)).toHaveLength(3);
  });

  it('refuses polling, which would need sticky sessions', async () => {
    const app = await startCluster();
    const error = await next<Error>(client(app, ['polling']), 'connect_error');
    expect(error.message).toBe('xhr poll error');
  });

  it('on SIGTERM to the primary stops every worker and exits 0, leaving no process', async () => {
    const app = await startCluster();
    const workers = workerPids(app);
    const connectedClient = client(app);
    await next(connectedClient, 'connect');

    app.child.kill('SIGTERM');

    expect(await app.exited).toBe(0);
    expect(workers.filter(isAlive)).toEqual([]);
  });

  it('restarts no worker: when one dies, the primary stops the other and exits 1', async () => {
    const app = await startCluster();
    const [doomed, survivor] = workerPids(app);
    if (doomed === undefined || survivor === undefined) throw new Error(`expected 2 workers, found ${workerPids(app).length}`);

    process.kill(doomed, 'SIGKILL');

    expect(await app.exited).toBe(1);
    await waitFor(() => !isAlive(survivor), 5_000, 'the surviving worker to exit');
    expect(app.output()).toContain(`worker ${doomed} exited (SIGKILL); stopping the others`);
  });
});
