/**
 * The ServerStarter of `bench run --agent`: asks the agent on the box for a fresh server, streams
 * its samples onto this run's timeline, renews the lease, and stops the server at the end.
 */
import { performance } from 'node:perf_hooks';
import type { MeasuredServer, ServerStartContext, ServerStarter } from '../run/measured-server.js';
import { serverFilesNeeded } from '../run/preflight.js';
import type { RunConfig } from '../config/run-config.js';
import { serverExitReason } from '../run/server-launcher.js';
import { ComponentError, ConfigError, RunError } from '../errors.js';
import type { ServerOptions } from '../../protocol/messages.js';
import type { RemoteServerDescription } from '../results/run-json.js';
import type { LoadedLibrary } from '../../protocol/load-library.js';
import {
  DECLARED_COMMAND_FAILED,
  type ClockReply,
  type InfoReply,
  type SampleNowReply,
  type StartServerReply,
  type StartServerRequest,
  type StopServerReply,
  type StreamLine,
} from './agent-protocol.js';
import { AgentClient, AgentReplyError, type AgentStream } from './agent-client.js';
import { readAgentToken, type AgentTarget } from './agent-target.js';
import { measureClockOffset, type ClockOffset } from './clock-offset.js';
import { RemoteSampler } from './remote-sampler.js';

/** The run gives up on an agent whose stream has been silent this long (it sends a heartbeat every second), in ms. */
const AGENT_SILENCE_MS = 10_000;
/** Wait for the agent to stop its server, in ms (its own grace period is 5 s). */
const STOP_TIMEOUT_MS = 20_000;
/** How often shard 0 looks whether the other shards' clients have gone, in ms. */
const SHARD_POLL_MS = 500;
/** Round trips used to measure the clock offset. */
const CLOCK_ROUNDS = 5;

function explain(error: unknown, target: AgentTarget): unknown {
  if (error instanceof AgentReplyError && error.status === 401) {
    const source = target.tokenFile === null ? 'BENCH_AGENT_TOKEN' : `--token-file ${target.tokenFile}`;
    return new RunError(`${error.message}; the token in ${source} is not the one the agent at ${target.url} reads`);
  }
  // The agent refuses a server name it did not declare: the flag is wrong, as a bad flag here would be.
  if (error instanceof AgentReplyError && error.status === 403) return new ConfigError(`--agent-server: ${error.message}`);
  // 502: the declared command exited or never answered on the box, a failure of what is measured (exit 1), with its log's last lines.
  if (error instanceof AgentReplyError && error.status === DECLARED_COMMAND_FAILED) return new ComponentError(`--agent-server: ${error.message}`);
  return error;
}

/** How long shard 0 keeps the server for the other shards' clients after its own closed, in ms; 0 without other shards. */
function otherShardsDrainMs(config: RunConfig): number {
  if (config.shard === null || config.shard.count === 1) return 0;
  // The others started together with this shard; their ramps may end up to a connect timeout later, and their close takes its grace.
  return (config.connectTimeoutSeconds * 2 + Math.max(config.holdSeconds, config.durationSeconds) + 30) * 1000;
}

function agentServerName(config: RunConfig): string | null {
  return config.userServer?.kind === 'agent' ? config.userServer.name : null;
}

/** A starter that runs the server on the agent named by `target`. */
export function agentServerStarter(target: AgentTarget, config: RunConfig): ServerStarter {
  return async (options, context) => {
    const client = new AgentClient(target.url, readAgentToken(target));
    return new RemoteServerStart(target, config, client, options, context).run();
  };
}

/** The steps of starting a server on the agent; whatever fails, the agent's server is deleted. */
class RemoteServerStart {
  private started: StartServerReply | null = null;
  private server: RemoteServer | null = null;

  constructor(
    private readonly target: AgentTarget,
    private readonly config: RunConfig,
    private readonly client: AgentClient,
    private readonly options: ServerOptions,
    private readonly context: ServerStartContext,
  ) {}

