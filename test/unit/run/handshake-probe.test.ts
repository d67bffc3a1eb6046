/** probeHandshake against real servers of each transport on port 0, and against servers that listen but are not one. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Server as SocketIoServer } from 'socket.io';
import sockjs from 'sockjs';
import { WebSocketServer } from 'ws';
import { probeHandshake, type ProbeTarget } from '../../../bench/run/handshake-probe.js';

const closers: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return (server.address() as AddressInfo).port;
}

function target(overrides: Partial<ProbeTarget> & Pick<ProbeTarget, 'transport' | 'url'>): ProbeTarget {
  return { stack: 'current', socketioPath: '/socket.io', socketioWebsocket: true, ...overrides };
}

describe('probeHandshake', () => {
  it('ws: ready once the upgrade is accepted or refused for want of credentials (401); a server that does not know it (404) is not ready, with its status', async () => {
    const http = createServer();
    const wss = new WebSocketServer({ server: http });
    closers.push(() => new Promise((resolve) => wss.close(() => resolve())));
    const port = await listen(http);
    expect(await probeHandshake(target({ transport: 'ws', url: `ws://127.0.0.1:${port}/` }))).toEqual({ ready: true });

    // An app that refuses an upgrade without its token is up: the clients, not the probe, carry tokens.
    const guarded = createServer();
    guarded.on('upgrade', (_request, socket) => socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n'));
    const guardedPort = await listen(guarded);
    expect(await probeHandshake(target({ transport: 'ws', url: `ws://127.0.0.1:${guardedPort}/` }))).toEqual({ ready: true });

    const plain = createServer((_request, response) => response.writeHead(404).end());
    const plainPort = await listen(plain);
    const result = await probeHandshake(target({ transport: 'ws', url: `ws://127.0.0.1:${plainPort}/` }));
    expect(result).toEqual({ ready: false, reason: `HTTP 404 at ws://127.0.0.1:${plainPort}/` });
  });

  it('socketio: the open packet on its engine path, over websocket or polling; another path is not ready', async () => {
    const http = createServer();
    const io = new SocketIoServer(http, { path: '/chat/socket.io' });
    closers.push(() => new Promise((resolve) => void io.close(() => resolve())));
    const port = await listen(http);
    const url = `http://127.0.0.1:${port}`;
    expect(await probeHandshake(target({ transport: 'socketio', url, socketioPath: '/chat/socket.io' }))).toEqual({ ready: true });
    expect(await probeHandshake(target({ transport: 'socketio', url, socketioPath: '/chat/socket.io/', socketioWebsocket: false }))).toEqual({ ready: true });
    // Nothing answers outside the engine path on a bare http server: the probe gives up after its own timeout.
    const wrong = await probeHandshake(target({ transport: 'socketio', url, socketioWebsocket: false }));
    expect(wrong).toEqual({ ready: false, reason: `no answer within 2000 ms at http://127.0.0.1:${port}/socket.io/?EIO=4&transport=polling` });
  });

  it('sockjs: its info answer under the prefix; connection refused is not ready, with the code', async () => {
    const http = createServer();
    sockjs.createServer({ log: () => undefined }).installHandlers(http, { prefix: '/rt' });
    const port = await listen(http);
    expect(await probeHandshake(target({ transport: 'sockjs', url: `http://127.0.0.1:${port}/rt` }))).toEqual({ ready: true });
    const other = await probeHandshake(target({ transport: 'sockjs', url: `http://127.0.0.1:${port}/elsewhere` }));
    expect(other.ready).toBe(false);

    const closed = createServer();
    const closedPort = await listen(closed);
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    closers.pop();
    const refused = await probeHandshake(target({ transport: 'sockjs', url: `http://127.0.0.1:${closedPort}/rt` }));
    expect(refused).toEqual({ ready: false, reason: `ECONNREFUSED at http://127.0.0.1:${closedPort}/rt/info` });
  });
});
