/**
 * The ServerStarter of shards 1 to n-1 of a run through an agent: shard 0 starts the server on the
 * box and samples it (remote-server.ts); the other shards find it through the agent and connect
 * to it, without sampling or stopping it.
 */
import { performance } from 'node:perf_hooks';
import type { RunConfig } from '../config/run-config.js';
import { RunError } from '../errors.js';
import type { JoinedServerDescription } from '../results/run-json.js';
import type { MeasuredServer, ServerStarter } from '../run/measured-server.js';
import type { ServerSampler } from '../run/server-sampler.js';
import type { InfoReply } from './agent-protocol.js';
import { AgentClient } from './agent-client.js';
import { readAgentToken, type AgentTarget } from './agent-target.js';

const POLL_MS = 250;

/** A sampler that takes nothing: the server is shard 0's to sample. */
const NO_SAMPLES: ServerSampler = {
  sampleNow: () => Promise.resolve(),
  setPhase: () => undefined,
  samples: () => [],
  stop: () => Promise.resolve(),
};

/** Waits for shard 0's server on the agent, at most until --start-at plus the server start timeout. */
export function joinAgentServer(target: AgentTarget, config: RunConfig): ServerStarter {
  return async (_options, context) => {
    const client = new AgentClient(target.url, readAgentToken(target));
    const startAtMs = config.startAt === null ? Date.now() : Date.parse(config.startAt);
    const deadline = performance.now() + Math.max(0, startAtMs - Date.now()) + context.startTimeoutMs;
    try {
      for (;;) {
        const info = await client.request<InfoReply>('GET', '/info');
        if (info.serverUrl !== null) return joined(target, info.serverUrl);
        if (performance.now() > deadline) {
          throw new RunError(
            `the agent at ${target.url} holds no server: shard 0 of this run starts it, so start shard 0 too (or give --start-at far enough ahead)`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    } finally {
      client.close();
    }
  };
}

function joined(target: AgentTarget, url: string): MeasuredServer {
  const description: JoinedServerDescription = { remote: true, joined: true, agentUrl: target.url, url };
  return {
    url,
    sampler: NO_SAMPLES,
    // Shard 0 watches the server; this shard sees an end of it as its clients' failures.
    unexpectedEnd: new Promise<string>(() => undefined),
    collectGarbage: () => Promise.resolve(),
    stop: () => Promise.resolve(),
    // Shard 0 started the server and records its libraries; bench merge takes them from there.
    libraries: () => [],
    describe: () => description,
    restartable: null,
    counters: null,
    topology: null,
  };
}
