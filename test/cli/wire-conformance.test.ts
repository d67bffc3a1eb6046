/**
 * The wire client (--client wire) against servers, beside the library client on the same server:
 * bench's own Socket.IO and SockJS echo servers of both stacks, a Socket.IO server no one here
 * wrote (Debian's python3-socketio, test/fixtures/python-socketio-server.py), and broken servers
 * (a fixture that never pings, one that never answers a ping). Both clients must report the same
 * events and the same ends, except where a case says why they differ.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { loadClientDriver } from '../../clients/index.js';
import type { ClientConnection, ClientDriver, DriverOptions } from '../../clients/client-driver.js';
import type { ClientHandshake } from '../../clients/handshake.js';
import { CLIENT_KINDS, type ClientKind } from '../../protocol/client-kinds.js';
import type { ClientEndCode } from '../../protocol/messages.js';
import type { StackName } from '../../protocol/stacks.js';
import { unsupportedOnThisNode } from '../../protocol/stack-traits.js';
import { serverUrl, type TransportName } from '../../protocol/transports.js';
import { startEchoServer, type RunningEchoServer } from '../../servers/echo-server.js';
import { echoServerOptions } from '../helpers/echo-server-options.js';
import { PYTHON_SOCKETIO_MISSING, pythonSocketioAvailable, startPythonSocketio, type PythonSocketio } from '../helpers/python-socketio.js';

const OPTIONS: DriverOptions = {
  socketioTransports: ['websocket'],
  sockjsTransports: ['websocket'],
  perMessageDeflate: false,
  connectTimeoutMs: 5000,
  localAddress: undefined,
};

/** One client's events as they came: open, messages, every event (with allEvents), and its first end. */
class Recorder {
  connection: ClientConnection | null = null;
  readonly messages: string[] = [];
  readonly incoming: Array<{ event: string | null; args: unknown[] }> = [];
  end: ClientEndCode | null = null;
  private waiters: Array<() => void> = [];

  readonly events = {
    onOpen: () => this.changed(),
    onMessage: (data: string) => {
      this.messages.push(data);
      this.changed();
    },
    onIncoming: (event: string | null, args: unknown[]) => {
      this.incoming.push({ event, args });
      this.changed();
    },
    onEnd: (code: ClientEndCode) => {
      this.end ??= code;
      this.changed();
    },
  };

  opened = false;

  constructor() {
    const open = this.events.onOpen;
    this.events.onOpen = () => {
      this.opened = true;
      open();
    };
  }

