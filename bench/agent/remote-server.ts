/**
 * The ServerStarter of `bench run --agent`: asks the agent on the box for a fresh server, streams
 * its samples onto this run's timeline, renews the lease, and stops the server at the end.
 */
import { performance } from 'node:perf_hooks';
import type { MeasuredServer, ServerStarter } from '../run/measured-server.js';
import { serverFilesNeeded } from '../run/preflight.js';
import type { RunConfig } from '../config/run-config.js';
import { serverExitReason } from '../run/server-launcher.js';
import { RunError } from '../errors.js';
import type { ClockReply, InfoReply, SampleNowReply, StartServerReply, StartServerRequest, StopServerReply } from './agent-protocol.js';
import { AgentClient, AgentReplyError, type AgentStream } from './agent-client.js';
import { readAgentToken, type AgentTarget } from './agent-target.js';
import { measureClockOffset } from './clock-offset.js';
import { RemoteSampler } from './remote-sampler.js';

/** The run gives up on an agent whose stream has been silent this long (it sends a heartbeat every second), in ms. */
const AGENT_SILENCE_MS = 10_000;
/** Wait for the agent to stop its server, in ms (its own grace period is 5 s). */
const STOP_TIMEOUT_MS = 20_000;
/** Round trips used to measure the clock offset. */
const CLOCK_ROUNDS = 5;

function explain(error: unknown, target: AgentTarget): unknown {
  if (error instanceof AgentReplyError && error.status === 401) {
    const source = target.tokenFile === null ? 'BENCH_AGENT_TOKEN' : `--token-file ${target.tokenFile}`;
    return new RunError(`${error.message}; the token in ${source} is not the one the agent at ${target.url} reads`);
  }
  return error;
}

/** A starter that runs the server on the agent named by `target`. */
export function agentServerStarter(target: AgentTarget, config: RunConfig): ServerStarter {
  return async (options, context) => {
    const client = new AgentClient(target.url, readAgentToken(target));
    let started: StartServerReply | null = null;
    let stream: AgentStream | null = null;
    let heartbeat: NodeJS.Timeout | null = null;
    try {
      const info = await client.request<InfoReply>('GET', '/info');
      const clock = await measureClockOffset(async () => (await client.request<ClockReply>('GET', '/clock')).nowMs, CLOCK_ROUNDS);
      const request: StartServerRequest = {
        options: {
          transport: options.transport,
          perMessageDeflate: options.perMessageDeflate,
          mode: options.mode,
          payloadBytes: options.payloadBytes,
          injectDelayMs: options.injectDelayMs,
          injectRetainKb: options.injectRetainKb,
        },
        sampleIntervalMs: context.sampleIntervalMs,
        exposeGc: context.exposeGc,
        startTimeoutMs: context.startTimeoutMs,
        filesNeeded: serverFilesNeeded(config),
      };
      started = await client.request<StartServerReply>('POST', '/servers', request, context.startTimeoutMs + 10_000);
      const server = started;
      const serverPath = `/servers/${server.id}`;

      const sampler = new RemoteSampler({ offsetMs: clock.offsetMs, listenedAtBoxMs: server.listenedAtMs }, context.writeSample, async () => {
        return (await client.request<SampleNowReply>('POST', `${serverPath}/sample`)).seq;
      });
      let stopping = false;
      let endWith: (reason: string) => void = () => undefined;
      const unexpectedEnd = new Promise<string>((resolve) => {
        endWith = (reason) => {
          if (!stopping) resolve(reason);
        };
      });
      let lastWordAt = performance.now();
      const openStream = await client.openStream(`${serverPath}/samples`, (line) => {
        lastWordAt = performance.now();
        if (line.type === 'sample') sampler.receive(line);
        else if (line.type === 'exit' && !line.expected) {
          const exit = { code: line.code, signal: line.signal as NodeJS.Signals | null };
          endWith(`${serverExitReason(options.transport, exit, context.phase())} on the box`);
        }
      });
      stream = openStream;
      void openStream.ended.then((why) => endWith(`lost the sample stream of the agent at ${target.url} during ${context.phase()}${why ? `: ${why}` : ''}`));
      heartbeat = setInterval(() => {
        void client.request('POST', `${serverPath}/heartbeat`).catch(() => undefined);
        const silentMs = performance.now() - lastWordAt;
        if (silentMs > AGENT_SILENCE_MS) endWith(`no word from the agent at ${target.url} for ${Math.round(silentMs / 1000)} s during ${context.phase()}`);
      }, server.heartbeatIntervalMs);
      await sampler.sampleNow();

      const lease = heartbeat;
      let stopped: Promise<void> | null = null;
      let stopProblem: string | null = null;
      const measured: MeasuredServer = {
        url: server.url,
        sampler,
        unexpectedEnd,
        collectGarbage: async () => {
          await client.request('POST', `${serverPath}/gc`, undefined, 15_000);
        },
        stop() {
          stopped ??= (async () => {
            await sampler.sampleNow();
            await sampler.stop();
            stopping = true;
            clearInterval(lease);
            try {
              await client.request<StopServerReply>('DELETE', serverPath, undefined, STOP_TIMEOUT_MS);
            } catch (error) {
              // Not fatal to the run: the agent also stops it when this stream closes.
              if (!(error instanceof AgentReplyError && error.status === 404)) stopProblem = error instanceof Error ? error.message : String(error);
            }
            openStream.close();
            client.close();
          })();
          return stopped;
        },
        describe: () => ({
          remote: true,
          agentUrl: target.url,
          url: server.url,
          pid: server.pid,
          fileLimit: server.fileLimit,
          clockOffsetMs: Math.round(clock.offsetMs * 1000) / 1000,
          roundTripMs: Math.round(clock.roundTripMs * 1000) / 1000,
          clockRounds: clock.rounds,
          environment: info.environment,
          stopProblem,
        }),
      };
      return measured;
    } catch (error) {
      if (heartbeat) clearInterval(heartbeat);
      if (started !== null) await client.request('DELETE', `/servers/${started.id}`, undefined, STOP_TIMEOUT_MS).catch(() => undefined);
      stream?.close();
      client.close();
      throw explain(error, target);
    }
  };
}
