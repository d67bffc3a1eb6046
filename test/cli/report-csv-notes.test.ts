/** `bench report` of a run folder whose CSV files are missing or garbled: the report is written, and each file gets one note that says what was left out. */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, freshDir, runCli } from '../helpers/cli.js';

const RUN = path.join(FIXTURES, 'runs', 'single-run', '20261128-094514-ws-100-2c26');

describe('bench report of damaged CSV files', () => {
  it('notes a missing samples.csv and the rows of connections.csv it could not read, and still writes the report', async () => {
    const dir = path.join(freshDir(), 'run');
    cpSync(RUN, dir, { recursive: true });
    rmSync(path.join(dir, 'samples.csv'));
    const connections = path.join(dir, 'connections.csv');
    const lines = readFileSync(connections, 'utf8').trimEnd().split('\n');
    // Two rows cut short, as a crash in the middle of a write would leave them.
    writeFileSync(connections, `${[...lines, 'garbage', '17,0'].join('\n')}\n`);
    const out = path.join(freshDir(), 'reports');
    const result = await runCli(['report', dir, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`note: ${path.join(dir, 'samples.csv')} is missing; the report leaves out what it holds`);
    expect(result.stderr).toMatch(
      new RegExp(`note: ${connections.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: 2 of \\d+ rows could not be read and are left out of the report`),
    );
  });
});
