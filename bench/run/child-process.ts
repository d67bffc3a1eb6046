/** Starts a compiled bench script as a Node child process with an IPC channel. */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../project-root.js';

/** Options for a bench child process. */
export interface ChildOptions {
  /** Extra flags for node itself, such as --expose-gc. */
  execArgv?: string[];
  /** Open-file limit to set before node starts; null keeps the inherited one. */
  fileLimit: number | null;
  /** Arguments for the script itself. */
  args?: string[];
  /** Variables set in the child's environment besides those it inherits (a worker's trust in a certificate). */
  env?: Readonly<Record<string, string>>;
}

/** Absolute path of a compiled script, given relative to the project (e.g. 'servers/server-process.js'). */
export function compiledScript(relative: string): string {
  return path.join(PROJECT_ROOT, 'dist', relative);
}

/**
 * Forks `script` with stdout/stderr piped and IPC. Node cannot raise its own rlimit, so a raised
 * file limit goes through `sh -c 'ulimit -n N; exec node ...'`; the PID stays that of node.
 */
export function startNodeChild(script: string, options: ChildOptions): ChildProcess {
  const execArgv = options.execArgv ?? [];
  const args = options.args ?? [];
  const stdio: ['ignore', 'pipe', 'pipe', 'ipc'] = ['ignore', 'pipe', 'pipe', 'ipc'];
  // Servers and workers have no use for the agent's token; it stays in this process.
  const env = { ...process.env, ...options.env };
  delete env.BENCH_AGENT_TOKEN;
  if (options.fileLimit === null) {
    return fork(script, args, { execArgv, stdio, env });
  }
  const limit = String(Math.trunc(options.fileLimit));
  const raiseThenExec = 'limit="$1"; shift; ulimit -Hn "$limit" 2>/dev/null; ulimit -n "$limit" && exec "$@"';
  return spawn('/bin/sh', ['-c', raiseThenExec, 'sh', limit, process.execPath, ...execArgv, script, ...args], { stdio, env });
}
