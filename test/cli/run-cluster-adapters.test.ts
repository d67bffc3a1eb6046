/**
 * Every Socket.IO adapter bench runs, with its real broker started and stopped by bench: PostgreSQL
 * (@socket.io/postgres-adapter), nats-server (@mickl/socket.io-nats-adapter), RabbitMQ
 * (ms-socket.io-adapter-amqp) and node:cluster
 * (@socket.io/cluster-adapter, no broker). Three nodes, the broadcast workload across them, the
 * broker killed and restarted; each run checks that no process it started is left. Redis's adapters
 * are in run-cluster-faults.test.ts. Skipped, with a message, only where a binary is absent.
 */
import path from 'node:path';
import os from 'node:os';
import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findBinary } from '../../bench/cluster/external-process.js';
import { runMarked, summaryOf } from '../helpers/cluster-run.js';

const BINARIES: Record<string, string[]> = { postgres: ['initdb', 'postgres'], nats: ['nats-server'], amqp: ['epmd', 'rabbitmq-server'], cluster: [] };
const missingFor = (adapter: string): string[] => (BINARIES[adapter] ?? []).filter((binary) => findBinary(binary) === null);
for (const adapter of Object.keys(BINARIES)) {
  const missing = missingFor(adapter);
  if (missing.length > 0)
    console.warn(`--adapter ${adapter} tests skipped: ${missing.join(', ')} not installed (apt-get install -y postgresql nats-server rabbitmq-server)`);
}

/** The adapters among `adapters` whose brokers are installed; the others are skipped, said once above. */
const runnable = <T extends string | [string, ...unknown[]]>(cases: T[]): T[] =>
  cases.filter((each) => missingFor(typeof each === 'string' ? each : each[0]).length === 0);

/** PostgreSQL's data folders as root: under the system's temp folder, not the run folder. */
const postgresTempFolders = (): string[] => readdirSync(os.tmpdir()).filter((name) => name.startsWith('bench-postgres-'));

/** The component each adapter syncs through, as --kill and summary.cluster.broker name it. */
const BROKER_OF: Record<string, string> = { postgres: 'postgres', nats: 'nats', amqp: 'rabbitmq', cluster: 'primary' };

// Four rooms over three nodes with --lb none: client c on node c mod 3 and in room c mod 4, so every
// room has members on every node and a message must cross nodes to reach them all.
const BROADCAST = ['-t', 'socketio', '--mode', 'broadcast', '-c', '36', '--nodes', '3', '--rooms', '4', '--lb', 'none'];

describe('Socket.IO adapters with their brokers', () => {
  it.each(runnable(['postgres', 'nats', 'amqp', 'cluster']))(
    '--adapter %s: every member gets every message once, across nodes; the broker sampled; nothing left',
    async (adapter) => {
      const tempBefore = postgresTempFolders();
      const { result, cwd, left } = await runMarked([...BROADCAST, '--adapter', adapter, '--hold', '2']);
      expect(left).toEqual([]);
      expect(result.code, result.stderr).toBe(0);
      const { dir, summary } = summaryOf(cwd);
      expect(summary.cluster?.adapter).toBe(adapter);
      const cast = summary.broadcast;
      expect(cast?.expected).toBeGreaterThan(0);
      expect(cast?.delivered).toBe(cast?.expected);
      expect(cast?.duplicates).toBe(0);
      const broker = summary.cluster?.broker;
      expect(broker?.name).toBe(BROKER_OF[adapter]);
      expect(broker?.steadyRssBytes).toBeGreaterThan(0);
      // The nodes of the cluster adapter are the primary's workers: separate processes, each sampled by its own PID.
      const pids = summary.cluster?.perNode.map((node) => node.pid) ?? [];
      expect(new Set([...pids, broker?.pid]).size).toBe(4);
      // PostgreSQL's and RabbitMQ's data live in the run folder only while the run does.
      expect(existsSync(path.join(dir, 'postgres-data'))).toBe(false);
      expect(existsSync(path.join(dir, 'rabbitmq'))).toBe(false);
      expect(postgresTempFolders().filter((name) => !tempBefore.includes(name))).toEqual([]);
    },
  );

  // RabbitMQ takes seconds to start again (an Erlang node and its database): its hold leaves room for that and a whole second after.
  it.each(
    runnable([
      ['postgres', '7'],
      ['nats', '7'],
      ['amqp', '20'],
    ]),
  )('--adapter %s: the broker killed and restarted, the outage judged message by message and whole again after it', async (adapter, hold) => {
    const broker = BROKER_OF[adapter] as string;
    const { result, cwd, left } = await runMarked([...BROADCAST, '--adapter', adapter, '--hold', hold, '--kill', `${broker}@1.5s,restart@3s`]);
    expect(left).toEqual([]);
    expect(result.code, result.stderr).toBe(0);
    const { summary } = summaryOf(cwd);
    const outage = summary.broadcast?.brokerOutage;
    expect(outage?.broker).toBe(broker);
    expect(outage?.wholeSecondsBefore.whole).toBe(outage?.wholeSecondsBefore.of);
    expect(outage?.expected).toBeGreaterThan(0);
    // Cut off from each other, the nodes deliver to their own members only: some messages miss the others.
    expect((outage?.lost ?? 0) + (outage?.late ?? 0)).toBeGreaterThan(0);
    expect(outage?.recoveryMs).not.toBeNull();
    const restart = summary.cluster?.faults.find((fault) => fault.component === broker && fault.action === 'restart');
    expect(restart?.answeredAtMs).not.toBeNull();
  });

  it('--adapter cluster: a node killed and forked again by its primary on the same port, its clients back', async () => {
    const { result, cwd, left } = await runMarked([...BROADCAST, '--adapter', 'cluster', '--hold', '5', '--kill', 'node:1@1s,restart@2s']);
    expect(left).toEqual([]);
    expect(result.code, result.stderr).toBe(0);
    const { summary } = summaryOf(cwd);
    const restart = summary.cluster?.faults.find((fault) => fault.component === 'node:1' && fault.action === 'restart');
    expect(restart?.error).toBeNull();
    expect(restart?.answeredAtMs).not.toBeNull();
    expect(summary.reconnection?.clientsDropped).toBeGreaterThan(0);
    expect(summary.reconnection?.clientsBack).toBe(summary.reconnection?.clientsDropped);
  });
});
