/** The figures of a reconnect storm and of idle mode, computed from known data: back-off, RSS slope, time back. */
import { describe, expect, it } from 'vitest';
import { backoffDelayMs, RECONNECT_DEFAULTS } from '../protocol/reconnect-settings.js';
import { slopeWithInterval, tQuantile975 } from '../bench/stats/linear-fit.js';
import { rssSlopeOfHold, summariseIdleCost } from '../bench/summary/idle-cost.js';
import { summariseReconnection } from '../bench/summary/reconnection.js';
import { parseDurationMs } from '../bench/config/duration-flag.js';
import type { ReconnectRow } from '../protocol/messages.js';

describe('backoffDelayMs: Socket.IO Backoff formula', () => {
  it('doubles from the delay up to the maximum without jitter', () => {
    const settings = { delayMs: 1000, delayMaxMs: 5000, randomizationFactor: 0 };
    expect([0, 1, 2, 3, 4, 20, 2000].map((attempt) => backoffDelayMs(settings, attempt))).toEqual([1000, 2000, 4000, 5000, 5000, 5000, 5000]);
  });

  it('moves down for an even first decimal digit of the draw and up for an odd one, by draw x factor x delay', () => {
    // 0.25: digit 2, even: 1000 - floor(0.25 x 0.5 x 1000) = 875. 0.35: digit 3, odd: 1000 + 175.
    expect(backoffDelayMs(RECONNECT_DEFAULTS, 0, () => 0.25)).toBe(875);
    expect(backoffDelayMs(RECONNECT_DEFAULTS, 0, () => 0.35)).toBe(1175);
    // Attempt 2 (4000 ms) moved up by 0.95 x 0.5 x 4000 = 1900 is capped at 5000.
    expect(backoffDelayMs(RECONNECT_DEFAULTS, 2, () => 0.95)).toBe(5000);
  });

  it('stays within delay x (1 +- factor) for every draw', () => {
    for (let draw = 0; draw < 1; draw += 0.013) {
      const delay = backoffDelayMs(RECONNECT_DEFAULTS, 0, () => draw);
      expect(delay).toBeGreaterThanOrEqual(500);
      expect(delay).toBeLessThanOrEqual(1500);
    }
  });

  it('is 0 for every attempt with --reconnect-delay 0, even after thousands of attempts', () => {
    const settings = { delayMs: 0, delayMaxMs: 5000, randomizationFactor: 0.5 };
    expect([0, 1, 10, 5000].map((attempt) => backoffDelayMs(settings, attempt, () => 0.7))).toEqual([0, 0, 0, 0]);
  });
});

describe('slopeWithInterval: least squares with a t interval', () => {
  it('finds the exact slope of points on a line, with a zero-width interval', () => {
    const fit = slopeWithInterval([0, 1, 2, 3, 4], [10, 13, 16, 19, 22]);
    expect(fit).toMatchObject({ slope: 3, n: 5, coverage: 0.95 });
    expect(fit?.low).toBeCloseTo(3, 10);
    expect(fit?.high).toBeCloseTo(3, 10);
  });

  it('matches a hand-computed fit: x 1..5, y 2,4,5,4,5', () => {
    // Sxx = 10, Sxy = 6: slope 0.6; residual SS 2.4 over 3 df: SE = sqrt(0.8 / 10) = 0.28284; t(3) = 3.182.
    const fit = slopeWithInterval([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]);
    expect(fit?.slope).toBeCloseTo(0.6, 10);
    expect(fit?.low).toBeCloseTo(0.6 - 3.182 * Math.sqrt(0.08), 6);
    expect(fit?.high).toBeCloseTo(0.6 + 3.182 * Math.sqrt(0.08), 6);
  });

  it('needs three points and some spread in x', () => {
    expect(slopeWithInterval([1, 2], [1, 2])).toBeNull();
    expect(slopeWithInterval([1, 1, 1], [1, 2, 3])).toBeNull();
  });

  it('t quantiles: the table, then the expansion near the normal', () => {
    expect(tQuantile975(1)).toBe(12.706);
    expect(tQuantile975(30)).toBe(2.042);
    expect(tQuantile975(60)).toBeCloseTo(2.0003, 3);
    expect(tQuantile975(120)).toBeCloseTo(1.9799, 3);
  });

  it('RSS slope of the hold is per minute, from hold samples only', () => {
    const samples = [
      { tMs: 0, rssBytes: 999_999, phase: 'ramp' as const },
      ...[0, 1, 2, 3].map((minute) => ({ tMs: 60_000 + minute * 60_000, rssBytes: 1_000_000 + minute * 4096, phase: 'hold' as const })),
      { tMs: 300_000, rssBytes: 1, phase: 'close' as const },
    ];
    expect(rssSlopeOfHold(samples)?.slope).toBeCloseTo(4096, 6);
  });
});

