/** `summary.cluster`: the topology's components, the spread of clients, the faults and the connected timeline, from what the topology recorded. */
import { componentFigures, maxOverMin, nodeFigures } from './cluster-figures.js';
import type { BrokerFigures, ClusterMeasurements, ClusterSummary, ConnectedPoint, FaultRecord, NodeKillSummary } from './cluster-types.js';
import type { OutageTimes } from './broker-outage-types.js';
import { nodeKillFigures } from './node-kill-figures.js';
import { summariseScaling } from './scaling.js';
import type { FaultComponent } from '../cluster/fault-plan.js';
import { brokerOf, type BrokerName } from '../../protocol/sync-adapters.js';

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

/** The broker's figures, or the node:cluster primary's. */
function brokerFigures(measured: ClusterMeasurements): BrokerFigures {
  const name = brokerOf(measured.cluster.adapter) ?? 'primary';
  return { name, ...componentFigures(measured.componentSamples(name)) };
}

/** Figures of every component, the spread of clients, the faults and the connected timeline. */
export function summariseCluster(measured: ClusterMeasurements): ClusterSummary {
  const { cluster } = measured;
  const perNode = measured.nodePorts.map((port, index) => nodeFigures(index, port, measured.componentSamples(`node:${index}`)));
  const connections = perNode.map((node) => node.connections);
  // A run stopped before its hold counts from its first point instead.
  const zero = measured.holdStartedAt ?? measured.connected[0]?.at ?? 0;
  const connectedClients: ConnectedPoint[] = measured.connected.map((point) => ({ tMs: Math.round(point.at - zero), connected: point.connected }));
  const scaling =
    measured.holdStartedAt === null
      ? null
      : summariseScaling(measured.faults, perNode.length, (node) => measured.componentSamples(`node:${node}`), measured.holdStartedAt - measured.sampledFrom);
  return {
    nodes: cluster.nodes,
    lb: cluster.lb,
    adapter: cluster.adapter,
    sticky: cluster.sticky,
    perNode,
    loadBalancer: cluster.lb === 'none' ? null : componentFigures(measured.componentSamples('lb')),
    broker: brokerFigures(measured),
    spread: { connections, maxOverMin: maxOverMin(connections) },
    faults: measured.faults.map((fault) => ({ ...fault })),
    connectedClients,
    nodeKill: nodeKillSummary(measured),
    ...(scaling === null ? {} : { scaling }),
  };
}

/** When the first node kill happened, on the clients' clock; null without one. Reconnection times count from it as from a restart's kill. */
export function nodeKilledAtEpochMs(faults: readonly FaultRecord[]): number | null {
  return faults.find((fault) => fault.action === 'kill' && fault.component.startsWith('node:'))?.atEpochMs ?? null;
}

/** The broker's kill and restart, on the clients' clock and from the hold's start; null when the broker was not killed. */
export function brokerOutageOf(faults: readonly FaultRecord[]): OutageTimes | null {
  const isBroker = (component: FaultComponent): component is BrokerName => !component.startsWith('node:');
  const kill = faults.find((fault) => isBroker(fault.component) && fault.action === 'kill');
  if (kill === undefined || !isBroker(kill.component) || kill.atEpochMs == null || kill.atMs === null) return null;
  const broker = kill.component;
  const restart = faults.find((fault) => fault.component === broker && fault.action === 'restart');
  return {
    broker,
    killedAtEpochMs: kill.atEpochMs,
    killedAtMs: kill.atMs,
    restartAnsweredAtEpochMs: restart?.answeredAtEpochMs ?? null,
    restartAnsweredAtMs: restart?.answeredAtMs ?? null,
  };
}
