/** What holding connections with no traffic costs the server (idle mode): CPU, bytes on the wire, and RSS drift. */
import type { HeartbeatSettings } from '../../protocol/messages.js';
import type { SampleRow } from '../results/file-rows.js';
import type { SlopeWithInterval } from '../stats/linear-fit.js';
import { settledSlope } from './memory-trend.js';
import type { IdleCost, IdleReadings } from './idle-types.js';

const MS_PER_MINUTE = 60_000;

/**
 * RSS drift over the samples labelled hold, in bytes per minute: the soak's estimator (method.md,
 * "Memory over time"): the warm-up MSER-5 finds is left out, and the interval allows for
 * autocorrelated samples. Null under 5 samples after the warm-up.
 */
export function rssSlopeOfHold(samples: ReadonlyArray<Pick<SampleRow, 'tMs' | 'rssBytes' | 'phase'>>): SlopeWithInterval | null {
  const hold = samples.filter((sample) => sample.phase === 'hold').map((sample) => ({ tMs: sample.tMs, bytes: sample.rssBytes }));
  const fit = settledSlope(hold, MS_PER_MINUTE)?.fit ?? null;
  return fit === null ? null : { slope: fit.slope, low: fit.low, high: fit.high, coverage: fit.coverage, n: fit.n };
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
