/** The key cells of results are matched on (result-set.ts groups runs by it), apart from the readers so that a run can name its cell without loading them. */
import type { RunSummary } from '../summary/run-summary-types.js';
import { variantLabel } from '../../protocol/transports.js';
import { settingKeySuffix, settingOf } from './run-setting.js';

/** What of a topology (config.cluster or summary.cluster) makes runs different cells. */
interface TopologyKey {
  nodes: number;
  lb: string;
  adapter: string;
  sticky?: boolean;
  faults?: readonly unknown[];
}

/** The part of a cell key that tells topologies apart: empty for one server, so older keys stay as they were. */
function topologyKeySuffix(cluster: TopologyKey | undefined): string {
  if (!cluster || cluster.nodes < 2) return '';
  const sticky = cluster.sticky === false ? '-no-sticky' : '';
  const faults = (cluster.faults?.length ?? 0) > 0 ? '-faults' : '';
  return `/nodes-${cluster.nodes}-${cluster.lb}-${cluster.adapter}${sticky}${faults}`;
}

/**
 * The key cells are matched on: transport, the variant that applies to it, and client count; every
 * mode but echo is its own cell (push's firstMessageMs measures another interval, broadcast and idle
 * other work), and so is each topology of several servers (nodes, load balancer, adapter, faults)
 * and a run whose server was restarted.
 */
export function cellKey(
  summary: Pick<RunSummary, 'transport' | 'variant' | 'clients'> &
    Partial<Pick<RunSummary, 'mode' | 'stack' | 'profile'>> & { cluster?: TopologyKey | undefined; storm?: unknown; restartServerAtMs?: number | null },
): string {
  const mode = summary.mode !== undefined && summary.mode !== 'echo' ? `/${summary.mode}` : '';
  const topology = topologyKeySuffix(summary.cluster);
  // A reconnect storm (summary.storm, or config.restartServerAtMs before the run) measures a restart, not a repeat.
  const restart = summary.storm != null || (summary.restartServerAtMs ?? null) !== null ? '/restart' : '';
  return `${summary.transport}/${variantLabel(summary.transport, summary.variant)}/${summary.clients}${mode}${topology}${restart}${settingKeySuffix(settingOf(summary))}`;
}

