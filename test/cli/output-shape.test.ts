/**
 * Behaviour freeze: a small run and a two-cell sweep must write the same files, the same run.json
 * and sweep.json key paths, the same --json output keys and the same CSV headers as the checked-in
 * fixture test/fixtures/run-shape.json. Values are never compared, only the shape.
 *
 * When a change to the output is deliberate, regenerate the fixture and review its diff:
 *
 *   BENCH_WRITE_SHAPE_FIXTURE=1 npx vitest run test/cli/output-shape.test.ts
 *   git diff test/fixtures/run-shape.json
 *
 * (Consider whether run.json's schemaVersion, docs/method.md and the README need to change too.)
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, freshDir, onlyRunDir, readJson, runCli } from '../helpers/cli.js';
import { csvHeader, fileTree, keyPaths } from '../helpers/output-shape.js';

const FIXTURE = path.join(FIXTURES, 'run-shape.json');
const WRITE_FIXTURE = process.env.BENCH_WRITE_SHAPE_FIXTURE === '1';

/** Maps keyed by data (error codes), not by names: their keys vary with what happened in the run. */
const RUN_JSON_OPEN_MAPS = ['summary.errors'];
const SUMMARY_OPEN_MAPS = ['errors'];

/** A run folder's name is its id (time, transport, clients, random suffix); a sweep names cell folders the same way. */
const RUN_ID = /^\d{8}-\d{6}-(ws|socketio|sockjs)-\d+-[0-9a-f]+$/;

interface OutputShape {
  run: { files: string[]; runJson: string[]; jsonOutput: string[]; csvHeaders: Record<string, string[]> };
  sweep: { files: string[]; sweepJson: string[]; jsonOutput: string[]; summaryCsv: string[]; cellRunJson: string[] };
}

async function runShape(): Promise<OutputShape['run']> {
  const cwd = freshDir();
  // A short hold with steady traffic, so steadyTraffic is filled in and round-trip.hgrm is written.
  const result = await runCli(
    ['run', '--transport', 'ws', '--clients', '20', '--workers', '1', '--hold', '1', '--messages-per-second', '5', '--json', '--quiet'],
    { cwd },
  );
  expect(result.code, result.stderr).toBe(0);
  const runDir = onlyRunDir(path.join(cwd, 'results'));
  return {
    files: fileTree(runDir),
    runJson: keyPaths(readJson(path.join(runDir, 'run.json')), RUN_JSON_OPEN_MAPS),
    jsonOutput: keyPaths(JSON.parse(result.stdout), SUMMARY_OPEN_MAPS),
    csvHeaders: {
      'connections.csv': csvHeader(path.join(runDir, 'connections.csv')),
      'samples.csv': csvHeader(path.join(runDir, 'samples.csv')),
    },
  };
}

async function sweepShape(): Promise<OutputShape['sweep']> {
  const cwd = freshDir();
  const result = await runCli(['sweep', '--transports', 'ws', '--clients', '10,20', '--hold', '0', '--workers', '1', '--json', '--quiet'], { cwd });
  expect(result.code, result.stderr).toBe(0);
  const sweepDir = onlyRunDir(path.join(cwd, 'results'));
  const sweepJson = readJson<{ cells: Array<{ runDir: string }> }>(path.join(sweepDir, 'sweep.json'));
  const firstCell = path.join(sweepDir, sweepJson.cells[0]?.runDir ?? 'no-cell');
  return {
    files: fileTree(sweepDir, (name) => (RUN_ID.test(name) ? '<run id>' : name)),
    sweepJson: keyPaths(sweepJson),
    jsonOutput: keyPaths(JSON.parse(result.stdout)),
    summaryCsv: csvHeader(path.join(sweepDir, 'summary.csv')),
    cellRunJson: keyPaths(readJson(path.join(firstCell, 'run.json')), RUN_JSON_OPEN_MAPS),
  };
}

describe('what bench writes keeps its shape', () => {
  it('a ws run with steady traffic and a two-cell sweep match test/fixtures/run-shape.json', async () => {
    const shape: OutputShape = { run: await runShape(), sweep: await sweepShape() };
    if (WRITE_FIXTURE) writeFileSync(FIXTURE, `${JSON.stringify(shape, null, 2)}\n`);
    const expected = readJson<OutputShape>(FIXTURE);
    // One assertion per part, so a failure names the file whose shape changed.
    expect(shape.run.files, 'files of a run folder').toEqual(expected.run.files);
    expect(shape.run.runJson, 'run.json key paths').toEqual(expected.run.runJson);
    expect(shape.run.jsonOutput, 'bench run --json key paths').toEqual(expected.run.jsonOutput);
    expect(shape.run.csvHeaders, 'CSV headers of a run').toEqual(expected.run.csvHeaders);
    expect(shape.sweep.files, 'files of a sweep folder').toEqual(expected.sweep.files);
    expect(shape.sweep.sweepJson, 'sweep.json key paths').toEqual(expected.sweep.sweepJson);
    expect(shape.sweep.jsonOutput, 'bench sweep --json key paths').toEqual(expected.sweep.jsonOutput);
    expect(shape.sweep.summaryCsv, 'summary.csv header').toEqual(expected.sweep.summaryCsv);
    expect(shape.sweep.cellRunJson, 'run.json key paths of a sweep cell').toEqual(expected.sweep.cellRunJson);
  });
});
