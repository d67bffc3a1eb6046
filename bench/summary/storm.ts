/** `summary.storm`: the server's kill and restart (--restart-server-at), and what the storm cost it. */
import type { SampleRow } from '../results/file-rows.js';
import type { StormMeasurements, StormSummary } from './reconnection-types.js';

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

/** The storm's summary from its times and the server's samples. */
export function summariseStorm(storm: StormMeasurements, samples: ReadonlyArray<Pick<SampleRow, 'cpuPercent' | 'rssBytes' | 'phase'>>): StormSummary {
  return {
    restartAtMs: storm.restartAtMs,
    killedAtMs: storm.killedAtEpochMs - storm.holdStartedAtEpochMs,
    serverDownMs: storm.listeningAtEpochMs === null ? null : storm.listeningAtEpochMs - storm.killedAtEpochMs,
    sampledServerPids: storm.sampledServerPids,
    stormMs: (storm.endedAtEpochMs ?? storm.killedAtEpochMs) - storm.killedAtEpochMs,
    server: summariseStormSamples(samples),
  };
}
