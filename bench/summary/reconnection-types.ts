/** Types of `summary.reconnection` and `summary.storm`: clients coming back after drops, and the server's kill and restart. */
import type { ReconnectSettings } from '../../protocol/reconnect-settings.js';
import type { Percentiles } from '../stats/stats.js';

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

/** What the run saw of one kill and restart. Times on the clients' clock (epochNowMs), in ms. */
export interface StormMeasurements {
  /** --restart-server-at, in ms after the hold began. */
  restartAtMs: number;
  holdStartedAtEpochMs: number;
  killedAtEpochMs: number;
  /** When the new server reported listening; null if it never did. */
  listeningAtEpochMs: number | null;
  /** When every client was back or the wait ended; null if the storm never ended. */
  endedAtEpochMs: number | null;
  sampledServerPids: number[];
}
