/** sweep.json's schema against SweepManifest (both ways, at compile time) and against the sweep committed as a fixture. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { sweepManifestSchema } from '../../../../bench/results/schemas/sweep-json-schema.js';
import { SWEEP_SCHEMA_VERSION, type SweepManifest } from '../../../../bench/sweep/sweep-manifest.js';
import { FIXTURES } from '../../../helpers/cli.js';

type Assignable<From, To> = [From] extends [To] ? true : false;

// runFlags are checked to be an object only (--resume checks them as flags), so they are left out of the comparison.
type WithoutFlags<T> = Omit<T, 'runFlags'>;

const checks: boolean[] = [
  true satisfies Assignable<WithoutFlags<z.infer<typeof sweepManifestSchema>>, WithoutFlags<SweepManifest>>,
  true satisfies Assignable<SweepManifest, z.input<typeof sweepManifestSchema>>,
  true satisfies Assignable<typeof SWEEP_SCHEMA_VERSION, z.infer<typeof sweepManifestSchema>['schemaVersion']>,
];

describe('sweepManifestSchema', () => {
  it('agrees with SweepManifest both ways', () => {
    expect(checks.every(Boolean)).toBe(true);
  });

  it('accepts the sweep.json of a sweep written by an earlier bench', () => {
    const file = path.join(FIXTURES, 'runs', 'sweep', '20261128-094505-sweep-4-0b9c', 'sweep.json');
    const result = sweepManifestSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    expect(result.error?.issues ?? []).toEqual([]);
  });
});
