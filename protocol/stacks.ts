/**
 * The library stacks a run can use: today's packages, or those of early 2020 installed beside them
 * through npm aliases (package.json). Only the server process and the client workers load a
 * stack's libraries, and only those of their own stack.
 */
export const STACK_NAMES = ['current', '2020'] as const;
/** One of the library stacks. */
export type StackName = (typeof STACK_NAMES)[number];
/** The stack of a run or server that names none: today's packages. */
export const DEFAULT_STACK: StackName = 'current';

/** The packages a transport's server and client are, by their real npm names. */
export type LibraryPackage = 'ws' | 'socket.io' | 'socket.io-client' | 'sockjs' | 'sockjs-client';

/** Everything bench knows about one stack. */
export interface StackFacts {
  name: StackName;
  /** The module name each package is installed under: itself, or its npm alias. */
  modules: Readonly<Record<LibraryPackage, string>>;
  /** The versions package.json pins (for the install command and the docs; run.json reads the loaded ones). */
  pinned: Readonly<Record<LibraryPackage, string>> | null;
}

export const STACKS: Readonly<Record<StackName, StackFacts>> = {
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

/** A transport's server and client packages as one stack installs them, e.g. "sockjs 0.3.20 / sockjs-client 1.4.0", or without versions for today's. */
export function librariesOf(stack: StackName, server: LibraryPackage, client: LibraryPackage): string {
  const { pinned } = STACKS[stack];
  return pinned === null ? `${server} / ${client}` : `${server} ${pinned[server]} / ${client} ${pinned[client]}`;
}

/** The stack names as a flag's help lists them. */
export function stackChoices(): string {
  return STACK_NAMES.join(' or ');
}

/** The npm command that installs a stack's aliased packages as package.json pins them. */
export function installCommand(stack: StackName): string {
  const { pinned, modules } = STACKS[stack];
  if (pinned === null) return 'npm ci';
  const specs = (Object.keys(modules) as LibraryPackage[]).map((name) => `${modules[name]}@npm:${name}@${pinned[name]}`);
  return `npm ci (or: npm install --save-exact ${specs.join(' ')})`;
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
 * Why a transport of a stack cannot run on this Node, or null when it can. sockjs 0.3.20 pins
 * websocket-driver 0.6.5, which reads process.binding('http_parser') as it loads.
 */
export function unsupportedOnThisNode(stack: StackName, transport: string): string | null {
  if (stack !== '2020' || transport !== 'sockjs' || hasLegacyHttpParser()) return null;
  return `sockjs 0.3.20 (--stack 2020) pins websocket-driver 0.6.5, which needs process.binding('http_parser'), gone from Node ${process.versions.node}; run it with Node 20`;
}
