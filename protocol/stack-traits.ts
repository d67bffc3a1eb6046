/**
 * What a stack's library versions change in how bench drives them, decided by the versions a
 * process would load (not by the stack's name), so that any release named by --stack is driven
 * the way its own API and protocol want.
 */
import { libraryVersion } from './load-library.js';
import type { StackName } from './stacks.js';
import { stackNames } from './stack-spec.js';

function majorOf(version: string): number {
  return Number.parseInt(version.split('.')[0] ?? '', 10);
}

function below(version: string, [major, minor, patch]: readonly [number, number, number]): boolean {
  const [a = 0, b = 0, c = 0] = version.split(/[.+-]/).map((part) => Number.parseInt(part, 10));
  return a !== major ? a < major : b !== minor ? b < minor : c < patch;
}

/**
 * The Engine.IO protocol revision of the stack's Socket.IO, 3 up to release 2 and 4 from 3 on: the
 * server's where the stack names it (or names no client), else the client's, which is what a spec of
 * a client alone (driving --target) speaks.
 */
export function engineIoProtocolOf(stack: StackName): 3 | 4 {
  const clientOnly = stackNames(stack, 'socket.io-client') && !stackNames(stack, 'socket.io');
  return majorOf(libraryVersion(stack, clientOnly ? 'socket.io-client' : 'socket.io')) < 3 ? 3 : 4;
}

/**
 * Why bench's own server cannot serve the stack's Socket.IO clients, or null: a spec of a
 * socket.io-client before 3.0 alone speaks Engine.IO 3, which socket.io 3 and later refuse.
 */
export function clientServerMismatch(stack: StackName): string | null {
  if (!isLegacySocketioClient(stack)) return null;
  const server = libraryVersion(stack, 'socket.io');
  if (majorOf(server) < 3) return null;
  return `${socketioClientLabel(stack)} speaks Engine.IO 3, which the server bench would start (socket.io ${server}) refuses; add socket.io@2 to the stack, or point the clients at your server with --target`;
}

/**
 * True for a socket.io-client before 3.0: its module.exports is the io function, a refused
 * namespace arrives as `error`, and it has neither an auth payload nor onAny.
 */
export function isLegacySocketioClient(stack: StackName): boolean {
  return majorOf(libraryVersion(stack, 'socket.io-client')) < 3;
}

/** The stack's socket.io-client as messages name it, e.g. "socket.io-client 2.3.0". */
export function socketioClientLabel(stack: StackName): string {
  return `socket.io-client ${libraryVersion(stack, 'socket.io-client')}`;
}

/** Whether this Node still has the http_parser binding that websocket-driver 0.6 reads (Node 20 does, Node 24 does not). */
function hasLegacyHttpParser(): boolean {
  const quiet = process.noDeprecation;
  // Asking is itself deprecated (DEP0111); the answer is all that is wanted here, not the warning.
  process.noDeprecation = true;
  try {
    // Not in Node's typings: it is the deprecated API websocket-driver 0.6 calls.
    (process as unknown as { binding(name: string): unknown }).binding('http_parser');
    return true;
  } catch {
    return false;
  } finally {
    process.noDeprecation = quiet;
  }
}

/**
 * Why a transport of a stack cannot run on this Node, or null when it can. sockjs before 0.3.21
 * (0.3.20 of --stack 2020 among them) pins websocket-driver 0.6, which reads
 * process.binding('http_parser') as it loads.
 */
export function unsupportedOnThisNode(stack: StackName, transport: string): string | null {
  if (transport !== 'sockjs') return null;
  const version = libraryVersion(stack, 'sockjs');
  if (!below(version, [0, 3, 21]) || hasLegacyHttpParser()) return null;
  return `sockjs ${version} (--stack ${stack}) pins websocket-driver 0.6, which needs process.binding('http_parser'), gone from Node ${process.versions.node}; run it with Node 20`;
}

/** The oldest major release of each package the drivers were written for; before it the API is another one. */
const OLDEST_DRIVEN: ReadonlyArray<{ pkg: 'socket.io' | 'socket.io-client' | 'sockjs-client' | 'ws'; major: number; why: string }> = [
  { pkg: 'socket.io', major: 1, why: 'socket.io 0.x has neither Engine.IO nor its Server API' },
  { pkg: 'socket.io-client', major: 1, why: 'socket.io-client 0.x speaks the 0.9 protocol, before Engine.IO' },
  { pkg: 'sockjs-client', major: 1, why: 'sockjs-client 0.x is a browser script that Node cannot load' },
  // Tried: on ws 1.1.5 and 2.3.1 no client of bench's ws driver connected; 3.3.3 and later echo.
  { pkg: 'ws', major: 3, why: 'on ws 1 and 2 (tried: 1.1.5, 2.3.1) no client of bench connects' },
];

/**
 * Why the drivers cannot drive a spec stack's parts, in one line, or null when they can. Only the
 * parts the spec names are asked: the others are bench's own.
 */
export function undrivableReason(stack: StackName): string | null {
  for (const { pkg, major, why } of OLDEST_DRIVEN) {
    if (!stackNames(stack, pkg)) continue;
    const version = libraryVersion(stack, pkg);
    if (majorOf(version) < major) return `${pkg} ${version} is older than bench's drivers (${pkg} ${major}.0 and later): ${why}`;
  }
  // engine.io 5 (socket.io 4) takes the engine's Server class as wsEngine; before it, a module name it requires itself.
  const socketio = libraryVersion(stack, 'socket.io');
  if (stackNames(stack, 'eiows') && majorOf(socketio) < 4)
    return `eiows as wsEngine needs socket.io 4 or later (engine.io 5 takes its Server class), and this stack's socket.io is ${socketio}`;
  return null;
}
