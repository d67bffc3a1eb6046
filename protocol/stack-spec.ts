/**
 * A stack named by package specs (`--stack socket.io@4.7.5`, `--stack sockjs@0.3.21,sockjs-client@1.5.2`)
 * rather than by one of the stacks package.json pins: its parts, their canonical order, and the id
 * run.json records for it. Parsing only; installing is bench/config/stack-install.ts.
 */
import { TRANSPORTS, type TransportName } from './transports.js';

/** What a spec may name: a transport's server or client, Socket.IO's other ws engine, ws's native addons. */
export const STACK_PART_PACKAGES = ['ws', 'socket.io', 'socket.io-client', 'sockjs', 'sockjs-client', 'eiows', 'bufferutil', 'utf-8-validate'] as const;
export type StackPartPackage = (typeof STACK_PART_PACKAGES)[number];

/** Parts that come with a server package rather than start a stack of their own in a --stacks list. */
const COMPANIONS: ReadonlySet<StackPartPackage> = new Set(['socket.io-client', 'sockjs-client', 'eiows', 'bufferutil', 'utf-8-validate']);

/** One package of a spec stack and the version (or range, or dist-tag) npm is asked for. */
export interface StackPart {
  name: StackPartPackage;
  version: string;
}

/** A spec stack: its parts in canonical order and its id (the parts joined by commas). */
export interface StackSpec {
  id: string;
  parts: StackPart[];
}

/** Thrown for a spec bench cannot read; the caller names the flag. */
export class StackSpecError extends Error {}

/** What npm accepts as a version, range or dist-tag, without anything a shell or a path could misread. */
const VERSION = /^[0-9A-Za-z.^~<>=*| -]+$/;

function parsePart(raw: string): StackPart {
  const at = raw.lastIndexOf('@');
  const name = (at <= 0 ? raw : raw.slice(0, at)).trim();
  const version = at <= 0 ? '' : raw.slice(at + 1).trim();
  if (!(STACK_PART_PACKAGES as readonly string[]).includes(name)) {
    throw new StackSpecError(`"${raw}" names no package bench can load; a stack names ${STACK_PART_PACKAGES.join(', ')}, each as name@version`);
  }
  if (version.length === 0) throw new StackSpecError(`"${raw}" gives no version; write ${name}@<version>, e.g. ${name}@latest`);
  if (!VERSION.test(version)) throw new StackSpecError(`"${raw}": "${version}" is not a version, range or dist-tag npm reads`);
  return { name: name as StackPartPackage, version };
}

/** The stacks package.json pins (protocol/stacks.ts describes them); every other stack name is a spec. */
export const PINNED_STACK_NAMES = ['current', '2020'] as const;

/** True for a pinned stack's name. */
export function isPinnedStackName(stack: string): stack is (typeof PINNED_STACK_NAMES)[number] {
  return (PINNED_STACK_NAMES as readonly string[]).includes(stack);
}

/**
 * The socket.io-client a socket.io version brings: the newest patch of the same minor release for
 * an exact version (their patch numbers part ways: socket.io 2.4.1 has no socket.io-client 2.4.1),
 * the same range or dist-tag otherwise.
 */
function clientOfRelease(version: string): string {
  const exact = /^(\d+)\.(\d+)\.\d+$/.exec(version);
  return exact === null ? version : `~${exact[1]}.${exact[2]}.0`;
}

/**
 * Reads a spec such as "socket.io@4.7.5" or "ws@8.17.1+bufferutil@4.0.8" (parts joined by "," or
 * "+"). socket.io brings the client of its own release unless socket.io-client is named too.
 */
export function parseStackSpec(raw: string): StackSpec {
  const parts = raw
    .split(/[,+]/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map(parsePart);
  if (parts.length === 0) throw new StackSpecError(`"${raw}" names no package; write e.g. socket.io@4.7.5`);
  const byName = new Map<StackPartPackage, StackPart>();
  for (const part of parts) {
    if (byName.has(part.name)) throw new StackSpecError(`"${raw}" names ${part.name} twice`);
    byName.set(part.name, part);
  }
  const server = byName.get('socket.io');
  if (server !== undefined && !byName.has('socket.io-client'))
    byName.set('socket.io-client', { name: 'socket.io-client', version: clientOfRelease(server.version) });
  if ((byName.has('bufferutil') || byName.has('utf-8-validate')) && !byName.has('ws') && !byName.has('socket.io')) {
    throw new StackSpecError(`"${raw}": bufferutil and utf-8-validate are addons of ws; name ws@<version> or socket.io@<version> beside them`);
  }
  const ordered = STACK_PART_PACKAGES.flatMap((name) => {
    const part = byName.get(name);
    return part === undefined ? [] : [part];
  });
  return { id: ordered.map((part) => `${part.name}@${part.version}`).join(','), parts: ordered };
}

/**
 * Splits a --stacks list into stacks: a new stack starts at `current`, `2020` or a server package
 * (ws, socket.io, sockjs); a client, engine or addon joins the stack before it, so
 * "current,sockjs@0.3.21,sockjs-client@1.5.2" is two stacks. A list that starts with a companion starts a stack with it.
 */
export function splitStackList(raw: string): string[] {
  const stacks: string[][] = [];
  for (const token of raw
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)) {
    const name = token.slice(0, token.lastIndexOf('@') > 0 ? token.lastIndexOf('@') : token.length);
    const joinsPrevious = COMPANIONS.has(name as StackPartPackage) && stacks.length > 0 && !isPinnedStackName(stacks.at(-1)?.[0] ?? '');
    if (joinsPrevious) stacks.at(-1)?.push(token);
    else stacks.push([token]);
  }
  return stacks.map((tokens) => tokens.join(','));
}

/** The package of `spec` named `name`, or undefined. */
export function specPart(spec: StackSpec, name: StackPartPackage): StackPart | undefined {
  return spec.parts.find((part) => part.name === name);
}

/** True when `stack` is a spec stack that names `name` (never for a pinned stack). */
export function stackNames(stack: string, name: StackPartPackage): boolean {
  return !isPinnedStackName(stack) && specPart(parseStackSpec(stack), name) !== undefined;
}

/** True when `stack` has something of `transport` to measure: every pinned stack, a spec naming its server, client or (socketio) engine. */
export function stackServes(stack: string, transport: TransportName): boolean {
  if (isPinnedStackName(stack)) return true;
  const { serverPackage, clientPackage } = TRANSPORTS[transport];
  const names = [serverPackage, clientPackage, ...(transport === 'socketio' ? ['eiows'] : [])] as StackPartPackage[];
  return names.some((name) => stackNames(stack, name));
}
