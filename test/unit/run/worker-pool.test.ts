/** WorkerPool driven by fake workers that speak the worker protocol: no process is started. */
import { describe, expect, it } from 'vitest';
import { resolveRunConfig } from '../../../bench/config/run-config.js';
import { workerConfigsFor } from '../../../bench/run/run-engine.js';
import { WorkerPool, type PoolSink } from '../../../bench/run/worker-pool.js';
import type { ClientErrorCode, ConnectionRow, WorkerHealth } from '../../../protocol/messages.js';
import { FakeWorker } from '../../helpers/fake-workers.js';

interface Harness {
  pool: WorkerPool;
  fakes: FakeWorker[];
  rows: ConnectionRow[];
  health: Array<[number, WorkerHealth]>;
}

async function startPool(clients: number, workers: number, options: { exitOnClose?: boolean } = {}): Promise<Harness> {
  const config = resolveRunConfig({ transport: 'ws', clients: String(clients), workers: String(workers), concurrency: String(clients) });
  const fakes: FakeWorker[] = [];
  const rows: ConnectionRow[] = [];
  const health: Array<[number, WorkerHealth]> = [];
  const sink: PoolSink = { rows: (batch) => rows.push(...batch), health: (index, report) => health.push([index, report]) };
  const starting = WorkerPool.start(workerConfigsFor(config, 'ws://127.0.0.1:1'), sink, null, () => {
    const fake = new FakeWorker(1000 + fakes.length, options.exitOnClose ?? true);
    fakes.push(fake);
    return fake;
  });
  for (const fake of fakes) fake.reply({ type: 'worker-ready' });
  return { pool: await starting, fakes, rows, health };
}

function fake(harness: Pick<Harness, 'fakes'>, index: number): FakeWorker {
  const worker = harness.fakes[index];
  if (!worker) throw new Error(`no fake worker ${index}`);
  return worker;
}

function row(client: number, worker: number, error: ClientErrorCode | null = null): ConnectionRow {
  return { client, worker, transport: 'ws', queuedMs: 0, connectMs: error ? null : 2, firstMessageMs: error ? null : 1, error };
}

function startConfigs(harness: Harness): Array<{ firstClient: number; stride: number; clientCount: number }> {
  return harness.fakes.map((worker) => {
    const start = worker.received.find((message) => message.type === 'worker-start');
    if (start?.type !== 'worker-start') throw new Error('worker-start was not sent');
    return { firstClient: start.config.firstClient, stride: start.config.stride, clientCount: start.config.clientCount };
  });
}

/** True when `promise` has settled after the pending callbacks ran. */
async function hasSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true));
  await new Promise((resolve) => setImmediate(resolve));
  return settled;
}

