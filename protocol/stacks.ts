/**
 * The library stacks a run can use: today's packages, those of early 2020 installed beside them
 * through npm aliases (package.json), or any release named by package specs (protocol/stack-spec.ts,
 * installed into a cache folder outside the project). Only the server process and the client
 * workers load a stack's libraries, and only those of their own stack.
 */
import { isPinnedStackName, parseStackSpec, PINNED_STACK_NAMES, specPart } from './stack-spec.js';
import { readStackRecord } from './stack-cache.js';

/** The stacks package.json pins. */
export const STACK_NAMES = PINNED_STACK_NAMES;
export type PinnedStackName = (typeof STACK_NAMES)[number];
/** A pinned stack's name, or a spec stack's id ("socket.io@4.7.5,socket.io-client@4.7.5"). */
export type StackName = string;
/** The stack of a run or server that names none: today's packages. */
export const DEFAULT_STACK: PinnedStackName = 'current';

/** The packages a transport's server and client are, by their real npm names. */
export type LibraryPackage = 'ws' | 'socket.io' | 'socket.io-client' | 'sockjs' | 'sockjs-client';

/** Everything bench knows about one stack. */
export interface StackFacts {
  name: PinnedStackName;
  /** The module name each package is installed under: itself, or its npm alias. */
  modules: Readonly<Record<LibraryPackage, string>>;
  /** The versions package.json pins (for the install command and the docs; run.json reads the loaded ones). */
  pinned: Readonly<Record<LibraryPackage, string>> | null;
}

export const STACKS: Readonly<Record<PinnedStackName, StackFacts>> = {
  current: {
    name: 'current',
    modules: { ws: 'ws', 'socket.io': 'socket.io', 'socket.io-client': 'socket.io-client', sockjs: 'sockjs', 'sockjs-client': 'sockjs-client' },
    pinned: null,
  },
  '2020': {
    name: '2020',
    modules: {
      ws: 'ws-2020',
      'socket.io': 'socket.io-2020',
      'socket.io-client': 'socket.io-client-2020',
      sockjs: 'sockjs-2020',
      'sockjs-client': 'sockjs-client-2020',
    },
    pinned: { ws: '7.2.1', 'socket.io': '2.3.0', 'socket.io-client': '2.3.0', sockjs: '0.3.20', 'sockjs-client': '1.4.0' },
  },
};

/**
 * The version a stack gives `pkg`, where bench knows it without loading anything: 2020's pins, a
 * spec stack's installed versions (its record); null for today's packages and for a package a spec
 * does not name (it comes from bench's own install).
 */
export function stackVersionOf(stack: StackName, pkg: LibraryPackage): string | null {
  if (isPinnedStackName(stack)) return STACKS[stack].pinned?.[pkg] ?? null;
  if (specPart(parseStackSpec(stack), pkg) === undefined) return null;
  return readStackRecord(stack)?.versions[pkg] ?? null;
}

/** A transport's server and client packages as one stack installs them, e.g. "sockjs 0.3.20 / sockjs-client 1.4.0", or without versions for today's. */
export function librariesOf(stack: StackName, server: LibraryPackage, client: LibraryPackage): string {
  const named = (pkg: LibraryPackage): string => {
    const version = stackVersionOf(stack, pkg);
    return version === null ? pkg : `${pkg} ${version}`;
  };
  return `${named(server)} / ${named(client)}`;
}

/** The stack choices as a flag's help lists them. */
export function stackChoices(): string {
  return `${STACK_NAMES.join(' or ')}, or package specs such as socket.io@4.7.5, ws@8.17.1 or sockjs@0.3.21,sockjs-client@1.5.2`;
}

/** The help of --stack-cache, the same in every command that takes --stack. */
export const STACK_CACHE_HELP = 'where spec stacks are installed and found again (default: $XDG_CACHE_HOME/bench/stacks, else ~/.cache/bench/stacks)';

/** The npm command that installs a stack's aliased packages as package.json pins them. */
export function installCommand(stack: PinnedStackName): string {
  const { pinned, modules } = STACKS[stack];
  if (pinned === null) return 'npm ci';
  const specs = (Object.keys(modules) as LibraryPackage[]).map((name) => `${modules[name]}@npm:${name}@${pinned[name]}`);
  return `npm ci (or: npm install --save-exact ${specs.join(' ')})`;
}
