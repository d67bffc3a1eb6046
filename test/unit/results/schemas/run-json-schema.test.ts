/** run.json's schemas against the types of bench/results/run-json.ts, and against the run folders committed as fixtures. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { RUN_SCHEMA_VERSION, type FinishedRunJson, type RunJson, type RunningRunJson, type StoredRunJson } from '../../../../bench/results/run-json.js';
import { finishedRunJsonSchema, runJsonSchema, runningRunJsonSchema, storedRunJsonSchema } from '../../../../bench/results/schemas/run-json-schema.js';
import { FIXTURES } from '../../../helpers/cli.js';

type Assignable<From, To> = [From] extends [To] ? true : false;

// config is checked to be an object only (readers take its fields as optional), so it is left out of the comparison.
type WithoutConfig<T> = T extends unknown ? Omit<T, 'config'> : never;

const checks: boolean[] = [
  true satisfies Assignable<WithoutConfig<z.infer<typeof runningRunJsonSchema>>, WithoutConfig<RunningRunJson>>,
  true satisfies Assignable<WithoutConfig<RunningRunJson>, WithoutConfig<z.input<typeof runningRunJsonSchema>>>,
  true satisfies Assignable<WithoutConfig<z.infer<typeof finishedRunJsonSchema>>, WithoutConfig<FinishedRunJson>>,
  true satisfies Assignable<WithoutConfig<FinishedRunJson>, WithoutConfig<z.input<typeof finishedRunJsonSchema>>>,
  true satisfies Assignable<WithoutConfig<RunJson>, WithoutConfig<z.input<typeof runJsonSchema>>>,
  true satisfies Assignable<WithoutConfig<z.infer<typeof storedRunJsonSchema>>, WithoutConfig<StoredRunJson>>,
  true satisfies Assignable<WithoutConfig<StoredRunJson>, WithoutConfig<z.input<typeof storedRunJsonSchema>>>,
  true satisfies Assignable<typeof RUN_SCHEMA_VERSION, z.infer<typeof storedRunJsonSchema>['schemaVersion']>,
];

/** Every run.json under the fixtures folder. */
function fixtureRunFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return fixtureRunFiles(full);
    return name === 'run.json' ? [full] : [];
  });
}

describe('run.json schemas', () => {
  it('agree with the types of run-json.ts both ways', () => {
    expect(checks.every(Boolean)).toBe(true);
  });

  const files = fixtureRunFiles(path.join(FIXTURES, 'runs'));

  it.each(files.map((file) => path.relative(FIXTURES, file)))('%s, written by an earlier bench, is a valid run.json', (relative) => {
    const value = JSON.parse(readFileSync(path.join(FIXTURES, relative), 'utf8')) as unknown;
    const result = runJsonSchema.safeParse(value);
    expect(result.error?.issues ?? []).toEqual([]);
    expect(storedRunJsonSchema.safeParse(value).success).toBe(true);
  });
});
