/** Starts the echo server in its own process and watches it until it is stopped. */
import type { Readable } from 'node:stream';
import { compiledScript, startNodeChild } from './child-process.js';
import { RunError } from '../errors.js';
import { ReplyWaiters } from './reply-waiters.js';
import type { ParentToServer, ServerOptions, ServerToParent, ServerUsage } from '../../protocol/messages.js';
import { serverUrl } from '../../protocol/transports.js';
import type { LoadedLibrary } from '../../protocol/load-library.js';

const STDERR_LINES_KEPT = 20;
const STOP_GRACE_MS = 5000;

/** What the server reports about itself. */
export interface ServerStats {
  heapUsedBytes: number;
  connections: number;
  /** V8's external memory (Buffers' bytes among it); absent from a server that does not report it. */
  externalBytes?: number;
}

/** A heap snapshot the server wrote (--heap-snapshots): how long it stopped the server, or why it failed. */
export interface HeapSnapshotReply {
  path: string;
  ms: number;
  error: string | null;
}

const STATS_REPLY_TIMEOUT_MS = 1000;
const GC_REPLY_TIMEOUT_MS = 10_000;
const DRAIN_REPLY_TIMEOUT_MS = 5000;
/** A snapshot of a heap of a few hundred MiB takes tens of seconds on a busy machine. */
const HEAP_SNAPSHOT_TIMEOUT_MS = 300_000;

/** How the server process ended. */
export interface ServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
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
  /** Starts the process some other way than as bench's own child (a node:cluster worker); absent: bench forks it. */
  spawn?: (execArgv: string[]) => ServerChannel;
}

/**
 * What a server process is to bench: a ChildProcess with IPC, or a node:cluster worker whose primary
 * passes its messages, output and exit on (bench/cluster/cluster-primary-process.ts).
 */
export interface ServerChannel {
  readonly stderr: Readable | null;
  readonly stdout: Readable | null;
  readonly connected: boolean;
  readonly exitCode: number | null;
  readonly signalCode: NodeJS.Signals | null;
  send(message: ParentToServer): boolean;
  kill(signal: NodeJS.Signals): boolean;
  on(event: 'message', listener: (message: ServerToParent) => void): this;
  once(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): this;
  once(event: 'error', listener: (error: Error) => void): this;
}

/** Adds a chunk of stderr to `lines`, keeping the last STDERR_LINES_KEPT non-empty lines. */
export function keepTail(lines: string[], chunk: string): void {
  for (const line of chunk.split('\n')) {
    if (line.trim().length > 0) lines.push(line);
  }
  if (lines.length > STDERR_LINES_KEPT) lines.splice(0, lines.length - STDERR_LINES_KEPT);
}

/** How a process ended, in words: "was killed by SIGKILL", "exited with code 1". */
export function describeExit(exit: ServerExit): string {
  return exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
}

type ListeningMessage = Extract<ServerToParent, { type: 'server-listening' }>;

/** A running server process, from its launch until it is stopped. */
export class ServerProcess {
  /** Resolves when the process ends, whoever ended it. */
  readonly exited: Promise<ServerExit>;
  private readonly stderr: string[] = [];
  private readonly statsReplies = new ReplyWaiters<ServerStats>(STATS_REPLY_TIMEOUT_MS);
  private gcWaiter: (() => void) | null = null;
  private readonly usageReplies = new ReplyWaiters<ServerUsage>(STATS_REPLY_TIMEOUT_MS);
  private readonly drainReplies = new ReplyWaiters<number>(DRAIN_REPLY_TIMEOUT_MS);
  private readonly snapshotReplies = new ReplyWaiters<HeapSnapshotReply>(HEAP_SNAPSHOT_TIMEOUT_MS);
  private listeningWaiter: ((message: ListeningMessage) => void) | null = null;
  private listened: ListeningMessage = { type: 'server-listening', host: '', port: 0, pid: 0, libraries: [] };
  private stopRequested = false;

