/** The summary fields of a reconnect storm and of idle mode, and reconnects.csv. */
import path from 'node:path';
import type { RunConfig } from '../config/run-config.js';
import type { ReconnectRow } from '../../protocol/messages.js';
import { CsvWriter } from '../results/csv-writer.js';
import { summariseIdleCost, type IdleReadings } from '../results/idle-cost.js';
import type { SampleRow } from '../results/run-files.js';
import type { RunSummary } from '../results/run-summary.js';
import { RECONNECT_COLUMNS, reconnectCsvRow, summariseReconnection, summariseStormSamples, type ReconnectCsvRow } from '../results/storm-summary.js';
import type { ServerRestart } from './measured-server.js';

/** What the run saw of the storm and the idle hold. */
export interface StormIdleMeasurements {
  reconnectRows: readonly ReconnectRow[];
  restart: ServerRestart | null;
  /** --kill node:i: when the first node was killed; reconnection times count from it as from a restart's kill. */
  nodeKilledAtEpochMs: number | null;
  holdStartedAtEpochMs: number | null;
  stormEndedAtEpochMs: number | null;
  samples: readonly SampleRow[];
  sampledPids: number[];
  idleReadings: Partial<IdleReadings>;
  /** Clients connected and not dropped: the connections an idle hold held. */
  connectionsHeld: number;
}

/** `idle`, `reconnection` and `storm` of the summary; each null when the run did not have it. */
export function summariseStormAndIdle(config: RunConfig, measured: StormIdleMeasurements): Pick<RunSummary, 'idle' | 'reconnection' | 'storm'> {
  const { restart, holdStartedAtEpochMs } = measured;
  const killedAtEpochMs = restart?.killedAtEpochMs ?? measured.nodeKilledAtEpochMs;
  return {
    idle: config.mode === 'idle' && config.heartbeat !== null ? summariseIdleCost(measured.idleReadings, config.heartbeat, measured.connectionsHeld, measured.samples) : null,
    reconnection: config.reconnect === null ? null : summariseReconnection(measured.reconnectRows, config.reconnect, killedAtEpochMs),
    storm:
      config.restartServerAtMs === null || restart === null || holdStartedAtEpochMs === null
        ? null
        : {
            restartAtMs: config.restartServerAtMs,
            killedAtMs: restart.killedAtEpochMs - holdStartedAtEpochMs,
            serverDownMs: restart.listeningAtEpochMs === null ? null : restart.listeningAtEpochMs - restart.killedAtEpochMs,
            sampledServerPids: measured.sampledPids,
            stormMs: (measured.stormEndedAtEpochMs ?? restart.killedAtEpochMs) - restart.killedAtEpochMs,
            server: summariseStormSamples(measured.samples),
          },
  };
}

/** Writes reconnects.csv: one row per client that connected, sorted by client id. */
export async function writeReconnectsCsv(dir: string, rows: readonly ReconnectRow[], holdStartedAtEpochMs: number | null, killedAtEpochMs: number | null): Promise<void> {
  const writer = new CsvWriter<ReconnectCsvRow>(path.join(dir, 'reconnects.csv'), RECONNECT_COLUMNS);
  for (const row of [...rows].sort((a, b) => a.client - b.client)) writer.write(reconnectCsvRow(row, holdStartedAtEpochMs, killedAtEpochMs));
  await writer.close();
}
