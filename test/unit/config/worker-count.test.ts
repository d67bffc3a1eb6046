/** The worker count comes from the work: the fewest workers the rate, clients and steady traffic need, and run.json says why. */
import { describe, expect, it } from 'vitest';
import { resolveRunConfig } from '../../../bench/config/run-config.js';
import { chooseWorkers, type WorkerDemand } from '../../../bench/config/worker-count.js';

const demand: WorkerDemand = { transport: 'socketio', clients: 2000, concurrency: 500, ratePerSecond: 400, messagesPerSecond: 0, requested: null, cores: 8 };

describe('chooseWorkers', () => {
  it('gives one worker to 2,000 socketio clients arriving at 400/s, however many CPUs there are', () => {
    expect(chooseWorkers(demand)).toEqual({ workers: 1, reason: '1 for 400 connections/s at 500 socketio connections/s per worker' });
  });

  it('adds workers for the connection rate, per transport', () => {
    expect(chooseWorkers({ ...demand, ratePerSecond: 1200 }).workers).toBe(3);
    expect(chooseWorkers({ ...demand, transport: 'ws', ratePerSecond: 1200 }).workers).toBe(2);
  });

  it('adds workers for many open clients and for steady traffic, and names what decided', () => {
    const manyClients = chooseWorkers({ ...demand, clients: 50_000, ratePerSecond: 100 });
    expect(manyClients.workers).toBe(3);
    expect(manyClients.reason).toBe('3 for 50000 clients at 20000 per worker');
    const chatty = chooseWorkers({ ...demand, ratePerSecond: 100, messagesPerSecond: 20 });
    expect(chatty).toEqual({ workers: 4, reason: '4 for 40000 steady messages/s at 10000 per worker' });
  });

  it('never uses more workers than CPUs, and says what it needed', () => {
    expect(chooseWorkers({ ...demand, ratePerSecond: 5000, cores: 2 })).toEqual({
      workers: 2,
      reason: '2 for 5000 connections/s at 500 socketio connections/s per worker (needs 10; at most one per CPU)',
    });
  });

  it('uses one per CPU without --rate, as the ramp is then as fast as the CPUs allow', () => {
    expect(chooseWorkers({ ...demand, ratePerSecond: null, cores: 4 })).toEqual({
      workers: 4,
      reason: 'one per CPU (4): without --rate connections open as fast as the CPUs allow',
    });
  });

  it('takes --workers as given, capped by clients or concurrency', () => {
    expect(chooseWorkers({ ...demand, requested: 3 })).toEqual({ workers: 3, reason: '--workers 3' });
    expect(chooseWorkers({ ...demand, clients: 2, requested: 3 })).toEqual({ workers: 2, reason: '--workers 3, capped at 2 by its 2 clients' });
    expect(chooseWorkers({ ...demand, concurrency: 2, requested: 3 })).toEqual({ workers: 2, reason: '--workers 3, capped at 2 by --concurrency' });
  });
});

describe('resolveRunConfig', () => {
  it("chooses a shard's workers for its own share of the clients and of the rate", () => {
    // 4,000 ws clients at 1,200/s over 2 shards: each opens 2,000 at 600/s, which one worker can (the whole run would need 2).
    const shard = resolveRunConfig({ transport: 'ws', clients: '4000', rate: '1200', shard: '1/2', target: 'ws://127.0.0.1:1/' });
    expect(shard).toMatchObject({ workers: 1, workersReason: '1 for 600 connections/s at 1000 ws connections/s per worker' });
    const oneClientEach = resolveRunConfig({ transport: 'ws', clients: '4', workers: '3', shard: '0/4', target: 'ws://127.0.0.1:1/' });
    expect(oneClientEach).toMatchObject({ workers: 1, workersReason: '--workers 3, capped at 1 by its 1 clients' });
  });

  it('records the worker count and why', () => {
    const chosen = resolveRunConfig({ transport: 'socketio', clients: '2000', rate: '400' });
    expect(chosen).toMatchObject({ workers: 1, requestedWorkers: null, workersReason: '1 for 400 connections/s at 500 socketio connections/s per worker' });
    const given = resolveRunConfig({ transport: 'ws', clients: '10', workers: '2' });
    expect(given).toMatchObject({ workers: 2, requestedWorkers: 2, workersReason: '--workers 2' });
  });
});