  /** Resolves when `done` holds, rejects after 5 s with what the client saw. */
  until(done: () => boolean, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!done()) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((waiter) => waiter !== check);
        resolve();
      };
      const timer = setTimeout(() => reject(new Error(`${what}: not within 5 s (open ${this.opened}, end ${this.end})`)), 5000);
      this.waiters.push(check);
      check();
    });
  }

  /** Checks the waits again: for what the test itself records (an ack). */
  changed(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

const drivers = new Map<string, ClientDriver>();

async function driverOf(transport: TransportName, stack: StackName, client: ClientKind): Promise<ClientDriver> {
  const key = `${transport} ${stack} ${client}`;
  let driver = drivers.get(key);
  if (driver === undefined) {
    driver = (await loadClientDriver(transport, stack, client)).value;
    drivers.set(key, driver);
  }
  return driver;
}

const open: Recorder[] = [];
afterEach(() => {
  for (const recorder of open.splice(0)) recorder.connection?.close();
});

async function connect(
  transport: TransportName,
  stack: StackName,
  client: ClientKind,
  url: string,
  options: { handshake?: Partial<ClientHandshake>; allEvents?: boolean } = {},
): Promise<Recorder> {
  const driver = await driverOf(transport, stack, client);
  const recorder = new Recorder();
  const handshake: ClientHandshake = { path: null, namespace: null, query: null, headers: null, auth: null, ...options.handshake };
  recorder.connection = driver.connect(url, options.allEvents ? { ...OPTIONS, scenario: true } : OPTIONS, recorder.events, handshake);
  open.push(recorder);
  return recorder;
}

async function connected(recorder: Recorder): Promise<Recorder> {
  await recorder.until(() => recorder.opened || recorder.end !== null, 'open');
  expect(recorder.end).toBeNull();
  return recorder;
}

const STACKS: StackName[] = ['current', '2020'];

describe.each(STACKS)("bench's echo servers, stack %s", (stack) => {
  const servers: RunningEchoServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  async function serverFor(transport: TransportName): Promise<string> {
    const server = await startEchoServer(echoServerOptions(transport, { stack }));
    servers.push(server);
    return serverUrl(transport, '127.0.0.1', server.port);
  }

  describe.each(CLIENT_KINDS)('--client %s', (client) => {
    it('Socket.IO: a message and a binary message come back as they went', async () => {
      const url = await serverFor('socketio');
      const text = `hello ${'x'.repeat(2048)} "quoted" \u00e9`;
      if (stack === '2020' && client === 'library') {
        // socket.io-client 2.3 has no onAny (the config refuses a scenario there): only its message events are heard, text.
        const recorder = await connected(await connect('socketio', stack, client, url));
        recorder.connection?.send(text);
        await recorder.until(() => recorder.messages.length === 1, 'the echo');
        expect(recorder.messages).toEqual([text]);
        return;
      }
      const recorder = await connected(await connect('socketio', stack, client, url, { allEvents: true }));
      recorder.connection?.send(text);
      recorder.connection?.send(Buffer.from([0, 1, 2, 255]));
      await recorder.until(() => recorder.incoming.length === 2, 'two echoes');
      expect(recorder.incoming[0]).toEqual({ event: 'message', args: [text] });
      expect(recorder.incoming[1]?.event).toBe('message');
      expect(Buffer.from(recorder.incoming[1]?.args[0] as Buffer)).toEqual(Buffer.from([0, 1, 2, 255]));
    });

    it.skipIf(unsupportedOnThisNode(stack, 'sockjs') !== null)('SockJS: messages come back in order, as they went', async () => {
      const recorder = await connected(await connect('sockjs', stack, client, await serverFor('sockjs')));
      for (const text of ['one', 'two "quoted"', '\u00e9\n']) recorder.connection?.send(text);
      await recorder.until(() => recorder.messages.length === 3, 'three echoes');
      expect(recorder.messages).toEqual(['one', 'two "quoted"', '\u00e9\n']);
      recorder.connection?.close();
      await recorder.until(() => recorder.end !== null, 'the end');
      expect(recorder.end).toBe('closed');
    });
  });
});

describe('a Socket.IO server no one here wrote: python3-socketio', () => {
  let server: PythonSocketio;
  beforeAll(async () => {
    if (!pythonSocketioAvailable()) throw new Error(PYTHON_SOCKETIO_MISSING);
    server = await startPythonSocketio({ pingIntervalSeconds: 0.3, pingTimeoutSeconds: 0.3 });
  });
  afterAll(async () => {
    await server?.stop();
  });

  describe.each(CLIENT_KINDS)('--client %s', (client) => {
    it('echoes a message, binary events nested in objects, and acks', async () => {
      const recorder = await connected(await connect('socketio', 'current', client, server.url, { allEvents: true }));
      recorder.connection?.send('hi');
      recorder.connection?.emit?.('binary-echo', [Buffer.from('abc'), 'text', { nested: Buffer.from([7, 8]) }], null);
      const acked: unknown[][] = [];
      recorder.connection?.emit?.('whatever', [1, 'two', { three: 3 }, Buffer.from([9])], (...reply) => {
        acked.push(reply);
        recorder.changed();
      });
      await recorder.until(() => recorder.incoming.length === 2 && acked.length === 1, 'echoes and the ack');
      expect(recorder.incoming[0]).toEqual({ event: 'message', args: ['hi'] });
      const [blob, text, nested] = recorder.incoming[1]?.args ?? [];
      expect([recorder.incoming[1]?.event, Buffer.from(blob as Buffer).toString(), text]).toEqual(['binary-echo', 'abc', 'text']);
      expect(Buffer.from((nested as { nested: Buffer }).nested)).toEqual(Buffer.from([7, 8]));
      expect(acked[0]?.slice(0, 3)).toEqual([1, 'two', { three: 3 }]);
      expect(Buffer.from(acked[0]?.[3] as Buffer)).toEqual(Buffer.from([9]));
    });

    it("answers the server's own ack request", async () => {
      const recorder = await connected(await connect('socketio', 'current', client, server.url, { allEvents: true }));
      recorder.connection?.emit?.('ask', ['what?'], null);
      await recorder.until(() => recorder.incoming.length === 1, 'the question');
      const question = recorder.incoming[0];
      expect(question?.event).toBe('question');
      expect(question?.args[0]).toBe('what?');
      (question?.args.at(-1) as (...reply: unknown[]) => void)('yes', 42);
      await recorder.until(() => recorder.incoming.length === 2, 'the answer');
      expect(recorder.incoming[1]).toEqual({ event: 'answered', args: ['yes', 42] });
    });

    it('joins a namespace with auth, and is refused it without, with the reason', async () => {
      const welcome = await connected(
        await connect('socketio', 'current', client, server.url, { handshake: { namespace: '/private', auth: { token: 'letmein' } } }),
      );
      welcome.connection?.send('in');
      await welcome.until(() => welcome.messages.length === 1, 'the echo');
      const refused = await connect('socketio', 'current', client, server.url, { handshake: { namespace: '/private', auth: { token: 'nope' } } });
      await refused.until(() => refused.end !== null, 'the refusal');
      expect([refused.opened, refused.end]).toEqual([false, 'connect-error: invalid token']);
    });

    it("is refused a namespace the server does not have; the wire client keeps python-socketio's words, which socket.io-client drops", async () => {
      const refused = await connect('socketio', 'current', client, server.url, { handshake: { namespace: '/nope' } });
      await refused.until(() => refused.end !== null, 'the refusal');
      // python-socketio refuses with a bare string ("Unable to connect"), where socket.io 4 sends {message}.
      expect(refused.end).toBe(client === 'wire' ? 'connect-error: Unable to connect' : 'connect-error');
    });

    it('ends when the server disconnects it', async () => {
      const recorder = await connected(await connect('socketio', 'current', client, server.url));
      recorder.connection?.emit?.('disconnect-me', [], null);
      await recorder.until(() => recorder.end !== null, 'the end');
      expect(recorder.end).toBe('closed');
    });

    it('stays connected across many of the server’s pings (every 0.3 s, answered within 0.3 s)', async () => {
      const recorder = await connected(await connect('socketio', 'current', client, server.url));
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(recorder.end).toBeNull();
      recorder.connection?.send('still here');
      await recorder.until(() => recorder.messages.length === 1, 'the echo');
    });
  });
});

/** An Engine.IO server on 127.0.0.1 that opens and joins clients, then runs `afterJoin` with the socket. */
async function brokenEngine(version: 3 | 4, afterJoin: (socket: WebSocket) => void): Promise<{ url: string; close(): Promise<void> }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  server.on('connection', (socket, request) => {
    expect(request.url).toContain(`EIO=${version}`);
    socket.send('0{"sid":"s","upgrades":[],"pingInterval":200,"pingTimeout":200}');
    if (version === 3) socket.send('40');
    socket.on('message', (data: Buffer) => {
      if (data.toString() === '40') {
        socket.send('40{"sid":"n"}');
      }
    });
    afterJoin(socket);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe.each(CLIENT_KINDS)('a server whose heartbeat stops (--client %s)', (client) => {
  it('Engine.IO 4: a client that hears no ping for pingInterval + pingTimeout ends', async () => {
    const server = await brokenEngine(4, () => undefined);
    try {
      const recorder = await connected(await connect('socketio', 'current', client, server.url));
      await recorder.until(() => recorder.end !== null, 'the end');
      expect(recorder.end).toBe('closed');
    } finally {
      await server.close();
    }
  });

  it('Engine.IO 3: a client whose pings go unanswered ends', async () => {
    const pings: string[] = [];
    const server = await brokenEngine(3, (socket) => socket.on('message', (data: Buffer) => pings.push(data.toString())));
    try {
      const recorder = await connected(await connect('socketio', '2020', client, server.url));
      await recorder.until(() => recorder.end !== null, 'the end');
      expect(recorder.end).toBe('closed');
      expect(pings).toContain('2');
    } finally {
      await server.close();
    }
  });
});