describe('WorkerPool with fake workers', () => {
  it('splits 10 clients over 3 workers exactly, interleaved by id', async () => {
    const harness = await startPool(10, 3);
    harness.pool.startRamp();
    expect(startConfigs(harness)).toEqual([
      { firstClient: 0, stride: 3, clientCount: 4 },
      { firstClient: 1, stride: 3, clientCount: 3 },
      { firstClient: 2, stride: 3, clientCount: 3 },
    ]);
    expect(harness.pool.pids()).toEqual([1000, 1001, 1002]);
    await harness.pool.close();
    // Every client has exactly one row, none of them opened.
    expect(harness.rows.map((entry) => entry.client).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(new Set(harness.rows.map((entry) => entry.error))).toEqual(new Set(['not-started']));
    expect(harness.pool.lost).toEqual([]);
  });

  it('routes rows, progress and health to the sink and sums the counts', async () => {
    const harness = await startPool(4, 2);
    harness.pool.startRamp();
    fake(harness, 0).reply({ type: 'worker-rows', rows: [row(0, 0), row(2, 0, 'timeout')] });
    fake(harness, 1).reply({ type: 'worker-progress', opened: 2, succeeded: 1, failed: 0, dropped: 0, reconnecting: 0, left: 0 });
    fake(harness, 0).reply({ type: 'worker-progress', opened: 2, succeeded: 1, failed: 1, dropped: 0, reconnecting: 0, left: 0 });
    const health: WorkerHealth = { cpuPercent: 50, mainThreadBusyPercent: 40, eventLoopDelayP50Ms: 1, eventLoopDelayP99Ms: 2, eventLoopDelayMaxMs: 3 };
    fake(harness, 1).reply({ type: 'worker-health', health });
    expect(harness.rows).toEqual([row(0, 0), row(2, 0, 'timeout')]);
    expect(harness.health).toEqual([[1, health]]);
    expect(harness.pool.counts()).toEqual({ opened: 4, succeeded: 2, failed: 1, dropped: 0, reconnecting: 0, left: 0 });

    fake(harness, 1).reply({ type: 'worker-rows', rows: [row(1, 1)] });
    await harness.pool.close();
    // Only client 3 had no row: it alone is recorded as not started.
    expect(harness.rows.slice(3)).toEqual([
      { client: 3, worker: 1, transport: 'ws', queuedMs: null, connectMs: null, firstMessageMs: null, error: 'not-started' },
    ]);
    expect(harness.pool.counts().failed).toBe(2);
  });

  it('waits for every worker before the ramp is done, and sums their memory growth', async () => {
    const harness = await startPool(6, 3);
    harness.pool.startRamp();
    const rampDone = harness.pool.rampDone();
    fake(harness, 0).reply({ type: 'worker-ramp-done' });
    fake(harness, 2).reply({ type: 'worker-ramp-done' });
    expect(await hasSettled(rampDone)).toBe(false);
    fake(harness, 1).reply({ type: 'worker-ramp-done' });
    expect(await hasSettled(rampDone)).toBe(true);

    fake(harness, 0).reply({ type: 'worker-memory', rssAtReadyBytes: 1000, rssBytes: 5000 });
    fake(harness, 1).reply({ type: 'worker-memory', rssAtReadyBytes: 1000, rssBytes: 3000 });
    expect(harness.pool.rampRssGrowthBytes()).toBeNull();
    fake(harness, 2).reply({ type: 'worker-memory', rssAtReadyBytes: 2000, rssBytes: 2500 });
    expect(harness.pool.rampRssGrowthBytes()).toBe(4000 + 2000 + 500);
    await harness.pool.close();
  });

  it('records a worker that exits mid-run as lost, with worker-lost rows, and the run goes on', async () => {
    const harness = await startPool(6, 2);
    harness.pool.startRamp();
    const rampDone = harness.pool.rampDone();
    fake(harness, 1).reply({ type: 'worker-rows', rows: [row(1, 1)] });
    fake(harness, 1).exit(1, null);
    expect(harness.pool.lost).toEqual(['worker 1 exited with code 1']);
    expect(harness.rows.filter((entry) => entry.error === 'worker-lost').map((entry) => entry.client)).toEqual([3, 5]);
    expect(await hasSettled(rampDone)).toBe(false);

    fake(harness, 0).reply({ type: 'worker-rows', rows: [row(0, 0), row(2, 0), row(4, 0)] });
    fake(harness, 0).reply({ type: 'worker-ramp-done' });
    expect(await hasSettled(rampDone)).toBe(true);

    // Steady traffic waits only for the worker that is still there.
    const steady = harness.pool.runSteadyTraffic();
    expect(fake(harness, 0).received.map((message) => message.type)).toContain('worker-steady-start');
    expect(fake(harness, 1).received.map((message) => message.type)).not.toContain('worker-steady-start');
    const report = { histogram: 'h', sendLagHistogram: 's', sent: 10, received: 9, outOfOrder: 1 };
    fake(harness, 0).reply({ type: 'worker-steady-done', traffic: report });
    expect(await steady).toEqual([report]);

    await harness.pool.close();
    expect(harness.rows).toHaveLength(6);
    expect(harness.rows.filter((entry) => entry.error === 'not-started')).toEqual([]);
    expect(harness.pool.counts().failed).toBe(2);
  });

  it('a worker that exits when told to close is not lost; dropped comes from worker-closed', async () => {
    const harness = await startPool(2, 2);
    harness.pool.startRamp();
    fake(harness, 0).reply({ type: 'worker-rows', rows: [row(0, 0)] });
    fake(harness, 1).reply({ type: 'worker-rows', rows: [row(1, 1)] });
    fake(harness, 1).reply({ type: 'worker-closed', dropped: 1 });
    await harness.pool.close();
    expect(harness.fakes.map((worker) => worker.received.at(-1)?.type)).toEqual(['worker-close', 'worker-close']);
    expect(harness.pool.lost).toEqual([]);
    expect(harness.pool.counts().dropped).toBe(1);
    expect(harness.rows).toHaveLength(2);
  });

  it('fails to start, naming the worker, when one exits before it is ready', async () => {
    const fakes: FakeWorker[] = [];
    const config = resolveRunConfig({ transport: 'ws', clients: '2', workers: '2' });
    const sink: PoolSink = { rows: () => undefined, health: () => undefined };
    const starting = WorkerPool.start(workerConfigsFor(config, 'ws://127.0.0.1:1'), sink, null, () => {
      const worker = new FakeWorker(1, true);
      fakes.push(worker);
      return worker;
    });
    fake({ fakes }, 0).reply({ type: 'worker-ready' });
    fake({ fakes }, 1).exit(1, null);
    await expect(starting).rejects.toThrow(/^client worker 1 exited before it was ready/);
    // The other worker is killed rather than left behind.
    await new Promise((resolve) => setImmediate(resolve));
    expect(fake({ fakes }, 0).connected).toBe(false);
  });
});
