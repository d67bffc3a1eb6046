/**
 * Reconnection, from what each client reported (reconnect rows): time until 50/99/100% of the
 * dropped clients were back, attempts per client, handshakes per second, clients that never came back.
 */
import type { ReconnectRow } from '../../protocol/messages.js';
import type { ReconnectSettings } from '../../protocol/reconnect-settings.js';
import type { ReconnectCsvRow } from '../results/file-rows.js';
import { percentiles } from '../stats/stats.js';
import type { ReconnectionSummary } from './reconnection-types.js';

/** Whether a dropped client counts as back: open at close, after having reopened. */
function isBack(row: ReconnectRow): boolean {
  return row.openAtClose && row.lastBackAtEpochMs !== null;
}

/** The time back of one row, from the kill when there was one, else from its first drop; null when not back. */
export function timeBackOf(row: ReconnectRow, killedAtEpochMs: number | null): number | null {
  if (!isBack(row) || row.lastBackAtEpochMs === null) return null;
  const from = killedAtEpochMs ?? row.firstDropAtEpochMs;
  return from === null ? null : row.lastBackAtEpochMs - from;
}

/** A reconnects.csv row, times relative to the start of the hold. */
export function reconnectCsvRow(row: ReconnectRow, holdStartedAtEpochMs: number | null, killedAtEpochMs: number | null): ReconnectCsvRow {
  const relative = (epochMs: number | null): number | null => (epochMs === null || holdStartedAtEpochMs === null ? null : epochMs - holdStartedAtEpochMs);
  return {
    client: row.client,
    worker: row.worker,
    drops: row.drops,
    attempts: row.attempts,
    firstDropMs: relative(row.firstDropAtEpochMs),
    lastBackMs: relative(row.lastBackAtEpochMs),
    timeBackMs: timeBackOf(row, killedAtEpochMs),
    openAtClose: row.openAtClose,
  };
}

/** Nearest rank over all `total` dropped clients; a client not back ranks last, so a share not reached is null. */
function shareBack(sortedTimes: number[], total: number, percent: number): number | null {
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil((percent / 100) * total));
  return rank <= sortedTimes.length ? (sortedTimes[rank - 1] as number) : null;
}

const PEAK_BIN_MS = 100;

/** Clients back per second: mean from `fromEpochMs` (or the first back) to the last back, and the fullest 100 ms bin per second. */
function handshakeRate(backAtEpochMs: number[], fromEpochMs: number | null): { mean: number | null; peak: number } {
  if (backAtEpochMs.length === 0) return { mean: null, peak: 0 };
  const sorted = [...backAtEpochMs].sort((a, b) => a - b);
  const origin = fromEpochMs ?? (sorted[0] as number);
  const spanMs = (sorted.at(-1) as number) - origin;
  const bins = new Map<number, number>();
  for (const at of sorted) {
    const bin = Math.floor((at - origin) / PEAK_BIN_MS);
    bins.set(bin, (bins.get(bin) ?? 0) + 1);
  }
  return { mean: spanMs > 0 ? (sorted.length / spanMs) * 1000 : null, peak: Math.max(...bins.values()) * (1000 / PEAK_BIN_MS) };
}

/** The reconnection summary from every client's row; `killedAtEpochMs` null when no restart happened. */
export function summariseReconnection(rows: readonly ReconnectRow[], settings: ReconnectSettings, killedAtEpochMs: number | null): ReconnectionSummary {
  const dropped = rows.filter((row) => row.drops > 0);
  const back = dropped.filter(isBack);
  const times = back.map((row) => timeBackOf(row, killedAtEpochMs) as number).sort((a, b) => a - b);
  return {
    settings,
    clientsDropped: dropped.length,
    clientsBack: back.length,
    neverBack: dropped.length - back.length,
    attemptsPerClient: percentiles(dropped.map((row) => row.attempts)),
    attemptsTotal: dropped.reduce((sum, row) => sum + row.attempts, 0),
    timeBackFrom: killedAtEpochMs === null ? 'drop' : 'kill',
    timeBackMs: { p50: shareBack(times, dropped.length, 50), p99: shareBack(times, dropped.length, 99), p100: shareBack(times, dropped.length, 100) },
    handshakesPerSecond: handshakeRate(
      back.map((row) => row.lastBackAtEpochMs as number),
      killedAtEpochMs,
    ),
  };
}

/** A reconnects.csv row read back as a client's reconnect row, its times from the hold's start instead of the epoch (bench merge reads the shards' this way). */
export function reconnectRowOfCsv(row: ReconnectCsvRow): ReconnectRow {
  return {
    client: row.client,
    worker: row.worker,
    drops: row.drops,
    attempts: row.attempts,
    firstDropAtEpochMs: row.firstDropMs,
    lastBackAtEpochMs: row.lastBackMs,
    openAtClose: row.openAtClose,
  };
}
