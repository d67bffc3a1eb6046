/** --stack: which library stack a run or server loads, installed first when it is a spec not yet in the cache. */
import path from 'node:path';
import { ComponentError, ConfigError } from '../errors.js';
import { STACK_CACHE_ENV, stackCacheRoot } from '../../protocol/stack-cache.js';
import { findMissingModule } from '../../protocol/load-library.js';
import { isPinnedStackName, parseStackSpec, stackServes, StackSpecError } from '../../protocol/stack-spec.js';
import { undrivableReason, unsupportedOnThisNode } from '../../protocol/stack-traits.js';
import { DEFAULT_STACK, installCommand, STACK_NAMES, type StackName } from '../../protocol/stacks.js';
import { TRANSPORTS, type TransportName } from '../../protocol/transports.js';
import { ensureStackInstalled } from './stack-install.js';

/** Stacks already found installed in this process, by cache folder and id: a sweep resolves one config per cell. */
const installed = new Set<string>();

function installedKey(id: StackName): string {
  return `${stackCacheRoot()}\n${id}`;
}

/** Where an install's one line goes: stderr (the agent installs through its own path and logs it). */
const announceOnStderr = (line: string): void => void process.stderr.write(`bench: ${line}\n`);

/**
 * The stack named by `flag` (default current): a pinned name, or package specs whose install is
 * made now if the cache lacks it. ConfigError (exit 2) for a spec bench cannot read or npm cannot
 * install; ComponentError (exit 1) with the install command when a pinned stack's package is missing.
 */
export function resolveStackName(raw: string, transport: TransportName | null, flag = '--stack'): StackName {
  const id = stackIdOf(raw, flag);
  if (isPinnedStackName(id)) {
    if (!installed.has(installedKey(id))) {
      const missing = findMissingModule(id);
      if (missing !== null) throw new ComponentError(`${flag} ${id} needs the package ${missing}, which is not installed; run: ${installCommand(id)}`);
      installed.add(installedKey(id));
    }
    return id;
  }
  // Before the install: a stack that cannot serve the transport is refused without a minute of npm.
  if (transport !== null) refuseStackWithoutTransport(id, transport);
  if (!installed.has(installedKey(id))) {
    installSpecStack(id, flag, announceOnStderr);
    installed.add(installedKey(id));
  }
  return id;
}

/**
 * A spec stack's install, made now if the cache lacks it, then checked against what the drivers
 * can drive: ConfigError (exit 2) naming `flag` when npm cannot install it or it is too old.
 * bench run's flags and the agent's start request both come here; `announce` hears an install start.
 */
export function installSpecStack(id: StackName, flag: string, announce: (line: string) => void): void {
  ensureStackInstalled(parseStackSpec(id), flag, announce);
  const undrivable = undrivableReason(id);
  if (undrivable !== null) throw new ConfigError(`${flag} ${id}: ${undrivable}; pick a later release`);
}

/**
 * --stack of a command that serves or drives `transport` (null: every transport, as selftest).
 * --stack-cache moves the cache for this process and, through its environment, for the server and
 * workers it starts, which load the stack from the same folder.
 */
export function resolveStack(input: { stack?: string; stackCache?: string }, transport: TransportName | null): StackName {
  useStackCache(input.stackCache);
  return resolveStackName(input.stack ?? DEFAULT_STACK, transport);
}

/** --stack-cache: the cache folder for this process and, through its environment, for the server and workers it starts. */
export function useStackCache(folder: string | undefined): void {
  if (folder === undefined) return;
  if (folder.trim().length === 0) throw new ConfigError('--stack-cache needs a folder, e.g. --stack-cache ~/.cache/bench/stacks');
  process.env[STACK_CACHE_ENV] = path.resolve(folder);
}

/** The id of a stack as --stack names it, without installing anything: a pinned name, or a spec's canonical id. ConfigError naming `flag` for a bad spec. */
export function stackIdOf(raw: string, flag: string): StackName {
  if (isPinnedStackName(raw)) return raw;
  try {
    return parseStackSpec(raw).id;
  } catch (error) {
    if (!(error instanceof StackSpecError)) throw error;
    if (!raw.includes('@')) throw new ConfigError(`${flag} must be one of ${STACK_NAMES.join(', ')}, or package specs such as socket.io@4.7.5; got "${raw}"`);
    throw new ConfigError(`${flag}: ${error.message}; or name a pinned stack: ${STACK_NAMES.join(' or ')}`);
  }
}

/**
 * ConfigError (exit 2) when a spec stack names no package of `transport`: `--stack ws@8.17.1 -t socketio`
 * would measure today's socket.io under another stack's name. Pinned stacks cover every transport.
 */
export function refuseStackWithoutTransport(stack: StackName, transport: TransportName): void {
  if (stackServes(stack, transport)) return;
  const { serverPackage, clientPackage } = TRANSPORTS[transport];
  throw new ConfigError(
    `--stack ${stack} names no ${serverPackage} or ${clientPackage}, so --transport ${transport} would run bench's own; add ${serverPackage}@<version> to the stack or pick its transport`,
  );
}

/**
 * ComponentError (exit 1) when this Node cannot load the echo server of `transport` on `stack`.
 * Called where bench is about to start that server itself, after every flag has been checked.
 */
export function refuseServerThisNodeCannotRun(stack: StackName, transport: TransportName): void {
  const reason = unsupportedOnThisNode(stack, transport);
  if (reason !== null) throw new ComponentError(reason);
}
