/** examples/chat-server: the Socket.IO chat app --server-cmd is demonstrated against, over real sockets. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../helpers/cli.js';
import { killExampleApps, startExampleApp, type ExampleApp } from '../../helpers/example-app.js';
import { isAlive } from '../../helpers/processes.js';

const TOKENS = ['token-ada', 'token-grace'];
const LISTENING = /^chat-server listening on http:\/\/127\.0\.0\.1:(\d+)\/chat\/socket\.io$/m;
const EVENT_TIMEOUT_MS = 5_000;

const sockets: Socket[] = [];

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  killExampleApps();
});

function startChat(env: NodeJS.ProcessEnv = {}): Promise<ExampleApp> {
  const dir = mkdtempSync(path.join(tmpdir(), 'chat-tokens-'));
  const tokensFile = path.join(dir, 'tokens.txt');
  writeFileSync(tokensFile, `${TOKENS.join('\n')}\n\n`);
  return startExampleApp('chat-server', { CHAT_TOKENS_FILE: tokensFile, ...env }, LISTENING);
}

/** A client of the app, as a chat page would make one; not connected until the caller waits for it. */
function chatClient(app: ExampleApp, auth: Record<string, string>, namespace = '/chat'): Socket {
  const socket = io(`${app.origin}${namespace}`, { path: '/chat/socket.io', auth, transports: ['websocket'], reconnection: false, forceNew: true });
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

async function connected(socket: Socket): Promise<Socket> {
  const error = next<Error>(socket, 'connect_error').then((cause) => {
    throw new Error(`refused: ${cause.message}`);
  });
  await Promise.race([next(socket, 'connect'), error]);
  return socket;
}

async function refusal(socket: Socket): Promise<string> {
  return (await next<Error>(socket, 'connect_error')).message;
}

describe('examples/chat-server', () => {
  it('admits a listed token on /chat, echoes message, acks a chat message and broadcasts it to the room only', async () => {
    const app = await startChat();
    const [alice, bob, carol] = await Promise.all([
      connected(chatClient(app, { token: 'token-ada', room: 'kitchen' })),
      connected(chatClient(app, { token: 'token-grace', room: 'kitchen' })),
      connected(chatClient(app, { token: 'token-ada' })),
    ]);

    const echo = next<string>(alice, 'message');
    alice.emit('message', 'ping 1');
    expect(await echo).toBe('ping 1');

    const heardByCarol: unknown[] = [];
    carol.on('chat message', (message: unknown) => heardByCarol.push(message));
    const heardByBob = next<{ id: string; room: string; from: string; text: string }>(bob, 'chat message');
    const ack = (await alice.timeout(EVENT_TIMEOUT_MS).emitWithAck('chat message', 'soup is ready')) as { id: string };
    expect(ack.id).toMatch(/^\d+$/);
    expect(await heardByBob).toMatchObject({ id: ack.id, room: 'kitchen', from: alice.id, text: 'soup is ready' });

    // Carol is in the lobby: an echo she gets back after the broadcast proves the broadcast passed her by.
    const carolEcho = next<string>(carol, 'message');
    carol.emit('message', 'still here');
    expect(await carolEcho).toBe('still here');
    expect(heardByCarol).toEqual([]);
  });

  it("refuses a token not in CHAT_TOKENS_FILE with 'invalid token', and the main namespace with where to go", async () => {
    const app = await startChat();
    const committedToken = readFileSync(path.join(PROJECT_ROOT, 'examples', 'chat-server', 'tokens.txt'), 'utf8').split('\n')[0] ?? '';
    expect(committedToken).not.toBe('');

    expect(await refusal(chatClient(app, { token: 'token-nobody' }))).toBe('invalid token');
    expect(await refusal(chatClient(app, {}))).toBe('invalid token');
    // The file given in CHAT_TOKENS_FILE replaces the committed one.
    expect(await refusal(chatClient(app, { token: committedToken }))).toBe('invalid token');
    expect(await refusal(chatClient(app, { token: 'token-ada' }, '/'))).toBe('use the /chat namespace');
  });

  it('reads the committed tokens.txt when CHAT_TOKENS_FILE is not set', async () => {
    const committedToken = readFileSync(path.join(PROJECT_ROOT, 'examples', 'chat-server', 'tokens.txt'), 'utf8').split('\n')[0] ?? '';
    const app = await startExampleApp('chat-server', { CHAT_TOKENS_FILE: '' }, LISTENING);
    await connected(chatClient(app, { token: committedToken }));
  });

  it("on SIGTERM closes its clients' transports and exits 0, leaving no process", async () => {
    const app = await startChat();
    const client = await connected(chatClient(app, { token: 'token-grace' }));
    const disconnected = next<string>(client, 'disconnect');

    app.child.kill('SIGTERM');

    expect(await app.exited).toBe(0);
    // io.close() ends the transports without a disconnect packet: a real client would reconnect to the next instance.
    expect(await disconnected).toBe('transport close');
    expect(isAlive(app.pid)).toBe(false);
  });
});
