/** Starts the echo server in its own process and watches it until it is stopped. */
import type { ChildProcess } from 'node:child_process';
import { compiledScript, startNodeChild } from './child-process.js';
import { RunError } from '../errors.js';
import type { ParentToServer, ServerOptions, ServerToParent } from '../../protocol/messages.js';
import { serverUrl } from '../../protocol/transports.js';

const STDERR_LINES_KEPT = 20;
const STOP_GRACE_MS = 5000;

/** What the server reports about itself. */
export interface ServerStats {
  heapUsedBytes: number;
  connections: number;
}

const STATS_REPLY_TIMEOUT_MS = 1000;

/** How the server process ended. */
export interface ServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running server process. */
export interface ServerProcess {
  pid: number;
  port: number;
  url: string;
  /** Asks the server for its heapUsed and connection count now; null if it does not answer in time. */
  requestStats(): Promise<ServerStats | null>;
  /** Resolves when the process ends, whoever ended it. */
  readonly exited: Promise<ServerExit>;
  /** True once stop() was called: an exit after that is expected. */
  readonly stopping: boolean;
  /** Runs a full collection in the server (needs --expose-gc). */
  collectGarbage(): Promise<void>;
  /** Asks the server to close its connections and exit; kills it after a grace period. */
  stop(): Promise<void>;
  /** The last lines the server wrote to stderr. */
  stderrTail(): string[];
}

/**
 * The server entry point. BENCH_SERVER_SCRIPT swaps in another script that speaks the same IPC
 * protocol; the tests use it to run deliberately broken servers.
 */
function serverScript(): string {
  return process.env.BENCH_SERVER_SCRIPT ?? compiledScript('servers/server-process.js');
}

/** Options for launching. */
export interface LaunchOptions {
  startTimeoutMs: number;
  fileLimit: number | null;
  exposeGc: boolean;
}

function keepTail(lines: string[], chunk: string): void {
  for (const line of chunk.split('\n')) {
    if (line.trim().length > 0) lines.push(line);
  }
  if (lines.length > STDERR_LINES_KEPT) lines.splice(0, lines.length - STDERR_LINES_KEPT);
}

function describeExit(exit: ServerExit): string {
  return exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
}

/** Starts the server process and resolves once it reports listening. */
export async function launchServer(options: ServerOptions, launch: LaunchOptions): Promise<ServerProcess> {
  const child: ChildProcess = startNodeChild(serverScript(), {
    fileLimit: launch.fileLimit,
    execArgv: launch.exposeGc ? ['--expose-gc'] : [],
  });
  const stderr: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => keepTail(stderr, chunk));
  child.stdout?.resume();
  let statsWaiters: Array<(stats: ServerStats | null) => void> = [];
  let gcWaiter: (() => void) | null = null;
  let stopping = false;
  const exited = new Promise<ServerExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const send = (message: ParentToServer): void => {
    if (child.connected) child.send(message);
  };

  const listening = await new Promise<Extract<ServerToParent, { type: 'server-listening' }>>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new RunError(`the ${options.transport} server did not report listening within ${launch.startTimeoutMs / 1000} s${tailText(stderr)}`));
    }, launch.startTimeoutMs);
    child.on('message', (message: ServerToParent) => {
      if (message.type === 'server-listening') {
        clearTimeout(timer);
        resolve(message);
      } else if (message.type === 'server-stats') {
        const waiters = statsWaiters;
        statsWaiters = [];
        for (const resolveStats of waiters) resolveStats({ heapUsedBytes: message.heapUsedBytes, connections: message.connections });
      } else if (message.type === 'server-gc-done') {
        gcWaiter?.();
      } else if (message.type === 'server-failed') {
        keepTail(stderr, message.message);
      }
    });
    void exited.then((exit) => {
      clearTimeout(timer);
      reject(new RunError(`the ${options.transport} server ${describeExit(exit)} before listening${tailText(stderr)}`));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new RunError(`could not start the ${options.transport} server process: ${error.message}`));
    });
    send({ type: 'server-start', options });
  });

  return {
    pid: listening.pid,
    port: listening.port,
    url: serverUrl(options.transport, listening.host, listening.port),
    requestStats: () =>
      new Promise<ServerStats | null>((resolve) => {
        if (!child.connected) return resolve(null);
        const timer = setTimeout(() => {
          statsWaiters = statsWaiters.filter((waiter) => waiter !== reply);
          resolve(null);
        }, STATS_REPLY_TIMEOUT_MS);
        const reply = (stats: ServerStats | null): void => {
          clearTimeout(timer);
          resolve(stats);
        };
        statsWaiters.push(reply);
        send({ type: 'server-stats-request' });
      }),
    exited,
    get stopping() {
      return stopping;
    },
    collectGarbage: () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 10_000);
        gcWaiter = () => {
          clearTimeout(timer);
          resolve();
        };
        send({ type: 'server-gc' });
      }),
    async stop() {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      send({ type: 'server-stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
    stderrTail: () => [...stderr],
  };
}

/** The server's last stderr lines, formatted to end an error message. */
export function tailText(lines: string[]): string {
  return lines.length === 0 ? '' : `; its last stderr lines:\n  ${lines.slice(-5).join('\n  ')}`;
}

/** A one-line reason for an unexpected server exit during a phase. */
export function serverExitReason(transport: string, exit: ServerExit, phase: string): string {
  const how = exit.signal ? `with signal ${exit.signal}` : `with code ${exit.code}`;
  return `${transport} server exited ${how} during ${phase}`;
}
