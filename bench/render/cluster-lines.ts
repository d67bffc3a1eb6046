/** The printed summary's lines about a run of several server processes: each node, the load balancer, the broker, faults. */
import { brokerFiguresOf, type ClusterSummary, type ComponentFigures } from '../summary/cluster-types.js';
import { formatBytes } from './format.js';

function cpuText(figures: ComponentFigures): string {
  return figures.cpuPercentMean === null ? 'CPU -' : `CPU mean ${figures.cpuPercentMean}%, peak ${figures.cpuPercentPeak}%`;
}

function componentLine(name: string, figures: ComponentFigures): string {
  const processes = figures.processes !== null && figures.processes > 1 ? ` (${figures.processes} processes)` : '';
  return `${name}${processes}: RSS steady ${formatBytes(figures.steadyRssBytes)}, peak ${formatBytes(figures.peakRssBytes)}, ${cpuText(figures)}`;
}

function faultTime(ms: number | null): string {
  return ms === null ? 'not reached' : `${(ms / 1000).toFixed(2)} s`;
}

/** One line per node and component, the spread, and one per fault. */
export function clusterLines(cluster: ClusterSummary): string[] {
  const lines: string[] = [];
  const routing =
    cluster.lb === 'none'
      ? 'no load balancer: client id mod nodes'
      : `${cluster.lb}, ${cluster.sticky ? 'sticky by source address' : 'not sticky (round-robin)'}`;
  lines.push(`${cluster.nodes} nodes (${routing}), synced by the ${cluster.adapter} adapter`);
  for (const node of cluster.perNode) {
    lines.push(
      `  node:${node.node} pid ${node.pid ?? '-'}: ${node.connections ?? '-'} connections, RSS baseline ${formatBytes(node.baselineRssBytes)}, ` +
        `steady ${formatBytes(node.steadyRssBytes)}, per connection ${formatBytes(node.bytesPerConnection)}, ${cpuText(node)}`,
    );
  }
  if (cluster.loadBalancer) lines.push(`  ${componentLine(`load balancer ${cluster.lb}`, cluster.loadBalancer)}`);
  const broker = brokerFiguresOf(cluster);
  if (broker) lines.push(`  ${componentLine(broker.name === 'primary' ? 'node:cluster primary' : broker.name, broker)}`);
  const spread = cluster.spread.connections.map((count) => count ?? '-').join(' / ');
  lines.push(`  spread of clients over nodes: ${spread}${cluster.spread.maxOverMin === null ? '' : ` (largest / smallest ${cluster.spread.maxOverMin})`}`);
  for (const fault of cluster.faults) {
    const answered =
      fault.action === 'restart'
        ? `, answering again at ${faultTime(fault.answeredAtMs)}`
        : fault.action === 'add'
          ? `, in the pool at ${faultTime(fault.answeredAtMs)}`
          : fault.action === 'drain'
            ? `, out of the pool and its clients closed at ${faultTime(fault.answeredAtMs)}`
            : '';
    lines.push(`  ${fault.action} ${fault.component} at ${faultTime(fault.atMs)} of the hold${answered}${fault.error ? ` - failed: ${fault.error}` : ''}`);
  }
  if (cluster.scaling) {
    const { scaling } = cluster;
    const counts = (values: ReadonlyArray<number | null>): string => values.map((count) => count ?? '-').join(' / ');
    const settled = scaling.settledMs === null ? 'no change happened' : `settled ${faultTime(scaling.settledMs)} after the last change`;
    lines.push(
      `  spread before the first pool change ${counts(scaling.before)} -> at the end ${counts(scaling.after)}: ${scaling.moved ?? '-'} clients moved, ${settled}`,
    );
  }
  if (cluster.nodeKill) {
    const { nodeKill } = cluster;
    lines.push(`  surviving nodes, ${faultTime(nodeKill.killedAtMs)} of hold before node:${nodeKill.node}'s kill -> ${nodeKill.windowMs / 1000} s after it:`);
    for (const { node, before, after } of nodeKill.survivors) {
      lines.push(
        `    node:${node}: CPU mean ${before.cpuPercentMean ?? '-'}% -> ${after.cpuPercentMean ?? '-'}% (peak ${after.cpuPercentPeak ?? '-'}%), ` +
          `RSS peak ${formatBytes(before.rssPeakBytes)} -> ${formatBytes(after.rssPeakBytes)}, connections ${before.connectionsLast ?? '-'} -> ${after.connectionsLast ?? '-'}`,
      );
    }
  }
  return lines;
}
