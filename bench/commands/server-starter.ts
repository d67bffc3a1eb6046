/** Which server a run measures: the commands choose, so the engine never needs to know about agents. */
import type { RunConfig } from '../config/run-config.js';
import { startLocalServer } from '../run/local-server.js';
import type { ServerStarter } from '../run/measured-server.js';
import { refuseServerThisNodeCannotRun } from '../config/stack-flag.js';
import { requireBinaries } from '../cluster/external-process.js';
import { BROKER_BINARIES } from '../cluster/broker-component.js';
import { brokerOf } from '../../protocol/sync-adapters.js';
import type { UserServerConfig } from '../config/user-server-flags.js';
import { serverUrl } from '../../protocol/transports.js';

/**
 * The agent's starter for `--agent` (shards after the first join shard 0's server there), a local
 * child process otherwise. The agent's HTTP client is loaded only when an agent is asked.
 */
export function serverStarterFor(config: RunConfig): ServerStarter {
  const { agent, cluster } = config;
  if (config.userServer !== null && config.userServer.kind !== 'agent') return userServerStarter(config, config.userServer);
  if (cluster !== undefined) {
    refuseServerThisNodeCannotRun(config.stack, config.transport);
    const broker = brokerOf(cluster.adapter);
    const components = broker === null ? [] : [...BROKER_BINARIES[broker]];
    if (cluster.lb !== 'none') components.push({ binary: cluster.lb, aptPackage: cluster.lb });
    requireBinaries(components, `--nodes ${cluster.nodes}${cluster.lb === 'none' ? '' : ` --lb ${cluster.lb}`} --adapter ${cluster.adapter}`);
    return async (options, context) => {
      const { ClusterServer } = await import('../cluster/cluster-server.js');
      if (context.runDir === undefined) throw new Error("a cluster needs the run folder for its components' files");
      return ClusterServer.start(cluster, options, context, context.runDir, context.loadBalancer ?? { workers: 1, fileLimit: 1024 });
    };
  }
  if (agent === null) {
    // With --target no server is started here; otherwise one that cannot load is refused before anything starts.
    if (config.target === null) refuseServerThisNodeCannotRun(config.stack, config.transport);
    return startLocalServer;
  }
  const joins = config.shard !== null && config.shard.index > 0;
  return async (options, context) => {
    if (joins) return (await import('../agent/joined-server.js')).joinAgentServer(agent, config)(options, context);
    return (await import('../agent/remote-server.js')).agentServerStarter(agent, config)(options, context);
  };
}

/** The user's server: the command started here (--server-cmd), or the running process sampled (--server-pid). */
function userServerStarter(config: RunConfig, userServer: Exclude<UserServerConfig, { kind: 'agent' }>): ServerStarter {
  return async (_options, context) => {
    if (userServer.kind === 'pid') {
      const { sampleRunningServer } = await import('../run/running-server.js');
      return sampleRunningServer(userServer.pid, config.target as string, context);
    }
    const { startUserServer } = await import('../run/user-server.js');
    const { freePortBelowEphemeralRange } = await import('../run/restart-port.js');
    const named = userServer.url === null ? null : new URL(userServer.url);
    const host = named === null ? config.host : named.hostname.replace(/^\[|\]$/g, '');
    // A port below the ephemeral range: no client can take it as its source port, so a restart finds it free.
    const port = named === null ? await freePortBelowEphemeralRange(host) : Number(named.port || (named.protocol.endsWith('s:') ? 443 : 80));
    const url = userServer.url ?? serverUrl(config.transport, host, port);
    const { probeTargetOf } = await import('../run/handshake-probe.js');
    return startUserServer(
      {
        command: userServer.command,
        host,
        port,
        stopGraceMs: userServer.stopGraceMs,
        fileLimit: context.fileLimit,
        // The clients put --path in place themselves; the probe asks where they will.
        probe: probeTargetOf(config.transport, config.stack, url, config.handshake?.path ?? null, config.variant.socketioTransports.includes('websocket')),
      },
      context,
    );
  };
}
