/**
 * The one echo server an agent runs for a workstation: launched with launchServer, sampled with
 * the same sampler as a local run, its samples kept and streamed, and stopped when the
 * workstation asks, disconnects, or lets its lease lapse (no orphan).
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchServer, serverExitReason, type ServerExit } from '../run/server-launcher.js';
import type { ServerProcessRow } from '../results/file-rows.js';
import type { LoadedLibrary } from '../../protocol/load-library.js';
import { startServerSampler, type ServerSampler } from '../run/server-sampler.js';
import { serverUrl } from '../../protocol/transports.js';
import { DECLARED_COMMAND_FAILED, type StartServerReply, type StartServerRequest, type StreamLine, type UserServerRequest } from './agent-protocol.js';
import { decideServerFileLimit } from './file-limit.js';
import { HttpError } from './http-error.js';
import { ComponentError } from '../errors.js';
import { openSampleStream, type SampleStream } from './sample-stream.js';

/** What the agent decides for every server it starts. */
export interface HostingPolicy {
  /** Address the echo server binds. */
  serverHost: string;
  /** The agent stops the server after this long without a request about it, in ms. */
  leaseMs: number;
  /** The commands it may start by name (bench agent --server-cmd); it runs no command a request sends. */
  userServers: ReadonlyMap<string, string>;
  /** How often the workstation should renew the lease, in ms. */
  heartbeatIntervalMs: number;
  log(line: string): void;
}

/** A declared command gets bench run's default grace between SIGTERM and SIGKILL. */
const DECLARED_STOP_GRACE_MS = 5000;

/** True for 0.0.0.0 and ::, which a client cannot connect to by name. */
function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '0:0:0:0:0:0:0:0';
}

/** The address a workstation can reach: the bound one, or the one its request arrived on. */
function reachableHost(bound: string, arrivedOn: string | undefined): string {
  if (!isWildcard(bound)) return bound;
  const local = arrivedOn ?? '127.0.0.1';
  return local.startsWith('::ffff:') ? local.slice('::ffff:'.length) : local;
}

/** What the agent hosts: its echo server's process, or a declared command's (sampled as a tree). */
interface HostedProcess {
  readonly pid: number;
  readonly port: number;
  readonly exited: Promise<ServerExit>;
  readonly libraries: LoadedLibrary[];
  requestStats(): Promise<{ heapUsedBytes: number; connections: number } | null>;
  /** Present for a declared command: its whole process tree is sampled (the rows stay on the box). */
  writeProcesses?(rows: ServerProcessRow[]): void;
  collectGarbage(): Promise<void>;
  stop(): Promise<void>;
  /** Why it ended on its own, in one line that ends with its log where it has one. */
  exitReason(exit: ServerExit): string;
  /** After its leader ended on its own: stop what is left of it (a declared command's other processes). */
  afterExit?(): Promise<void>;
}

/** The agent's own echo server. */
async function launchEchoServer(request: StartServerRequest, policy: HostingPolicy, fileLimit: number | null): Promise<HostedProcess> {
  const server = await launchServer(
    { ...request.options, host: policy.serverHost, port: 0, sync: null },
    { startTimeoutMs: request.startTimeoutMs, fileLimit, exposeGc: request.exposeGc },
  );
  return {
    pid: server.pid,
    port: server.port,
    exited: server.exited,
    libraries: server.libraries,
    requestStats: () => server.requestStats(),
    collectGarbage: () => server.collectGarbage(),
    stop: () => server.stop(),
    exitReason: (exit) => serverExitReason(request.options.transport, exit, 'the run'),
  };
}

/** A command the agent declared, started with PORT and HOST like bench run --server-cmd; its log in a folder of its own on the box. */
async function launchDeclaredCommand(
  request: StartServerRequest,
  wanted: UserServerRequest,
  policy: HostingPolicy,
  fileLimit: number | null,
): Promise<HostedProcess> {
  const command = policy.userServers.get(wanted.name);
  if (command === undefined) {
    const declared = [...policy.userServers.keys()];
    throw new HttpError(
      403,
      `no server command named "${wanted.name}" is declared on this agent (${declared.length === 0 ? 'it declares none' : `it declares ${declared.join(', ')}`}); the agent runs only the commands it was started with (bench agent --server-cmd ${wanted.name}="...")`,
    );
  }
  const { CommandProcess, describeExit } = await import('../run/user-server.js');
  const { freePortBelowEphemeralRange } = await import('../run/restart-port.js');
  const port = await freePortBelowEphemeralRange(policy.serverHost);
  const { transport } = request.options;
  const url = serverUrl(transport, policy.serverHost, port);
  const { probeTargetOf } = await import('../run/handshake-probe.js');
  const logDir = mkdtempSync(path.join(tmpdir(), `bench-agent-${wanted.name}-`));
  const label = `the agent's server command "${wanted.name}"`;
  const started = await CommandProcess.launch(
    {
      command,
      label,
      host: policy.serverHost,
      port,
      stopGraceMs: DECLARED_STOP_GRACE_MS,
      fileLimit,
      probe: probeTargetOf(transport, request.options.stack, url, wanted.path, wanted.socketioWebsocket),
    },
    path.join(logDir, 'server.log'),
    request.startTimeoutMs,
  );
  policy.log(`started the server command "${wanted.name}" (pid ${started.pid}) on port ${port}; its output goes to ${path.join(logDir, 'server.log')}`);
  return {
    pid: started.pid,
    port,
    exited: started.exited,
    libraries: [],
    requestStats: () => Promise.resolve(null),
    writeProcesses: () => undefined,
    collectGarbage: () => Promise.resolve(),
    stop: () => started.stop(DECLARED_STOP_GRACE_MS),
    exitReason: (exit) => `${label} ${describeExit(exit)} during the run${started.tail()}`,
    afterExit: () => started.stop(DECLARED_STOP_GRACE_MS),
  };
}

