/**
 * Scaling under load with the real nginx and HAProxy: a node joins the balancer's pool during the
 * hold (--add-node-at) and another is drained out of it (--drain), its clients reconnecting through
 * the balancer. Open connections stay where they are; where the drained node's clients go is the
 * balancer's doing: round-robin spreads them over the pool, a sticky hash of the source address sends
 * each address to one node. Each run checks that no process it started is left.
 */
import { describe, expect, it } from 'vitest';
import { findBinary } from '../../bench/cluster/external-process.js';
import { runMarked, summaryOf } from '../helpers/cluster-run.js';

const missing = ['redis-server', 'nginx', 'haproxy'].filter((binary) => findBinary(binary) === null);
if (missing.length > 0) console.warn(`scaling tests skipped: ${missing.join(', ')} not installed (apt-get install -y redis-server nginx haproxy)`);

const SCALE = ['-t', 'socketio', '-c', '60', '--nodes', '2', '--hold', '5', '--add-node-at', '1s', '--drain', 'node:0@2s'];

describe.skipIf(missing.length > 0)('a node added to the pool and one drained out of it, under load', () => {
  it.each([
    ['haproxy', ['--no-sticky']],
    ['nginx', ['--no-sticky']],
    ['nginx', []],
  ])('%s %s: the drained node ends empty, its clients back on the others, the added node in the pool', async (lb, extra) => {
    const { result, cwd, left } = await runMarked([...SCALE, '--lb', lb, ...extra]);
    expect(left).toEqual([]);
    expect(result.code, result.stderr).toBe(0);
    const { summary } = summaryOf(cwd);
    const cluster = summary.cluster;
    expect(cluster?.perNode.map((node) => node.node)).toEqual([0, 1, 2]);
    for (const change of cluster?.faults ?? []) expect(change.error, `${change.action} ${change.component}`).toBeNull();
    const scaling = cluster?.scaling;
    expect(scaling?.changes.map((change) => `${change.action} node:${change.node}`)).toEqual(['add node:2', 'drain node:0']);
    // Before the first change: the clients on the first two nodes, none on the one not yet started.
    expect((scaling?.before[0] ?? 0) + (scaling?.before[1] ?? 0)).toBe(60);
    expect(scaling?.before[2]).toBe(0);
    const after = scaling?.after ?? [];
    expect(after[0]).toBe(0);
    expect((after[1] ?? 0) + (after[2] ?? 0)).toBe(60);
    // Every client of the drained node moved, and only those.
    expect(scaling?.moved).toBe(scaling?.before[0]);
    expect(scaling?.settledMs).not.toBeNull();
    expect(summary.reconnection?.clientsDropped).toBe(scaling?.before[0]);
    expect(summary.reconnection?.clientsBack).toBe(summary.reconnection?.clientsDropped);
    // Round-robin hands the reconnecting clients to the node added as well as to the one left.
    if (extra.includes('--no-sticky')) expect(after[2]).toBeGreaterThan(0);
  });
});
