/** `summary.cluster`: the topology's components, the spread of clients, the faults and the connected timeline, from what the topology recorded. */
import { componentFigures, maxOverMin, nodeFigures } from './cluster-figures.js';
import type { ClusterMeasurements, ClusterSummary, ConnectedPoint, FaultRecord, NodeKillSummary } from './cluster-types.js';
import type { OutageTimes } from './redis-outage-types.js';
import { nodeKillFigures } from './node-kill-figures.js';

/** The first node kill that happened: its survivors' load before and after it. */
function nodeKillSummary(measured: ClusterMeasurements): NodeKillSummary | null {
  const kill = measured.faults.find((fault) => fault.action === 'kill' && fault.component.startsWith('node:') && fault.atMs !== null);
  if (kill === undefined || kill.atMs === null || measured.holdStartedAt === null || !measured.sampled) return null;
  const holdStartTMs = measured.holdStartedAt - measured.sampledFrom;
  return nodeKillFigures(
    Number(kill.component.slice('node:'.length)),
    measured.cluster.nodes,
    (node) => measured.componentSamples(`node:${node}`),
    holdStartTMs,
    holdStartTMs + kill.atMs,
  );
}

/** Figures of every component, the spread of clients, the faults and the connected timeline. */
export function summariseCluster(measured: ClusterMeasurements): ClusterSummary {
  const { cluster } = measured;
  const perNode = measured.nodePorts.map((port, index) => nodeFigures(index, port, measured.componentSamples(`node:${index}`)));
  const connections = perNode.map((node) => node.connections);
  // A run stopped before its hold counts from its first point instead.
  const zero = measured.holdStartedAt ?? measured.connected[0]?.at ?? 0;
  const connectedClients: ConnectedPoint[] = measured.connected.map((point) => ({ tMs: Math.round(point.at - zero), connected: point.connected }));
  return {
    nodes: cluster.nodes,
    lb: cluster.lb,
    adapter: cluster.adapter,
    sticky: cluster.sticky,
    perNode,
    loadBalancer: cluster.lb === 'none' ? null : componentFigures(measured.componentSamples('lb')),
    redis: componentFigures(measured.componentSamples('redis')),
    spread: { connections, maxOverMin: maxOverMin(connections) },
    faults: measured.faults.map((fault) => ({ ...fault })),
    connectedClients,
    nodeKill: nodeKillSummary(measured),
  };
}

/** When the first node kill happened, on the clients' clock; null without one. Reconnection times count from it as from a restart's kill. */
export function nodeKilledAtEpochMs(faults: readonly FaultRecord[]): number | null {
  return faults.find((fault) => fault.action === 'kill' && fault.component.startsWith('node:'))?.atEpochMs ?? null;
}

/** Redis's kill and restart, on the clients' clock and from the hold's start; null when Redis was not killed. */
export function redisOutageOf(faults: readonly FaultRecord[]): OutageTimes | null {
  const kill = faults.find((fault) => fault.component === 'redis' && fault.action === 'kill');
  if (kill?.atEpochMs == null || kill.atMs === null) return null;
  const restart = faults.find((fault) => fault.component === 'redis' && fault.action === 'restart');
  return {
    killedAtEpochMs: kill.atEpochMs,
    killedAtMs: kill.atMs,
    restartAnsweredAtEpochMs: restart?.answeredAtEpochMs ?? null,
    restartAnsweredAtMs: restart?.answeredAtMs ?? null,
  };
}