/** A running server on the box. */
export class HostedServer {
  private readonly lines: StreamLine[] = [];
  private stream: SampleStream | null = null;
  private lastSeq = -1;
  private lastSeenAt = performance.now();
  private stopping: Promise<ServerExit> | null = null;
  private readonly leaseTimer: NodeJS.Timeout;
  private readonly sampler: ServerSampler;
  /** Resolves once the server process is gone, whoever ended it. */
  readonly gone: Promise<void>;

  private constructor(
    readonly id: string,
    readonly reply: StartServerReply,
    private readonly server: HostedProcess,
    private readonly request: StartServerRequest,
    private readonly policy: HostingPolicy,
    startedAt: number,
  ) {
    this.sampler = startServerSampler(server, request.sampleIntervalMs, startedAt, (row) => {
      this.lastSeq += 1;
      this.push({
        type: 'sample',
        seq: this.lastSeq,
        atMs: performance.timeOrigin + startedAt + row.tMs,
        connections: row.connections,
        rssBytes: row.rssBytes,
        heapUsedBytes: row.heapUsedBytes,
        cpuPercent: row.cpuPercent,
        cpuTimeMs: row.cpuTimeMs,
        processes: row.processes,
      });
    });
    this.leaseTimer = setInterval(
      () => {
        const silentMs = performance.now() - this.lastSeenAt;
        if (silentMs > policy.leaseMs) void this.stop(`no word from the workstation for ${Math.round(silentMs / 1000)} s`);
      },
      Math.min(1000, policy.leaseMs),
    );
    this.gone = server.exited.then((exit) => this.onExit(exit));
  }

  /** Launches the server for `request`; `arrivedOn` is the agent address the request came in on. */
  static async start(request: StartServerRequest, policy: HostingPolicy, arrivedOn: string | undefined): Promise<HostedServer> {
    const fileLimit = decideServerFileLimit(request.filesNeeded);
    let server: HostedProcess;
    try {
      server =
        request.userServer === undefined
          ? await launchEchoServer(request, policy, fileLimit)
          : await launchDeclaredCommand(request, request.userServer, policy, fileLimit);
    } catch (error) {
      if (error instanceof HttpError) throw error;
      // A declared command that exits or never answers is a failure of what is measured (exit 1 on the
      // workstation), told apart from the agent's own failure (500, exit 3) by its status.
      if (error instanceof ComponentError) throw new HttpError(DECLARED_COMMAND_FAILED, error.message);
      throw new HttpError(500, error instanceof Error ? error.message : String(error));
    }
    const startedAt = performance.now();
    const id = randomUUID();
    const reply: StartServerReply = {
      id,
      url: serverUrl(request.options.transport, reachableHost(policy.serverHost, arrivedOn), server.port),
      pid: server.pid,
      listenedAtMs: performance.timeOrigin + startedAt,
      heartbeatIntervalMs: policy.heartbeatIntervalMs,
      leaseMs: policy.leaseMs,
      fileLimit,
      libraries: server.libraries,
    };
    const hosted = new HostedServer(id, reply, server, request, policy, startedAt);
    await hosted.sampler.sampleNow();
    return hosted;
  }

  get pid(): number {
    return this.server.pid;
  }

  /** Renews the lease: the workstation is still there. */
  touch(): void {
    this.lastSeenAt = performance.now();
  }

  /** Streams every sample so far, then each new one, on `response`; 409 if a stream is already open. */
  attachStream(response: ServerResponse): void {
    if (this.stream !== null) throw new HttpError(409, `server ${this.id} already has a sample stream open`);
    this.stream = openSampleStream(response, this.lines, () => {
      void this.stop('the workstation closed the sample stream');
    });
    if (this.stopping !== null && this.lines.at(-1)?.type === 'exit') this.stream.end();
  }

  /** Takes a sample now; resolves with the seq of the latest sample on the stream. */
  async sampleNow(): Promise<number> {
    await this.sampler.sampleNow();
    return this.lastSeq;
  }

  collectGarbage(): Promise<void> {
    return this.server.collectGarbage();
  }

  /** Stops sampling and the server; resolves with how it exited. Safe to call more than once. */
  stop(reason: string): Promise<ServerExit> {
    if (this.stopping === null) {
      this.stopping = (async () => {
        clearInterval(this.leaseTimer);
        await this.sampler.stop();
        await this.server.stop();
        const exit = await this.server.exited;
        this.push({ type: 'exit', code: exit.code, signal: exit.signal, expected: true, reason });
        this.stream?.end();
        this.policy.log(`stopped the ${this.request.options.transport} server pid ${this.server.pid}: ${reason}`);
        return exit;
      })();
    }
    return this.stopping;
  }

  private onExit(exit: ServerExit): void {
    if (this.stopping !== null) return;
    // Ended on its own: tell the workstation, and free the holder.
    const reason = this.server.exitReason(exit);
    // The leader is gone, its group may not be (`node a.js & node b.js`): nothing of it stays on the box.
    void this.server.afterExit?.().catch(() => undefined);
    this.stopping = Promise.resolve(exit);
    clearInterval(this.leaseTimer);
    void this.sampler.stop();
    this.push({ type: 'exit', code: exit.code, signal: exit.signal, expected: false, reason });
    this.stream?.end();
    this.policy.log(`the ${this.request.options.transport} server pid ${this.server.pid} ended on its own: ${reason}`);
  }

  private push(line: StreamLine): void {
    this.lines.push(line);
    this.stream?.send(line);
  }
}
