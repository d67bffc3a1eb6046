/**
 * Result files that do not match their schema, through every command that reads them back: report,
 * compare, merge and sweep --resume. Each exits 2 with one line naming the file and the field, and
 * writes nothing (no report folder, no merged run).
 */
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, freshDir, runCli } from '../helpers/cli.js';

const SINGLE_RUN = path.join(FIXTURES, 'runs', 'single-run', '20261128-094514-ws-100-2c26');
const SWEEP = path.join(FIXTURES, 'runs', 'sweep', '20261128-094505-sweep-4-0b9c');

type Json = Record<string, unknown>;

/** A copy of the single-run fixture in a fresh folder, its run.json changed by `change`. */
function corruptRun(change: (runJson: Json & { summary: Json }) => void, name = 'run'): string {
  const dir = path.join(freshDir('bench-corrupt-'), name);
  cpSync(SINGLE_RUN, dir, { recursive: true });
  const file = path.join(dir, 'run.json');
  const runJson = JSON.parse(readFileSync(file, 'utf8')) as Json & { summary: Json };
  change(runJson);
  writeFileSync(file, JSON.stringify(runJson, null, 2));
  return dir;
}

/** The one line of stderr that names the problem. */
function problemLine(stderr: string): string {
  const lines = stderr.split('\n').filter((line) => line.includes('run.json') || line.includes('sweep.json'));
  expect(lines).toHaveLength(1);
  return lines[0] as string;
}

const CORRUPTIONS: Array<{ name: string; change: (runJson: Json & { summary: Json }) => void; field: RegExp }> = [
  {
    name: 'a figure that is a string',
    change: (runJson) => ((runJson.summary.connectMs as Json).p50 = '12'),
    field: /summary\.connectMs\.p50 must be a number; got "12"/,
  },
  {
    name: 'markup where a count belongs (once written into the page unescaped)',
    change: (runJson) => (runJson.summary.clients = '<img src=x onerror=alert(1)>'),
    field: /summary\.clients must be a number; got "<img src=x onerror=alert\(1\)>"/,
  },
  { name: 'a missing field', change: (runJson) => delete runJson.summary.connected, field: /summary\.connected is missing; it must be a number/ },
  { name: 'a wrongly typed section', change: (runJson) => (runJson.summary.loadGenerator = null), field: /summary\.loadGenerator must be an object; got null/ },
];

describe('bench report of a corrupt run.json', () => {
  it.each(CORRUPTIONS)('$name: exit 2 naming the file and the field, and no report folder', async ({ change, field }) => {
    const dir = corruptRun(change);
    const out = freshDir('bench-corrupt-report-');
    const result = await runCli(['report', dir, '--out', out]);
    expect(result.code, result.stderr).toBe(2);
    const line = problemLine(result.stderr);
    expect(line).toContain(path.join(dir, 'run.json'));
    expect(line).toMatch(field);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('bench compare of a corrupt run.json', () => {
  it('a current run.json whose figures are strings is refused (exit 2), not compared as NaN ... ok', async () => {
    const baseline = corruptRun(() => undefined, 'baseline');
    const current = corruptRun((runJson) => {
      const connectMs = runJson.summary.connectMs as Json;
      for (const key of Object.keys(connectMs)) connectMs[key] = String(connectMs[key]);
    }, 'current');
    const result = await runCli(['compare', baseline, current]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stdout + result.stderr).not.toMatch(/NaN/);
    expect(problemLine(result.stderr)).toMatch(/current\/run\.json: summary\.connectMs\.p50 must be a number; got "/);
  });
});

describe('bench merge of a corrupt shard', () => {
  it('exit 2 naming the shard file and the field, and no merged run written', async () => {
    const shard = (index: number, change: (runJson: Json & { summary: Json }) => void): string =>
      corruptRun((runJson) => {
        runJson.shard = { index, count: 2, startAt: null, rampStartedAt: null };
        change(runJson);
      }, `shard-${index}`);
    const first = shard(0, () => undefined);
    const second = shard(1, (runJson) => ((runJson.summary.server as Json).steadyRssBytes = 'lots'));
    const out = freshDir('bench-corrupt-merge-');
    const result = await runCli(['merge', first, second, '--out', out]);
    expect(result.code, result.stderr).toBe(2);
    expect(problemLine(result.stderr)).toMatch(/shard-1\/run\.json: summary\.server\.steadyRssBytes must be a number or null; got "lots"/);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('bench sweep --resume of a corrupt sweep folder', () => {
  it('a sweep.json whose cell has a wrongly typed field: exit 2 naming the file and the field, nothing run', async () => {
    const dir = path.join(freshDir('bench-corrupt-sweep-'), 'sweep');
    cpSync(SWEEP, dir, { recursive: true });
    const file = path.join(dir, 'sweep.json');
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { cells: Json[] };
    (manifest.cells[1] as Json).clients = '100';
    writeFileSync(file, JSON.stringify(manifest, null, 2));
    const before = readdirSync(dir).sort();
    const result = await runCli(['sweep', '--resume', dir]);
    expect(result.code, result.stderr).toBe(2);
    expect(problemLine(result.stderr)).toMatch(/sweep\.json: cells\[1\]\.clients must be a number; got "100"/);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it("a done cell's run.json that is corrupt: exit 2 naming it, nothing run", async () => {
    const dir = path.join(freshDir('bench-corrupt-sweep-'), 'sweep');
    cpSync(SWEEP, dir, { recursive: true });
    const manifest = JSON.parse(readFileSync(path.join(dir, 'sweep.json'), 'utf8')) as { cells: Array<{ runDir: string }> };
    const runFile = path.join(dir, (manifest.cells[0] as { runDir: string }).runDir, 'run.json');
    const runJson = JSON.parse(readFileSync(runFile, 'utf8')) as { summary: Json };
    runJson.summary.clients = Number.NaN;
    writeFileSync(runFile, JSON.stringify(runJson).replace('"clients":null', '"clients":"NaN"'));
    const result = await runCli(['sweep', '--resume', dir]);
    expect(result.code, result.stderr).toBe(2);
    expect(problemLine(result.stderr)).toMatch(/run\.json: summary\.clients must be a number; got "NaN"/);
    expect(existsSync(runFile)).toBe(true);
  });
});
