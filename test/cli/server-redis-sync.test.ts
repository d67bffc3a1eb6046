/**
 * Two `bench server` processes synced through a real redis-server: a room message published on node
 * A reaches the room's members on node B exactly once, and nobody in another room. The clients are
 * bench's own drivers over real sockets.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli } from '../helpers/cli.js';
import { REDIS_MISSING, startTestRedis, type TestRedis } from '../helpers/redis-server.js';
import { CLIENT_DRIVER_LOADERS } from '../../clients/index.js';
import type { ClientConnection } from '../../clients/client-driver.js';
import { joinPayload, parseRoomMessage, roomPayload } from '../../protocol/broadcast-payload.js';
import type { TransportName } from '../../protocol/transports.js';
import { echoServerOptions } from '../helpers/echo-server-options.js';
import { startEchoServer } from '../../servers/echo-server.js';
import { PROJECT_ROOT } from '../helpers/cli.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const PINNED = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies;

if (REDIS_MISSING) console.warn(REDIS_MISSING);

const servers: ChildProcess[] = [];
const clients: ClientConnection[] = [];
let redis: TestRedis | null = null;

beforeAll(async () => {
  if (!REDIS_MISSING) redis = await startTestRedis();
});
afterAll(async () => {
  await redis?.stop();
});
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
  for (const child of servers.splice(0)) child.kill('SIGKILL');
});

function startSyncedServer(transport: TransportName, extra: string[]): Promise<string> {
  return startSyncedServerAt(transport, (redis as TestRedis).url, extra);
}

function startSyncedServerAt(transport: TransportName, redisUrl: string, extra: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const args = [CLI, 'server', '-t', transport, '--mode', 'broadcast', '--redis-url', redisUrl, ...extra];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    servers.push(child);
    let stdout = '';
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes('\n')) resolve(stdout.split('\n')[0]?.trim() ?? '');
    });
    child.on('exit', (code) => reject(new Error(`bench server exited with ${code}: ${stderr}`)));
  });
}

/** A client that joined `room` on the server at `url`, and the room messages it has received. */
interface Member {
  connection: ClientConnection;
  received: string[];
}

async function member(transport: TransportName, url: string, room: number): Promise<Member> {
  const { value: driver } = await CLIENT_DRIVER_LOADERS[transport]('current');
  return new Promise((resolve, reject) => {
    const received: string[] = [];
    let joined = false;
    const connection = driver.connect(
      url,
      { socketioTransports: ['websocket'], sockjsTransports: ['websocket'], perMessageDeflate: false, connectTimeoutMs: 5000, localAddress: undefined },
      {
        onOpen: () => connection.send(joinPayload(room, 8)),
        onMessage: (data) => {
          if (!joined && data.startsWith('j')) {
            joined = true;
            resolve({ connection, received });
          } else if (parseRoomMessage(data) !== null) received.push(data);
        },
        onEnd: (code) => reject(new Error(`client ended: ${code}`)),
      },
    );
    clients.push(connection);
  });
}

async function waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('timed out waiting for deliveries');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const MESSAGES = 5;

describe.skipIf(REDIS_MISSING !== null)('two servers synced through Redis', () => {
  it.each([
    ['ws', []],
    ['sockjs', []],
    ['socketio', []],
    ['socketio', ['--adapter', 'redis-streams']],
  ] as Array<[TransportName, string[]]>)(
    "%s %j: node B's members of the room get node A's room messages exactly once, other rooms nothing",
    async (transport, flags) => {
      const urlA = await startSyncedServer(transport, [...flags, '--node-id', '0']);
      const urlB = await startSyncedServer(transport, [...flags, '--node-id', '1']);
      const publisher = await member(transport, urlA, 1);
      const otherRoomOnA = await member(transport, urlA, 2);
      const sameRoomOnB = [await member(transport, urlB, 1), await member(transport, urlB, 1)];
      const otherRoomOnB = await member(transport, urlB, 2);
      const sent: string[] = [];
      for (let seq = 0; seq < MESSAGES; seq += 1) {
        const payload = roomPayload({ room: 1, publisher: 0, seq, sentMicros: Date.now() * 1000 }, 8);
        sent.push(payload);
        publisher.connection.send(payload);
      }
      await waitFor(() => [publisher, ...sameRoomOnB].every((m) => m.received.length >= MESSAGES));
      // Long enough for a duplicate or a stray delivery to arrive after the last expected one.
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (const m of [publisher, ...sameRoomOnB]) expect([...m.received].sort()).toEqual([...sent].sort());
      expect(otherRoomOnA.received).toEqual([]);
      expect(otherRoomOnB.received).toEqual([]);
    },
  );
});