describe('summariseIdleCost', () => {
  it('divides CPU and bytes by connections and minutes', () => {
    const usage = (cpuMicros: number, bytes: number): { cpuMicros: number; socketBytesRead: number; socketBytesWritten: number; openSockets: number } => ({
      cpuMicros,
      socketBytesRead: bytes,
      socketBytesWritten: 2 * bytes,
      openSockets: 2000,
    });
    const idle = summariseIdleCost({ start: usage(1e6, 100), startedAtMs: 0, end: usage(7e6, 1100), endedAtMs: 120_000 }, { pingIntervalMs: 25_000, pingTimeoutMs: 20_000 }, 2000, []);
    // 6 CPU-s over 2 minutes and 2 thousand connections; 3,000 bytes over 2 minutes and 2,000 connections.
    expect(idle).toMatchObject({ serverCpuSeconds: 6, cpuSecondsPer1000ConnectionsPerMinute: 1.5, bytesPerConnectionPerMinute: 0.75, measuredSeconds: 120, rssSlopeBytesPerMinute: null });
  });
});

describe('summariseReconnection', () => {
  const row = (client: number, attempts: number, backAfterMs: number | null): ReconnectRow => ({
    client,
    worker: 0,
    drops: 1,
    attempts,
    firstDropAtEpochMs: 1000 + client,
    lastBackAtEpochMs: backAfterMs === null ? null : 1000 + backAfterMs,
    openAtClose: backAfterMs !== null,
  });

  it('times back count from the kill, and a share not reached is null', () => {
    const rows = [row(0, 1, 100), row(1, 2, 300), row(2, 3, 200), row(3, 9, null)];
    const summary = summariseReconnection(rows, RECONNECT_DEFAULTS, 1000);
    expect(summary).toMatchObject({ clientsDropped: 4, clientsBack: 3, neverBack: 1, attemptsTotal: 15, timeBackFrom: 'kill' });
    // Nearest rank over 4 clients: 50% is the 2nd fastest; 99% and 100% need the 4th, which never came back.
    expect(summary.timeBackMs).toEqual({ p50: 200, p99: null, p100: null });
    expect(summary.attemptsPerClient).toMatchObject({ p50: 2, max: 9 });
    // 3 back over the 300 ms from the kill to the last one: 10 per second; each 100 ms bin holds one: 10 per second at the peak.
    expect(summary.handshakesPerSecond).toEqual({ mean: 10, peak: 10 });
  });

  it('without a kill, times back count from the first drop of each client', () => {
    const summary = summariseReconnection([row(0, 1, 100), row(10, 1, 110)], RECONNECT_DEFAULTS, null);
    expect(summary.timeBackFrom).toBe('drop');
    expect(summary.timeBackMs).toEqual({ p50: 100, p99: 100, p100: 100 });
  });

  it('clients that never dropped are not counted', () => {
    const summary = summariseReconnection([{ ...row(0, 0, null), drops: 0, openAtClose: true, firstDropAtEpochMs: null }], RECONNECT_DEFAULTS, 1000);
    expect(summary).toMatchObject({ clientsDropped: 0, neverBack: 0, timeBackMs: { p50: null, p99: null, p100: null }, attemptsPerClient: null });
  });
});

describe('parseDurationMs', () => {
  it('reads seconds, milliseconds and minutes; a bare number is seconds', () => {
    expect(['10s', '1500ms', '2m', '3', '0.5s'].map((text) => parseDurationMs('--x', text, 0, 86_400_000))).toEqual([10_000, 1500, 120_000, 3000, 500]);
  });
});
