/** The worker's view of its own load: a pause the harness causes on purpose is not load. */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startHealthMonitor } from '../../../clients/worker-health.js';

/** Blocks the event loop as a forced full collection does. */
function blockFor(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // spin
  }
}

describe('startHealthMonitor', () => {
  const BLOCK_MS = 300;

  it('counts a blocked event loop in the interval it falls in', async () => {
    const health = startHealthMonitor(50);
    await sleep(30);
    blockFor(BLOCK_MS);
    await sleep(80);
    const interval = health.read();
    health.stop();
    // A lower bound: the loop cannot have been delayed less than it was blocked (minus the 10 ms resolution).
    expect(interval?.eventLoopDelayMaxMs).toBeGreaterThanOrEqual(BLOCK_MS - 20);
  });

  it('drops that pause after skip(), as the worker does after its own forced GC', async () => {
    const health = startHealthMonitor(50);
    await sleep(30);
    blockFor(BLOCK_MS);
    health.skip();
    await sleep(80);
    const interval = health.read();
    health.stop();
    expect(interval).not.toBeNull();
    expect(interval?.eventLoopDelayMaxMs).toBeLessThan(BLOCK_MS - 20);
  });
});
