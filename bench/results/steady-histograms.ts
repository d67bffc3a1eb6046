/** histograms.json: a run's merged steady-traffic histograms, encoded, so that runs can be added exactly later (bench merge). */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { writeJsonAtomic } from './atomic-write.js';
import { ConfigError } from '../errors.js';
import { readJsonFile } from './run-json.js';

export const STEADY_HISTOGRAMS_FILE = 'histograms.json';

/** Both histograms of steady traffic, in microseconds, each HdrHistogram's compressed base64 encoding. */
export interface SteadyHistograms {
  roundTripMicros: string;
  sendLagMicros: string;
}

/** Writes histograms.json into a run folder. */
export function writeSteadyHistograms(runDir: string, histograms: SteadyHistograms): Promise<void> {
  return writeJsonAtomic(path.join(runDir, STEADY_HISTOGRAMS_FILE), histograms);
}

/** Reads histograms.json of a run folder; ConfigError naming the file when it is missing or not one. */
export function readSteadyHistograms(runDir: string): SteadyHistograms {
  const file = path.join(runDir, STEADY_HISTOGRAMS_FILE);
  if (!existsSync(file)) throw new ConfigError(`${file} is missing, so this run's steady traffic cannot be added exactly; run it again with this bench`);
  const value = readJsonFile(file) as Partial<SteadyHistograms> | null;
  if (typeof value?.roundTripMicros !== 'string' || typeof value.sendLagMicros !== 'string') {
    throw new ConfigError(`${file} does not hold roundTripMicros and sendLagMicros histograms`);
  }
  return { roundTripMicros: value.roundTripMicros, sendLagMicros: value.sendLagMicros };
}