  private constructor(
    private readonly child: ServerChannel,
    private readonly options: ServerOptions,
  ) {
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => keepTail(this.stderr, chunk));
    child.stdout?.resume();
    this.exited = new Promise<ServerExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    child.on('message', (message: ServerToParent) => this.handle(message));
  }

  /** Starts the server process and resolves once it reports listening. */
  static async launch(options: ServerOptions, launch: LaunchOptions): Promise<ServerProcess> {
    const execArgv = launch.exposeGc ? ['--expose-gc'] : [];
    const child = launch.spawn ? launch.spawn(execArgv) : startNodeChild(serverScript(), { fileLimit: launch.fileLimit, execArgv });
    const server = new ServerProcess(child, options);
    server.listened = await server.waitUntilListening(launch.startTimeoutMs);
    return server;
  }

  get pid(): number {
    return this.listened.pid;
  }

  get port(): number {
    return this.listened.port;
  }

  /** The libraries the server process loaded, as it reported them. */
  get libraries(): LoadedLibrary[] {
    // A stand-in server (BENCH_SERVER_SCRIPT) may speak the protocol without reporting any.
    return this.listened.libraries ?? [];
  }

  get url(): string {
    return serverUrl(this.options.transport, this.listened.host, this.listened.port, Boolean(this.options.tls));
  }

  /** True once stop() was called: an exit after that is expected. */
  get stopping(): boolean {
    return this.stopRequested;
  }

  private waitUntilListening(startTimeoutMs: number): Promise<ListeningMessage> {
    const { transport } = this.options;
    return new Promise<ListeningMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        reject(new RunError(`the ${transport} server did not report listening within ${startTimeoutMs / 1000} s${tailText(this.stderr)}`));
      }, startTimeoutMs);
      this.listeningWaiter = (message) => {
        clearTimeout(timer);
        resolve(message);
      };
      void this.exited.then((exit) => {
        clearTimeout(timer);
        reject(new RunError(`the ${transport} server ${describeExit(exit)} before listening${tailText(this.stderr)}`));
      });
      this.child.once('error', (error) => {
        clearTimeout(timer);
        reject(new RunError(`could not start the ${transport} server process: ${error.message}`));
      });
      this.send({ type: 'server-start', options: this.options });
    });
  }

  private handle(message: ServerToParent): void {
    switch (message.type) {
      case 'server-listening':
        return this.listeningWaiter?.(message);
      case 'server-stats':
        return this.statsReplies.settle({
          heapUsedBytes: message.heapUsedBytes,
          connections: message.connections,
          ...(message.externalBytes === undefined ? {} : { externalBytes: message.externalBytes }),
        });
      case 'server-heap-snapshot-done':
        return this.snapshotReplies.settle({ path: message.path, ms: message.ms, error: message.error });
      case 'server-gc-done':
        return this.gcWaiter?.();
      case 'server-usage':
        return this.usageReplies.settle(message.usage);
      case 'server-failed':
        return keepTail(this.stderr, message.message);
      case 'server-drained':
        return this.drainReplies.settle(message.closed);
    }
  }

  private send(message: ParentToServer): void {
    if (this.child.connected) this.child.send(message);
  }

  /** Asks the server for its heapUsed and connection count now; null if it does not answer in time. */
  requestStats(): Promise<ServerStats | null> {
    if (!this.child.connected) return Promise.resolve(null);
    return this.statsReplies.next(() => this.send({ type: 'server-stats-request' }));
  }

  /** Asks the server for its CPU time and socket byte counters now; null if it does not answer in time. */
  requestUsage(): Promise<ServerUsage | null> {
    if (!this.child.connected) return Promise.resolve(null);
    return this.usageReplies.next(() => this.send({ type: 'server-usage-request' }));
  }

  /** Asks the server to write a heap snapshot to `path`; null if it does not answer in time. */
  heapSnapshot(path: string): Promise<HeapSnapshotReply | null> {
    if (!this.child.connected) return Promise.resolve(null);
    return this.snapshotReplies.next(() => this.send({ type: 'server-heap-snapshot', path }));
  }

  /** Asks the server to close every client's connection and keep listening (--drain); resolves with how many it closed, null without an answer. */
  drain(): Promise<number | null> {
    if (!this.child.connected) return Promise.resolve(null);
    return this.drainReplies.next(() => this.send({ type: 'server-drain' }));
  }

  /** Kills the process at once (SIGKILL), as a crash would, and resolves when it is gone; its exit is expected. */
  async killNow(): Promise<ServerExit> {
    this.stopRequested = true;
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    return this.exited;
  }

  /** Runs a full collection in the server (needs --expose-gc). */
  collectGarbage(): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, GC_REPLY_TIMEOUT_MS);
      this.gcWaiter = () => {
        clearTimeout(timer);
        resolve();
      };
      this.send({ type: 'server-gc' });
    });
  }

  /** Asks the server to close its connections and exit; kills it after a grace period. */
  async stop(): Promise<void> {
    this.stopRequested = true;
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.send({ type: 'server-stop' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
    await this.exited;
    clearTimeout(timer);
  }

  /** The last lines the server wrote to stderr. */
  stderrTail(): string[] {
    return [...this.stderr];
  }
}

/** Starts the server process and resolves once it reports listening. */
export function launchServer(options: ServerOptions, launch: LaunchOptions): Promise<ServerProcess> {
  return ServerProcess.launch(options, launch);
}

/** The server's last stderr lines, formatted to end an error message. */
export function tailText(lines: string[]): string {
  return lines.length === 0 ? '' : `; its last stderr lines:\n  ${lines.slice(-20).join('\n  ')}`;
}

/** A one-line reason for an unexpected server exit during a phase. */
export function serverExitReason(transport: string, exit: ServerExit, phase: string): string {
  const how = exit.signal ? `with signal ${exit.signal}` : `with code ${exit.code}`;
  return `${transport} server exited ${how} during ${phase}`;
}
