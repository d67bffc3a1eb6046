/**
 * The user's own server: a command bench starts and measures (--server-cmd, --server-url,
 * --server-stop-grace), or a process already running that bench only samples (--server-pid with
 * --target). What bench's own echo server alone can do is refused with these, in one line each.
 */
import { ConfigError } from '../errors.js';
import { processIsAlive } from '../run/proc-stat.js';
import { flagOr, parseDecimal, parseUrl, parseWholeNumber } from './flag-parsers.js';
import type { RunMode } from '../../protocol/messages.js';
import { TRANSPORTS, type TransportName } from '../../protocol/transports.js';

/** Flags as the CLI received them. */
export interface UserServerInput {
  serverCmd?: string;
  serverUrl?: string;
  serverPid?: string;
  serverStopGrace?: string;
  agentServer?: string;
}

/** The user's server, as run.json records it; null in RunConfig when bench starts its own or none (--target alone). */
export type UserServerConfig =
  | {
      kind: 'command';
      /** Run through `sh -c` in its own process group, with PORT and HOST set. */
      command: string;
      /** Where it listens (--server-url); null: on HOST:PORT, a free loopback port bench picks. */
      url: string | null;
      /** SIGTERM to SIGKILL when the run stops it, in ms. */
      stopGraceMs: number;
    }
  | {
      kind: 'pid';
      /** A process already running on this machine, sampled with its tree, never stopped by bench. */
      pid: number;
    }
  | {
      kind: 'agent';
      /** A command the agent on the target box declared under this name (bench agent --server-cmd name=...), started and sampled there. */
      name: string;
    };

export const USER_SERVER_DEFAULTS = { stopGraceSeconds: 5 } as const;

/** The run modes a server bench did not write can serve: the echo of the `message` event, or no traffic at all. */
export const USER_SERVER_MODES: readonly RunMode[] = ['echo', 'connect'];

/** What the rest of the run asked for that only bench's own server does. */
export interface UserServerContext {
  transport: TransportName;
  mode: RunMode;
  target?: string;
  agent?: string;
  nodes?: string;
  shard?: string;
  /** Flags that configure bench's own server, by name, with whether each was given. */
  ownServerFlags: ReadonlyArray<[flag: string, given: boolean]>;
}

/** The first flag given of `conflicts` is a ConfigError with `message`'s words. */
function refuseWith(conflicts: ReadonlyArray<readonly [string, string | undefined]>, message: (flag: string) => string): void {
  const given = conflicts.find(([, value]) => value !== undefined);
  if (given !== undefined) throw new ConfigError(message(given[0]));
}

function refuseOwnServerFlags(context: UserServerContext, flag: string): void {
  for (const [ownFlag, given] of context.ownServerFlags) {
    if (given) throw new ConfigError(`${ownFlag} configures bench's own echo server, so it cannot be used with ${flag}; drop it`);
  }
  if (!USER_SERVER_MODES.includes(context.mode))
    throw new ConfigError(
      `--mode ${context.mode} needs bench's own echo server; with ${flag} use --mode connect (no traffic) or --mode echo (the server echoes the \`message\` event)`,
    );
}

/** Validates the user-server flags against each other and the run; null when none was given. */
export function resolveUserServer(input: UserServerInput, context: UserServerContext): UserServerConfig | null {
  if (input.agentServer !== undefined) return resolveAgentServer(input, input.agentServer, context);
  if (input.serverCmd === undefined) {
    if (input.serverUrl !== undefined) throw new ConfigError('--server-url says where the --server-cmd server listens, so it needs --server-cmd');
    if (input.serverStopGrace !== undefined) throw new ConfigError('--server-stop-grace applies to the --server-cmd server, so it needs --server-cmd');
    if (input.serverPid === undefined) return null;
    return resolveRunningServer(input.serverPid, context);
  }
  if (input.serverCmd.trim().length === 0)
    throw new ConfigError('--server-cmd is empty; give the command that starts your server, e.g. --server-cmd "node server.js"');
  if (context.agent !== undefined)
    throw new ConfigError(
      '--server-cmd runs a command on this machine; to run one on the target box declare it there (bench agent --server-cmd name="...") and pass --agent-server name',
    );
  refuseWith(
    [
      ['--server-pid', input.serverPid],
      ['--target', context.target],
      ['--nodes', context.nodes],
      ['--shard', context.shard],
    ],
    (flag) => `--server-cmd starts the server bench measures, so it cannot be used with ${flag}; drop one`,
  );
  refuseOwnServerFlags(context, '--server-cmd');
  const url = input.serverUrl === undefined ? null : parseUrl('--server-url', input.serverUrl, TRANSPORTS[context.transport].targetProtocols).toString();
  const stopGraceMs = flagOr(input.serverStopGrace, USER_SERVER_DEFAULTS.stopGraceSeconds * 1000, (text) =>
    Math.round(parseDecimal('--server-stop-grace', text, 0, 600) * 1000),
  );
  return { kind: 'command', command: input.serverCmd, url, stopGraceMs };
}

function resolveAgentServer(input: UserServerInput, name: string, context: UserServerContext): UserServerConfig {
  if (context.agent === undefined)
    throw new ConfigError(`--agent-server ${name} names a command declared on a bench agent; give the agent with --agent http://box:port`);
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new ConfigError(`--agent-server takes the name the agent declared (letters, digits, . _ -); got "${name}"`);
  refuseWith(
    [
      ['--server-cmd', input.serverCmd],
      ['--server-pid', input.serverPid],
      ['--server-url', input.serverUrl],
      ['--server-stop-grace', input.serverStopGrace],
      ['--shard', context.shard],
    ],
    (flag) => `--agent-server starts the command the agent declared, so it cannot be used with ${flag}; drop one`,
  );
  refuseOwnServerFlags(context, '--agent-server');
  return { kind: 'agent', name };
}

function resolveRunningServer(raw: string, context: UserServerContext): UserServerConfig {
  const pid = parseWholeNumber('--server-pid', raw, 1, 4_194_304);
  if (!processIsAlive(pid))
    throw new ConfigError(`--server-pid ${pid}: no such process runs on this machine; give the PID of the server that listens at --target`);
  if (context.target === undefined)
    throw new ConfigError(`--server-pid ${pid} samples a server that is already running; give the URL its clients use with --target`);
  refuseWith(
    [
      ['--agent', context.agent],
      ['--nodes', context.nodes],
      ['--shard', context.shard],
    ],
    (flag) => `--server-pid samples one process on this machine, so it cannot be used with ${flag}; drop one`,
  );
  refuseOwnServerFlags(context, '--server-pid');
  return { kind: 'pid', pid };
}