  async run(): Promise<MeasuredServer> {
    try {
      const info = await this.client.request<InfoReply>('GET', '/info');
      const clock = await this.measureClock();
      this.started = await this.startServer();
      this.server = new RemoteServer(
        this.client,
        this.target,
        this.started,
        { info, clock },
        this.options,
        this.context,
        otherShardsDrainMs(this.config),
        agentServerName(this.config),
      );
      await this.server.connect();
      return this.server;
    } catch (error) {
      await this.abandon();
      throw explain(error, this.target);
    }
  }

  private measureClock(): Promise<ClockOffset> {
    return measureClockOffset(async () => (await this.client.request<ClockReply>('GET', '/clock')).nowMs, CLOCK_ROUNDS);
  }

  private startServer(): Promise<StartServerReply> {
    const { options, context } = this;
    const request: StartServerRequest = {
      options: {
        transport: options.transport,
        stack: options.stack,
        perMessageDeflate: options.perMessageDeflate,
        mode: options.mode,
        payloadBytes: options.payloadBytes,
        injectDelayMs: options.injectDelayMs,
        injectRetainKb: options.injectRetainKb,
      },
      sampleIntervalMs: context.sampleIntervalMs,
      exposeGc: context.exposeGc,
      startTimeoutMs: context.startTimeoutMs,
      filesNeeded: serverFilesNeeded(this.config),
    };
    const { userServer, handshake, variant } = this.config;
    if (userServer?.kind === 'agent') {
      request.userServer = { name: userServer.name, path: handshake?.path ?? null, socketioWebsocket: variant.socketioTransports.includes('websocket') };
    }
    return this.client.request<StartServerReply>('POST', '/servers', request, context.startTimeoutMs + 10_000);
  }

  private async abandon(): Promise<void> {
    this.server?.endLease();
    if (this.started !== null) await this.client.request('DELETE', `/servers/${this.started.id}`, undefined, STOP_TIMEOUT_MS).catch(() => undefined);
    this.server?.closeStream();
    this.client.close();
  }
}

/** What the agent told about itself and its clock before the server started. */
interface AgentFacts {
  info: InfoReply;
  clock: ClockOffset;
}

/** A server running on the agent's box, as the run sees it. */
class RemoteServer implements MeasuredServer {
  readonly url: string;
  readonly sampler: RemoteSampler;
  readonly unexpectedEnd: Promise<string>;
  readonly outOfReach: Promise<string>;
  // On the box: the agent neither restarts the server nor reads its counters; one server, no topology.
  readonly restartable = null;
  readonly counters = null;
  readonly topology = null;
  private endWith: (reason: string) => void = () => undefined;
  private loseReach: (reason: string) => void = () => undefined;
  private readonly serverPath: string;
  private lastWordAt = performance.now();
  private stream: AgentStream | null = null;
  private lease: NodeJS.Timeout | null = null;
  private stopping = false;
  private stopped: Promise<void> | null = null;
  private stopProblem: string | null = null;

  constructor(
    private readonly client: AgentClient,
    private readonly target: AgentTarget,
    private readonly reply: StartServerReply,
    private readonly facts: AgentFacts,
    private readonly options: ServerOptions,
    private readonly context: ServerStartContext,
    private readonly otherShardsDrainMs: number,
    /** The declared command it runs (--agent-server); null: the agent's echo server. */
    private readonly agentServer: string | null = null,
  ) {
    this.url = reply.url;
    this.serverPath = `/servers/${reply.id}`;
    this.sampler = new RemoteSampler({ offsetMs: facts.clock.offsetMs, listenedAtBoxMs: reply.listenedAtMs }, context.writeSample, async () => {
      return (await client.request<SampleNowReply>('POST', `${this.serverPath}/sample`)).seq;
    });
    this.unexpectedEnd = new Promise<string>((resolve) => {
      this.endWith = (reason) => {
        if (!this.stopping) resolve(reason);
      };
    });
    this.outOfReach = new Promise<string>((resolve) => {
      this.loseReach = (why) => {
        if (!this.stopping) resolve(`agent out of reach: ${why}`);
      };
    });
  }

