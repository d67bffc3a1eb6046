/**
 * Reconnection and the reconnect storm, from what each client reported (reconnect rows) and what
 * the run saw of its server: time until 50/99/100% of the dropped clients were back, attempts per
 * client, handshakes per second, clients that never came back, and the server during the storm.
 */
import type { ReconnectRow } from '../../protocol/messages.js';
import type { ReconnectSettings } from '../../protocol/reconnect-settings.js';
import { percentiles, type Percentiles } from '../stats/stats.js';
import type { SampleRow } from './run-files.js';

/** Time until a share of the dropped clients was back, in ms; null when fewer than that share came back. */
export interface TimeBack {
  p50: number | null;
  p99: number | null;
  p100: number | null;
}

/** `summary.reconnection` of run.json. */
export interface ReconnectionSummary {
  settings: ReconnectSettings;
  /** Clients that connected and whose connection dropped at least once before the run closed it. */
  clientsDropped: number;
  /** Of those, open again when the run closed them. */
  clientsBack: number;
  /** Of those, not open when the run closed them: they never came back. */
  neverBack: number;
  /** Reconnection attempts of each dropped client, over all its drops. */
  attemptsPerClient: Percentiles | null;
  attemptsTotal: number;
  /** 'kill': times count from the server's kill (--restart-server-at) or the first --kill node:i; 'drop': from each client's first drop. */
  timeBackFrom: 'kill' | 'drop';
  timeBackMs: TimeBack;
  /** Clients back per second: from the kill (without one, the first back) to the last back, and the busiest 100 ms of it scaled to a second. */
  handshakesPerSecond: { mean: number | null; peak: number };
}

/** `summary.storm` of run.json: the server's kill and restart. */
export interface StormSummary {
  /** --restart-server-at, in ms after the hold began. */
  restartAtMs: number;
  /** When the kill happened, in ms after the hold began. */
  killedAtMs: number;
  /** From the kill until the new server reported listening, in ms; null if it never did. */
  serverDownMs: number | null;
  /** Server processes the sampler measured, in order: the killed one, then the new one. */
  sampledServerPids: number[];
  /** From the kill until the last client was back or the wait ended, in ms. */
  stormMs: number;
  /** Server samples labelled storm (kill to the end of the storm): CPU in % of one core, RSS in bytes. */
  server: { samples: number; meanCpuPercent: number | null; maxCpuPercent: number | null; peakRssBytes: number | null };
}

/** One reconnects.csv row: a ReconnectRow with times relative to the run. */
export interface ReconnectCsvRow {
  client: number;
  worker: number;
  drops: number;
  attempts: number;
  /** First drop and last time back, in ms after the hold began. */
  firstDropMs: number | null;
  lastBackMs: number | null;
  /** From the kill (or, without one, from the first drop) until back, in ms; empty when not back. */
  timeBackMs: number | null;
  openAtClose: boolean;
}

export const RECONNECT_COLUMNS = ['client', 'worker', 'drops', 'attempts', 'firstDropMs', 'lastBackMs', 'timeBackMs', 'openAtClose'] as const;

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
    handshakesPerSecond: handshakeRate(back.map((row) => row.lastBackAtEpochMs as number), killedAtEpochMs),
  };
}

/** The server's CPU and RSS over the samples labelled storm. */
export function summariseStormSamples(samples: ReadonlyArray<Pick<SampleRow, 'cpuPercent' | 'rssBytes' | 'phase'>>): StormSummary['server'] {
  const storm = samples.filter((sample) => sample.phase === 'storm');
  if (storm.length === 0) return { samples: 0, meanCpuPercent: null, maxCpuPercent: null, peakRssBytes: null };
  let cpuSum = 0;
  let cpuMax = 0;
  let rssMax = 0;
  for (const sample of storm) {
    cpuSum += sample.cpuPercent;
    cpuMax = Math.max(cpuMax, sample.cpuPercent);
    rssMax = Math.max(rssMax, sample.rssBytes);
  }
  return { samples: storm.length, meanCpuPercent: cpuSum / storm.length, maxCpuPercent: cpuMax, peakRssBytes: rssMax };
}
