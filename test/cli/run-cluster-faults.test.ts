/**
 * Faults in a cluster, judged message by message: three nodes with the real redis-server (and nginx
 * or HAProxy), the broadcast workload across them, Redis killed and restarted, a node killed with
 * its clients coming back through the load balancer. Skipped, with a message, only where a binary
 * is absent. Each run checks that no process it started is left.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBinary } from '../../bench/cluster/external-process.js';
import { readCsv } from '../helpers/cli.js';
import { runMarked, summaryOf } from '../helpers/cluster-run.js';

const missing = ['redis-server', 'nginx', 'haproxy'].filter((binary) => findBinary(binary) === null);
if (missing.length > 0) console.warn(`cluster fault tests skipped: ${missing.join(', ')} not installed (apt-get install -y redis-server nginx haproxy)`);

/** broadcast.csv's rows as numbers (crossNodeOfPublished empty behind a load balancer). */
function publishSeconds(dir: string): Array<Record<string, number>> {
  return readCsv(path.join(dir, 'broadcast.csv')).map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Number(value)])));
}

// Four rooms over three nodes with --lb none: client c on node c mod 3 and in room c mod 4, so every
// room has members on every node and a message must cross nodes to reach them all.
const BROADCAST = ['--mode', 'broadcast', '-c', '36', '--nodes', '3', '--rooms', '4'];

describe.skipIf(missing.length > 0)('faults in a three-node broadcast', () => {
  it.each([
    ['ws', []],
    ['socketio', ['--adapter', 'redis']],
    ['socketio', ['--adapter', 'redis-streams']],
    ['sockjs', []],
  ])('%s %s: with Redis up every member gets every message once, across nodes', async (transport, extra) => {
    const { result, cwd, left } = await runMarked(['-t', transport, ...extra, ...BROADCAST, '--lb', 'none', '--hold', '2']);
    expect(left).toEqual([]);
    expect(result.code).toBe(0);
    const { dir, summary } = summaryOf(cwd);
    expect(summary.broadcast?.expected).toBeGreaterThan(0);
    expect(summary.broadcast?.delivered).toBe(summary.broadcast?.expected);
    expect(summary.broadcast?.duplicates).toBe(0);
    const rows = publishSeconds(dir);
    // Two thirds of each room's members are on other nodes than its publisher: the relay or adapter carried them.
    expect(rows.reduce((sum, row) => sum + (row.crossNodeOfPublished ?? 0), 0)).toBeGreaterThan(0);
    for (const row of rows) expect(row.deliveredOfPublished).toBe(row.expectedOfPublished);
  });

  it('ws: Redis killed and restarted: messages of the outage lost or late, fan-out whole again after the restart, recovery timed', async () => {
    const { cwd, left } = await runMarked(['-t', 'ws', ...BROADCAST, '--lb', 'none', '--hold', '6', '--kill', 'redis@1.5s,restart@3s']);
    expect(left).toEqual([]);
    const { dir, summary } = summaryOf(cwd);
    const outage = summary.broadcast?.brokerOutage;
    expect(outage).toBeDefined();
    if (!outage) return;
    // Whole before the kill, so what follows is the outage's doing.
    expect(outage.wholeSecondsBefore.whole).toBe(outage.wholeSecondsBefore.of);
    expect(outage.expected).toBeGreaterThan(0);
    expect(outage.lost + outage.late).toBeGreaterThan(0);
    expect(outage.duplicates).toBe(0);
    expect(outage.localOnlyRatio).toBeCloseTo(1 / 3, 5);
    expect(outage.recoveryMs).not.toBeNull();
    // From the recovery on, every publish second delivered what it expected; during the outage some did not.
    const restart = summary.cluster?.faults.find((fault) => fault.component === 'redis' && fault.action === 'restart');
    const wholeFromEpochMs = (restart?.answeredAtEpochMs as number) + (outage.recoveryMs as number);
    const rows = publishSeconds(dir).filter((row) => (row.expectedOfPublished as number) > 0);
    expect(rows.some((row) => (row.deliveredOfPublished as number) < (row.expectedOfPublished as number) || (row.lateOfPublished as number) > 0)).toBe(true);
    const after = rows.filter((row) => (row.unixSecond as number) * 1000 >= wholeFromEpochMs);
    expect(after.length).toBeGreaterThan(0);
    for (const row of after) expect(row.deliveredOfPublished).toBe(row.expectedOfPublished);
  });

  it.each([
    ['ws', 'nginx'],
    ['socketio', 'haproxy'],
  ])('%s through %s: a node killed, every client of it back through the load balancer, re-joined and receiving its room', async (transport, lb) => {
    const { result, cwd, left } = await runMarked(['-t', transport, ...BROADCAST, '--lb', lb, '--hold', '6', '--kill', 'node:1@1s']);
    expect(left).toEqual([]);
    const { dir, summary } = summaryOf(cwd);
    const reconnection = summary.reconnection;
    expect(reconnection?.settings).toEqual({ delayMs: 1000, delayMaxMs: 5000, randomizationFactor: 0.5 });
    expect(reconnection?.clientsDropped).toBeGreaterThan(0);
    expect(reconnection?.clientsBack).toBe(reconnection?.clientsDropped);
    expect(reconnection?.timeBackMs.p100).not.toBeNull();
    expect(result.code).toBe(0);
    const nodeKill = summary.cluster?.nodeKill;
    expect(nodeKill?.survivors.map((survivor) => survivor.node)).toEqual([0, 2]);
    // The survivors took the killed node's clients.
    const connectionsAfter = (nodeKill?.survivors ?? []).reduce((sum, survivor) => sum + (survivor.after.connectionsLast ?? 0), 0);
    expect(connectionsAfter).toBe(36);
    // Publish seconds a second after the last client came back: every member, the returned ones in their rooms again, got every message.
    const backBySecond = (1000 + (reconnection?.timeBackMs.p100 as number)) / 1000 + 1;
    const after = publishSeconds(dir).filter((row) => (row.second as number) >= Math.ceil(backBySecond) && (row.expectedOfPublished as number) > 0);
    expect(after.length).toBeGreaterThan(0);
    for (const row of after) expect(row.deliveredOfPublished).toBe(row.expectedOfPublished);
  });
});
