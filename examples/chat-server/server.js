/**
 * A small Socket.IO 4 chat server, the kind of app a team would point bench at with --server-cmd:
 * a custom engine path, a `/chat` namespace behind a token check, rooms a client joins and
 * changes (`join`), acknowledged messages.
 * It is not bench's echo server; it only also answers `message` with an echo so bench's echo mode works.
 *
 * Environment: PORT (default 3000; 0 picks a free port), HOST (default 127.0.0.1),
 * CHAT_PATH (default /chat/socket.io), CHAT_TOKENS_FILE (default tokens.txt beside this file).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { Server } from 'socket.io';

const NAMESPACE = '/chat';
const DEFAULT_ROOM = 'lobby';
const MAX_ROOM_LENGTH = 64;
const MAX_TEXT_LENGTH = 10_000;
// After SIGTERM, connections still open this long (a keep-alive polling request) are cut, so exit never waits on a client.
const CLOSE_GRACE_MS = 1_000;

/** Stops the process before it listens: what is wrong, and where to change it. */
function fail(message) {
  process.stderr.write(`chat-server: ${message}\n`);
  process.exit(1);
}

function readPort(text) {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`PORT must be an integer from 0 to 65535, not ${JSON.stringify(text)}`);
  return port;
}

/** One token per line; blank lines and surrounding spaces are ignored. Read once, at start. */
function readTokens(file) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    fail(`cannot read the tokens file ${file} (${error.code ?? error.message}): set CHAT_TOKENS_FILE to a file with one token per line`);
  }
  const tokens = new Set(
    text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== ''),
  );
  if (tokens.size === 0) fail(`the tokens file ${file} holds no token: write one token per line`);
  return tokens;
}

function isRoom(room) {
  return typeof room === 'string' && room !== '' && room.length <= MAX_ROOM_LENGTH;
}

function roomOf(auth) {
  return isRoom(auth?.room) ? auth.room : DEFAULT_ROOM;
}

/** An http URL for the log line; an IPv6 host needs brackets. */
function urlOf(host, port, path) {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}${path}`;
}

const port = readPort(process.env.PORT ?? '3000');
const host = process.env.HOST || '127.0.0.1';
const enginePath = process.env.CHAT_PATH || '/chat/socket.io';
if (!enginePath.startsWith('/')) fail(`CHAT_PATH must start with /, not ${JSON.stringify(enginePath)}`);
const tokensFile = process.env.CHAT_TOKENS_FILE || fileURLToPath(new URL('tokens.txt', import.meta.url));
const tokens = readTokens(tokensFile);

const httpServer = createServer((request, response) => {
  // Everything but the engine path: a plain 404, so a probe at the wrong path learns where to look.
  response.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: the Socket.IO endpoint is ${enginePath}, namespace ${NAMESPACE}\n`);
});
const io = new Server(httpServer, { path: enginePath, serveClient: false, transports: ['polling', 'websocket'] });

// The main namespace is not part of this app: a client that forgets the namespace is told, instead of connecting to nothing.
io.use((_socket, next) => next(new Error(`use the ${NAMESPACE} namespace`)));

const chat = io.of(NAMESPACE);
chat.use((socket, next) => {
  const token = socket.handshake.auth?.token;
  if (typeof token === 'string' && tokens.has(token)) return next();
  next(new Error('invalid token'));
});

let lastMessageId = 0;
/** The ack callback a client passed, or one that drops the reply when it passed none. */
function replyOf(ack) {
  return typeof ack === 'function' ? ack : () => {};
}

chat.on('connection', (socket) => {
  // One room at a time: the one in socket.data.room, which `join` changes.
  socket.data.room = roomOf(socket.handshake.auth);
  socket.join(socket.data.room);
  // No join/leave broadcast: with thousands of clients in one room it would cost the server n² messages
  // and a connect-only run would measure the presence feature instead of the connections.

  socket.on('join', (room, ack) => {
    const reply = replyOf(ack);
    if (!isRoom(room)) return reply({ error: `a room is a non-empty string of at most ${MAX_ROOM_LENGTH} characters` });
    socket.leave(socket.data.room);
    socket.join(room);
    socket.data.room = room;
    reply({ room });
  });

  socket.on('chat message', (text, ack) => {
    const reply = replyOf(ack);
    if (typeof text !== 'string' || text.length > MAX_TEXT_LENGTH)
      return reply({ error: `a chat message is a string of at most ${MAX_TEXT_LENGTH} characters` });
    const id = String(++lastMessageId);
    const { room } = socket.data;
    // To the others in the room; the sender learns the id from the ack.
    socket.to(room).emit('chat message', { id, room, from: socket.id, text, sentAtMs: Date.now() });
    reply({ id });
  });

  // bench's echo mode sends `message` with one argument and waits for it back.
  socket.on('message', (payload) => socket.emit('message', payload));
});

httpServer.on('error', (error) => fail(`cannot listen on ${urlOf(host, port, enginePath)}: ${error.message}`));
httpServer.listen(port, host, () => {
  const bound = httpServer.address();
  process.stdout.write(`chat-server listening on ${urlOf(host, bound.port, enginePath)}\n`);
});

let closing = false;
function shutDown() {
  if (closing) return;
  closing = true;
  // io.close() disconnects every socket, closes the engine and then the http server.
  io.close(() => process.exit(0));
  setTimeout(() => httpServer.closeAllConnections(), CLOSE_GRACE_MS).unref();
}
process.on('SIGTERM', shutDown);
process.on('SIGINT', shutDown);
