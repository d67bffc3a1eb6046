/**
 * A plain WebSocket server with a small JSON protocol of its own, the kind of app a team would point
 * bench at with --server-cmd --transport ws: every message is one JSON text with a `type`.
 *
 *   {type:"join", room}            -> {type:"joined", room}               (the sender)
 *   {type:"say", text, sentAt}     -> {type:"ok", id}                     (the sender)
 *                                     {type:"said", room, text, sentAt}   (the room's other members)
 *   anything else                  -> {type:"error", reason}              (the sender)
 *
 * It is not bench's echo server: it echoes nothing, so bench's default echo mode does not work
 * against it; bench run --scenario (examples/ws-json-server/scenario.yaml) does.
 *
 * Environment: PORT (default 3000; 0 picks a free port), HOST (default 127.0.0.1).
 */
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

const MAX_ROOM_LENGTH = 64;
const MAX_TEXT_LENGTH = 10_000;
// After SIGTERM, connections still open this long are cut, so exit never waits on a client.
const CLOSE_GRACE_MS = 1_000;

/** Stops the process before it listens: what is wrong, and where to change it. */
function fail(message) {
  process.stderr.write(`ws-json-server: ${message}\n`);
  process.exit(1);
}

function readPort(text) {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`PORT must be an integer from 0 to 65535, not ${JSON.stringify(text)}`);
  return port;
}

/** A ws URL for the log line; an IPv6 host needs brackets. */
function urlOf(host, port) {
  return `ws://${host.includes(':') ? `[${host}]` : host}:${port}/`;
}

const port = readPort(process.env.PORT ?? '3000');
const host = process.env.HOST || '127.0.0.1';

const httpServer = createServer((_request, response) => {
  response.writeHead(426, { 'content-type': 'text/plain' }).end('this is a WebSocket server: open a WebSocket to any path\n');
});
const wss = new WebSocketServer({ server: httpServer, maxPayload: 64 * 1024 });

/** The members of each room; a connection is in one room at most. */
const rooms = new Map();
/** The room of each connection. */
const roomOfSocket = new Map();
let lastMessageId = 0;

function send(socket, message) {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

function leaveRoom(socket) {
  const room = roomOfSocket.get(socket);
  if (room === undefined) return;
  roomOfSocket.delete(socket);
  const members = rooms.get(room);
  members.delete(socket);
  if (members.size === 0) rooms.delete(room);
}

function join(socket, room) {
  if (typeof room !== 'string' || room === '' || room.length > MAX_ROOM_LENGTH)
    return send(socket, { type: 'error', reason: `a room is a non-empty string of at most ${MAX_ROOM_LENGTH} characters` });
  leaveRoom(socket);
  let members = rooms.get(room);
  if (members === undefined) {
    members = new Set();
    rooms.set(room, members);
  }
  members.add(socket);
  roomOfSocket.set(socket, room);
  send(socket, { type: 'joined', room });
}

function say(socket, text, sentAt) {
  const room = roomOfSocket.get(socket);
  if (room === undefined) return send(socket, { type: 'error', reason: 'join a room first' });
  if (typeof text !== 'string' || text.length > MAX_TEXT_LENGTH)
    return send(socket, { type: 'error', reason: `text is a string of at most ${MAX_TEXT_LENGTH} characters` });
  const id = ++lastMessageId;
  // One encoding for the whole room; sentAt is passed on as the sender gave it.
  const said = JSON.stringify({ type: 'said', room, text, sentAt });
  for (const member of rooms.get(room)) if (member !== socket && member.readyState === member.OPEN) member.send(said);
  send(socket, { type: 'ok', id });
}

function receive(socket, data, isBinary) {
  if (isBinary) return send(socket, { type: 'error', reason: 'messages are JSON text, not binary' });
  let message;
  try {
    message = JSON.parse(data.toString());
  } catch {
    return send(socket, { type: 'error', reason: 'not JSON' });
  }
  if (message?.type === 'join') return join(socket, message.room);
  if (message?.type === 'say') return say(socket, message.text, message.sentAt);
  send(socket, { type: 'error', reason: 'type must be "join" or "say"' });
}

wss.on('connection', (socket) => {
  socket.on('message', (data, isBinary) => receive(socket, data, isBinary));
  socket.on('close', () => leaveRoom(socket));
});

httpServer.on('error', (error) => fail(`cannot listen on ${urlOf(host, port)}: ${error.message}`));
httpServer.listen(port, host, () => {
  process.stdout.write(`ws-json-server listening on ${urlOf(host, httpServer.address().port)}\n`);
});

let closing = false;
function shutDown() {
  if (closing) return;
  closing = true;
  // 1001 "going away" to every client, then the HTTP server; a client that does not answer the close is cut.
  for (const socket of wss.clients) socket.close(1001, 'server shutting down');
  wss.close();
  httpServer.close(() => process.exit(0));
  setTimeout(() => {
    for (const socket of wss.clients) socket.terminate();
    httpServer.closeAllConnections();
  }, CLOSE_GRACE_MS).unref();
}
process.on('SIGTERM', shutDown);
process.on('SIGINT', shutDown);