  /** Opens the sample stream, starts renewing the lease, and takes the baseline sample. */
  async connect(): Promise<void> {
    this.lastWordAt = performance.now();
    const stream = await this.client.openStream(`${this.serverPath}/samples`, (line) => this.receive(line));
    this.stream = stream;
    void stream.ended.then((why) =>
      this.loseReach(`lost the sample stream of the agent at ${this.target.url} during ${this.context.phase()}${why ? `: ${why}` : ''}`),
    );
    this.lease = setInterval(() => this.renewLease(), this.reply.heartbeatIntervalMs);
    await this.sampler.sampleNow();
  }

  private receive(line: StreamLine): void {
    this.lastWordAt = performance.now();
    if (line.type === 'sample') this.sampler.receive(line);
    else if (line.type === 'exit' && !line.expected) {
      const exit = { code: line.code, signal: line.signal as NodeJS.Signals | null };
      this.endWith(`${serverExitReason(this.options.transport, exit, this.context.phase())} on the box`);
    }
  }

  private renewLease(): void {
    void this.client.request('POST', `${this.serverPath}/heartbeat`).catch(() => undefined);
    const silentMs = performance.now() - this.lastWordAt;
    if (silentMs > AGENT_SILENCE_MS)
      this.loseReach(`no word from the agent at ${this.target.url} for ${Math.round(silentMs / 1000)} s during ${this.context.phase()}`);
  }

  /** Stops renewing the lease. */
  endLease(): void {
    if (this.lease) clearInterval(this.lease);
  }

  /** Closes the sample stream, if it was opened. */
  closeStream(): void {
    this.stream?.close();
  }

  async collectGarbage(): Promise<void> {
    await this.client.request('POST', `${this.serverPath}/gc`, undefined, 15_000);
  }

  stop(): Promise<void> {
    this.stopped ??= this.shutDown();
    return this.stopped;
  }

  private async shutDown(): Promise<void> {
    await this.sampler.sampleNow();
    await this.waitForOtherShards();
    await this.sampler.stop();
    this.stopping = true;
    this.endLease();
    try {
      await this.client.request<StopServerReply>('DELETE', this.serverPath, undefined, STOP_TIMEOUT_MS);
    } catch (error) {
      // Not fatal to the run: the agent also stops it when this stream closes.
      if (!(error instanceof AgentReplyError && error.status === 404)) this.stopProblem = error instanceof Error ? error.message : String(error);
    }
    this.closeStream();
    this.client.close();
  }

  /** As shard 0 of several, keeps the server (sampling it) until the other shards' clients have gone, or the drain time is up. */
  private async waitForOtherShards(): Promise<void> {
    const deadline = performance.now() + this.otherShardsDrainMs;
    while (performance.now() < deadline && (this.sampler.samples().at(-1)?.connections ?? 0) > 0) {
      await new Promise((resolve) => setTimeout(resolve, SHARD_POLL_MS));
      await this.sampler.sampleNow();
    }
  }

  libraries(): LoadedLibrary[] {
    // An agent from before stacks reports none.
    return this.reply.libraries ?? [];
  }

  describe(): RemoteServerDescription {
    const { reply, facts } = this;
    return {
      remote: true,
      agentUrl: this.target.url,
      url: reply.url,
      pid: reply.pid,
      fileLimit: reply.fileLimit,
      clockOffsetMs: Math.round(facts.clock.offsetMs * 1000) / 1000,
      roundTripMs: Math.round(facts.clock.roundTripMs * 1000) / 1000,
      clockRounds: facts.clock.rounds,
      environment: facts.info.environment,
      stopProblem: this.stopProblem,
      ...(this.agentServer === null ? {} : { agentServer: this.agentServer, sampled: 'process-tree' as const }),
    };
  }
}
