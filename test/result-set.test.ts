/** Reading finished results from disk: which runs count, and what is left out. */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupCells, loadRuns } from '../bench/result-set.js';
import { FIXTURES, freshDir } from './helpers/cli.js';

const SINGLE_RUN = path.join(FIXTURES, 'runs', 'single-run', '20261128-094514-ws-100-2c26');

function copyRun(into: string, name: string, edit?: (runJson: Record<string, unknown>) => void): void {
  const dir = path.join(into, name);
  cpSync(SINGLE_RUN, dir, { recursive: true });
  if (!edit) return;
  const file = path.join(dir, 'run.json');
  const runJson = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit(runJson);
  writeFileSync(file, JSON.stringify(runJson));
}

describe('loadRuns', () => {
  it('leaves out attempts that never finished or were interrupted, and says which', () => {
    const folder = freshDir('bench-runs-');
    copyRun(folder, 'a-finished');
    copyRun(folder, 'b-killed', (runJson) => {
      delete runJson.summary;
      runJson.status = 'running';
    });
    copyRun(folder, 'c-interrupted', (runJson) => {
      runJson.status = 'interrupted';
    });
    const skipped: string[] = [];
    const runs = loadRuns(folder, skipped);
    expect(runs.map((run) => path.basename(run.source))).toEqual(['a-finished']);
    expect(skipped.map((dir) => path.basename(dir))).toEqual(['b-killed', 'c-interrupted']);
    expect(groupCells(runs)).toHaveLength(1);
  });

  it('says so when no finished run is left', () => {
    const folder = freshDir('bench-runs-');
    copyRun(folder, 'a', (runJson) => (runJson.status = 'interrupted'));
    copyRun(folder, 'b', (runJson) => (runJson.status = 'interrupted'));
    expect(() => loadRuns(folder)).toThrow(/holds no finished run/);
  });

  it('reports the problem of a single run folder rather than skipping it', () => {
    const folder = freshDir('bench-runs-');
    copyRun(folder, 'only', (runJson) => {
      delete runJson.summary;
      runJson.status = 'running';
    });
    expect(() => loadRuns(path.join(folder, 'only'))).toThrow(/never finished/);
  });
});
