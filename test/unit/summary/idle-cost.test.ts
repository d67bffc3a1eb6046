/** The idle hold's cost from known readings and samples. */
import { describe, expect, it } from 'vitest';
import { summariseIdleCost } from '../../../bench/summary/idle-cost.js';

describe('summariseIdleCost', () => {
  it('divides CPU and bytes by connections and minutes', () => {
    const usage = (cpuMicros: number, bytes: number): { cpuMicros: number; socketBytesRead: number; socketBytesWritten: number; openSockets: number } => ({
      cpuMicros,
      socketBytesRead: bytes,
      socketBytesWritten: 2 * bytes,
      openSockets: 2000,
    });
    const idle = summariseIdleCost(
      { start: usage(1e6, 100), startedAtMs: 0, end: usage(7e6, 1100), endedAtMs: 120_000 },
      { pingIntervalMs: 25_000, pingTimeoutMs: 20_000 },
      2000,
      [],
    );
    // 6 CPU-s over 2 minutes and 2 thousand connections; 3,000 bytes over 2 minutes and 2,000 connections.
    expect(idle).toMatchObject({
      serverCpuSeconds: 6,
      cpuSecondsPer1000ConnectionsPerMinute: 1.5,
      bytesPerConnectionPerMinute: 0.75,
      measuredSeconds: 120,
      rssSlopeBytesPerMinute: null,
    });
  });
});