describe.skipIf(REDIS_MISSING !== null)('a Redis outage', () => {
  it.each(['ws', 'socketio'] as TransportName[])(
    '%s: each node still delivers to its own members, the other nodes get nothing, and delivery across nodes resumes after Redis restarts',
    async (transport) => {
      // A Redis of its own: this test kills it.
      let own = await startTestRedis();
      const url = own.url;
      try {
        const startServer = (nodeId: string): Promise<string> => startSyncedServerAt(transport, url, ['--node-id', nodeId]);
        const [urlA, urlB] = [await startServer('0'), await startServer('1')];
        const onA = await member(transport, urlA, 1);
        const onB = await member(transport, urlB, 1);
        const publish = (seq: number): void => onA.connection.send(roomPayload({ room: 1, publisher: 0, seq, sentMicros: Date.now() * 1000 }, 8));
        await own.stop();
        for (let seq = 0; seq < 3; seq += 1) publish(seq);
        await waitFor(() => onA.received.length >= 3);
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(onA.received).toHaveLength(3);
        expect(onB.received).toEqual([]);
        own = await startTestRedis(own.port);
        // node-redis reconnects with its back-off; once it has, messages cross again. What it queued
        // while Redis was down may arrive too, so only the messages sent after the restart are asked for.
        let seq = 100;
        await waitFor(() => {
          publish(seq++);
          return onB.received.some((data) => (parseRoomMessage(data)?.seq ?? 0) >= 100);
        }, 15_000);
        expect(servers.every((child) => child.exitCode === null)).toBe(true);
      } finally {
        await own.stop();
      }
    },
  );
});

describe.skipIf(REDIS_MISSING !== null)('bench server with sync', () => {
  it.each([
    ['socketio', 'redis', '@socket.io/redis-adapter'],
    ['socketio', 'redis-streams', '@socket.io/redis-streams-adapter'],
    ['ws', 'relay', null],
  ] as const)('%s with %s reports the Redis client and adapter it loaded, with the versions package.json pins', async (transport, adapter, adapterPackage) => {
    const server = await startEchoServer(
      echoServerOptions(transport, { mode: 'broadcast', sync: { brokerUrl: (redis as TestRedis).url, adapter, nodeId: 0 } }),
    );
    try {
      const names = server.libraries.map((library) => library.package);
      expect(server.libraries).toContainEqual({ package: 'redis', module: 'redis', version: PINNED.redis });
      if (adapterPackage !== null)
        expect(server.libraries).toContainEqual({ package: adapterPackage, module: adapterPackage, version: PINNED[adapterPackage] });
      else expect(names.filter((name) => name.includes('adapter'))).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('without sync, a server loads and reports no Redis library', async () => {
    const server = await startEchoServer(echoServerOptions('socketio', { mode: 'broadcast' }));
    await server.close();
    expect(server.libraries.map((library) => library.package)).toEqual(['socket.io', 'engine.io', 'ws']);
  });

  it('exits 1 naming --redis-url when Redis does not answer', async () => {
    const result = await runCli(['server', '-t', 'ws', '--redis-url', 'redis://127.0.0.1:1'], { timeoutMs: 20_000 });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining('--redis-url: Redis at redis://127.0.0.1:1 did not answer')]);
  });
});
