/** Reading a scenario run's step-histograms.json back, checked against its schema: apart from run-folder-readers.ts, which a run's summary reads with, so that a run never loads zod. */
import { existsSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import { readJsonFile } from './run-json.js';
import { runFilePath, STEP_HISTOGRAMS_JSON } from './run-folder.js';
import { checkAgainstSchema } from './schemas/schema-check.js';
import { stepHistogramsSchema } from './schemas/step-histograms-schema.js';
import type { ScenarioPart } from '../summary/scenario.js';

/** Reads step-histograms.json of a scenario run; ConfigError naming the file when it is missing or not one. */
export function readStepHistograms(runDir: string): ScenarioPart {
  const file = runFilePath(runDir, STEP_HISTOGRAMS_JSON);
  if (!existsSync(file)) throw new ConfigError(`${file} is missing, so this scenario run's steps cannot be added exactly; give the folder its run wrote, whole`);
  const value = readJsonFile(file);
  checkAgainstSchema(stepHistogramsSchema, value, file);
  return value as ScenarioPart;
}

