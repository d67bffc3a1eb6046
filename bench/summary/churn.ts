/** --churn: churn.csv's rows and summary.churn, from the arrivals the workers reported. */
import type { ChurnRow } from '../../protocol/messages.js';
import type { ChurnCsvRow } from '../results/file-rows.js';
import type { ChurnConfig } from '../config/soak-flags.js';
import { percentiles, type Percentiles } from '../stats/stats.js';

/** summary.churn. */
export interface ChurnSummary {
  share: number;
  periodSeconds: number;
  /** Clients that left to give their place to a new one. */
  left: number;
  /** New clients that connected and answered their first message, and those that failed (by error). */
  arrived: number;
  failed: number;
  errors: Partial<Record<string, number>>;
  /** Connections churned per hour of the soak: arrivals begun over the hold, per hour. */
  perHour: number | null;
  /** The arrivals' handshakes and first messages, in ms (as connectMs and firstMessageMs of connections.csv). */
  connectMs: Percentiles | null;
  firstMessageMs: Percentiles | null;
}

/** churn.csv's rows, in the order of their time. */
export function churnCsvRows(rows: readonly ChurnRow[], holdStartedAtEpochMs: number | null): ChurnCsvRow[] {
  const start = holdStartedAtEpochMs ?? 0;
  return rows
    .map((row) => ({
      client: row.client,
      replaced: row.replaced,
      worker: row.worker,
      atMs: Math.round((row.atEpochMs - start) * 10) / 10,
      connectMs: row.connectMs,
      firstMessageMs: row.firstMessageMs,
      error: row.error,
    }))
    .sort((a, b) => a.atMs - b.atMs);
}

/** What churn did over `holdSeconds`. */
export function summariseChurn(churn: ChurnConfig, rows: readonly ChurnRow[], holdSeconds: number): ChurnSummary {
  const errors: Partial<Record<string, number>> = {};
  for (const row of rows) if (row.error !== null) errors[row.error] = (errors[row.error] ?? 0) + 1;
  const arrived = rows.filter((row) => row.error === null);
  return {
    share: churn.share,
    periodSeconds: churn.periodMs / 1000,
    left: rows.filter((row) => row.replaced !== null).length,
    arrived: arrived.length,
    failed: rows.length - arrived.length,
    errors,
    perHour: holdSeconds > 0 ? (rows.length * 3600) / holdSeconds : null,
    connectMs: percentiles(arrived.flatMap((row) => (row.connectMs === null ? [] : [row.connectMs]))),
    firstMessageMs: percentiles(arrived.flatMap((row) => (row.firstMessageMs === null ? [] : [row.firstMessageMs]))),
  };
}
