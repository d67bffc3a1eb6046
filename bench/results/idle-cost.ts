/** What holding connections with no traffic costs the server (idle mode): CPU, bytes on the wire, and RSS drift. */
import type { HeartbeatSettings, ServerUsage } from '../../protocol/messages.js';
import { slopeWithInterval, type SlopeWithInterval } from '../stats/linear-fit.js';
import type { SampleRow } from './run-files.js';

/** The idle hold's cost; the `summary.idle` of run.json. */
export interface IdleCost {
  /** The server's heartbeat during the hold. */
  heartbeat: HeartbeatSettings;
  /** Between the server's two readings at the hold's start and end, in seconds. */
  measuredSeconds: number;
  /** Connections held: clients connected and not dropped. The per-connection figures divide by this. */
  connections: number;
  /** Sockets the server had open at the end of the hold, by its own count. */
  serverOpenSockets: number;
  /** Server CPU time (user + system, every thread) over the hold, in seconds. */
  serverCpuSeconds: number;
  /** serverCpuSeconds / (connections / 1000) / minutes; null without connections. */
  cpuSecondsPer1000ConnectionsPerMinute: number | null;
  /** Bytes the server's sockets read and wrote over the hold (heartbeats and their answers). */
  socketBytesRead: number;
  socketBytesWritten: number;
  /** (read + written) / connections / minutes; null without connections. */
  bytesPerConnectionPerMinute: number | null;
  /** Least-squares slope of the server's RSS over the hold's samples, in bytes per minute, with its 95% interval; null with fewer than 3 samples. */
  rssSlopeBytesPerMinute: SlopeWithInterval | null;
}

/** The two readings of the server's own counters that bracket the idle hold. */
export interface IdleReadings {
  start: ServerUsage;
  startedAtMs: number;
  end: ServerUsage;
  endedAtMs: number;
}

const MS_PER_MINUTE = 60_000;

/** RSS drift over the samples labelled hold, in bytes per minute. */
export function rssSlopeOfHold(samples: ReadonlyArray<Pick<SampleRow, 'tMs' | 'rssBytes' | 'phase'>>): SlopeWithInterval | null {
  const hold = samples.filter((sample) => sample.phase === 'hold');
  const fit = slopeWithInterval(
    hold.map((sample) => sample.tMs / MS_PER_MINUTE),
    hold.map((sample) => sample.rssBytes),
  );
  return fit;
}

/** The idle cost from the two readings and the hold's samples; null when a reading is missing. */
export function summariseIdleCost(
  readings: Partial<IdleReadings>,
  heartbeat: HeartbeatSettings,
  connections: number,
  samples: ReadonlyArray<Pick<SampleRow, 'tMs' | 'rssBytes' | 'phase'>>,
): IdleCost | null {
  const { start, end, startedAtMs, endedAtMs } = readings;
  if (!start || !end || startedAtMs === undefined || endedAtMs === undefined) return null;
  const minutes = (endedAtMs - startedAtMs) / MS_PER_MINUTE;
  const serverCpuSeconds = (end.cpuMicros - start.cpuMicros) / 1e6;
  const socketBytesRead = end.socketBytesRead - start.socketBytesRead;
  const socketBytesWritten = end.socketBytesWritten - start.socketBytesWritten;
  const perConnection = connections > 0 && minutes > 0;
  return {
    heartbeat,
    measuredSeconds: (endedAtMs - startedAtMs) / 1000,
    connections,
    serverOpenSockets: end.openSockets,
    serverCpuSeconds,
    cpuSecondsPer1000ConnectionsPerMinute: perConnection ? serverCpuSeconds / (connections / 1000) / minutes : null,
    socketBytesRead,
    socketBytesWritten,
    bytesPerConnectionPerMinute: perConnection ? (socketBytesRead + socketBytesWritten) / connections / minutes : null,
    rssSlopeBytesPerMinute: rssSlopeOfHold(samples),
  };
}
