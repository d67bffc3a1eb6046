/** Reconnection figures from known rows: time back, attempts, handshakes per second. */
import { describe, expect, it } from 'vitest';
import { RECONNECT_DEFAULTS } from '../../../protocol/reconnect-settings.js';
import { summariseReconnection } from '../../../bench/summary/reconnection.js';
import type { ReconnectRow } from '../../../protocol/messages.js';

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
