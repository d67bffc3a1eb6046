/** The JSON Schemas in docs/schemas/ against the schemas bench reads its files with: npm run docs writes them, this fails when one is stale. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SCHEMAS_DIR } from '../../../../bench/docs-tables.js';
import { jsonSchemaText, PUBLISHED_SCHEMAS } from '../../../../bench/results/schemas/published-schemas.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

describe('published JSON Schemas', () => {
  it.each(PUBLISHED_SCHEMAS.map((published) => published.file))('docs/schemas/%s is what npm run docs would write', (file) => {
    const published = PUBLISHED_SCHEMAS.find((entry) => entry.file === file);
    const text = readFileSync(path.join(ROOT, SCHEMAS_DIR, file), 'utf8');
    expect(text === jsonSchemaText(published as (typeof PUBLISHED_SCHEMAS)[number]), `${file} is stale: run \`npm run docs\` and commit the result`).toBe(true);
  });

  it('declares draft 2020-12 and says which fields a summary must have', () => {
    const summary = JSON.parse(readFileSync(path.join(ROOT, SCHEMAS_DIR, 'summary.schema.json'), 'utf8')) as { $schema: string; required: string[] };
    expect(summary.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(summary.required).toEqual(expect.arrayContaining(['status', 'transport', 'clients', 'connectMs', 'loadGenerator']));
    expect(summary.required).not.toContain('broken');
  });
});
