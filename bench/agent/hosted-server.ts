/**
 * The one echo server an agent runs for a workstation: launched with launchServer, sampled with
 * the same sampler as a local run, its samples kept and streamed, and stopped when the
 * workstation asks, disconnects, or lets its lease lapse (no orphan).
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { launchServer, serverExitReason, type ServerExit, type ServerProcess } from '../run/server-launcher.js';
import { startServerSampler, type ServerSampler } from '../run/server-sampler.js';
import { serverUrl } from '../../protocol/transports.js';
import type { StartServerReply, StartServerRequest, StreamLine } from './agent-protocol.js';
import { decideServerFileLimit } from './file-limit.js';
import { HttpError } from './http-error.js';
import { openSampleStream, type SampleStream } from './sample-stream.js';

/** What the agent decides for every server it starts. */
export interface HostingPolicy {
  /** Address the echo server binds. */
  serverHost: string;
  /** The agent stops the server after this long without a request about it, in ms. */
  leaseMs: number;
  /** How often the workstation should renew the lease, in ms. */
  heartbeatIntervalMs: number;
  log(line: string): void;
}

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
    private readonly server: ServerProcess,
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
    let server: ServerProcess;
    try {
      server = await launchServer(
        { ...request.options, host: policy.serverHost, port: 0, sync: null },
        { startTimeoutMs: request.startTimeoutMs, fileLimit, exposeGc: request.exposeGc },
      );
    } catch (error) {
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
    const reason = serverExitReason(this.request.options.transport, exit, 'the run');
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
