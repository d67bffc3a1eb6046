/**
 * bench merge of a scenario run's shards, on 127.0.0.1: two shards run one scenario against one
 * bench server; the merged run's step figures are those of the shards' histograms added, its
 * clients the union; a shard folder without its step-histograms.json is refused.
 */
import { cpSync, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StepSummary } from '../../bench/summary/scenario-types.js';
import type { ScenarioPart } from '../../bench/summary/scenario.js';
import { mergeEncodedHistograms, roundTripPercentiles } from '../../protocol/round-trip-histogram.js';
import { freshDir, onlyRunDir, readCsv, readJson, runCli, startLongRunningCli, type LongRunningCli } from '../helpers/cli.js';
import { runShards, type ShardOutcome } from '../helpers/shards.js';

const CLIENTS = 12;

/** Each client sends five messages at 20 a second, and times the echo of each. */
const SCENARIO = `name: echo
steps:
  - loop:
      count: 5
      rate: 20
      steps:
        - send: hello
          name: hello
        - expect: { pattern: hello }
          name: reply
`;

describe('bench merge of scenario shards', () => {
  let server: LongRunningCli | null = null;
  let shards: ShardOutcome = { results: [], runDirs: [] };
  const cwd = freshDir();

  beforeAll(async () => {
    writeFileSync(path.join(cwd, 'echo.yaml'), SCENARIO);
    server = await startLongRunningCli(['server', '-t', 'ws']);
    shards = await runShards({ count: 2, clients: CLIENTS, serverArgs: ['--target', server.url], cwd, leadMs: 6000, args: ['--scenario', 'echo.yaml'] });
  }, 100_000);

  afterAll(async () => {
    await server?.stop();
  });

  it("adds the shards' step histograms and counters, and writes the scenario's files of the merged run", async () => {
    for (const result of shards.results) expect(result.code, result.stderr).toBe(0);
    const out = path.join(cwd, 'merged');
    const result = await runCli(['merge', ...shards.runDirs, '--out', out, '--max-start-skew', '5000', '--json'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { steps: Record<string, StepSummary>; scenario: { groups: Record<string, number>; finished: number } };

    const parts = shards.runDirs.map((dir) => readJson<ScenarioPart>(path.join(dir, 'step-histograms.json')));
    const shardSteps = shards.runDirs.map((dir) => readJson<{ summary: { steps: Record<string, StepSummary> } }>(path.join(dir, 'run.json')).summary.steps);
    const added = mergeEncodedHistograms(parts.flatMap((part) => part.steps.filter((step) => step.name === 'reply').map((step) => step.histogram)));
    const expected = roundTripPercentiles(added);
    added.destroy();
    const sum = (pick: (steps: Record<string, StepSummary>) => number): number => shardSteps.reduce((total, steps) => total + pick(steps), 0);
    expect(summary.steps.reply).toMatchObject({
      kind: 'expect',
      started: sum((steps) => (steps.reply as StepSummary).started),
      completed: sum((steps) => (steps.reply as StepSummary).completed),
      timeouts: sum((steps) => (steps.reply as StepSummary).timeouts),
      p50: expected?.p50,
      p99: expected?.p99,
      max: expected?.max,
    });
    expect(summary.steps.reply?.started).toBe(CLIENTS * 5);
    expect(summary.steps.hello).toMatchObject({ kind: 'send', started: CLIENTS * 5, p99: null });
    expect(summary.scenario).toMatchObject({ groups: { all: CLIENTS } });

    const runDir = onlyRunDir(out);
    const steps = readCsv(path.join(runDir, 'steps.csv'));
    expect(steps.map((row) => row.step)).toEqual(['hello', 'reply']);
    expect(Number(steps[1]?.p99Ms)).toBe(expected?.p99);
    expect(readCsv(path.join(runDir, 'scenario-clients.csv')).map((row) => Number(row.client))).toEqual(Array.from({ length: CLIENTS }, (_, id) => id));
    const merged = readJson<ScenarioPart>(path.join(runDir, 'step-histograms.json'));
    expect(merged.steps.map((step) => [step.name, step.started])).toEqual([
      ['hello', CLIENTS * 5],
      ['reply', CLIENTS * 5],
    ]);
    // Each shard counts its seconds from its own ramp: the timeline is not merged.
    expect(existsSync(path.join(runDir, 'clients-timeline.csv'))).toBe(false);
  });

  it('refuses a shard without its step-histograms.json: exit 2, one line naming the file, nothing written', async () => {
    const copy = path.join(freshDir(), 'shard-1');
    cpSync(shards.runDirs[1] as string, copy, { recursive: true });
    rmSync(path.join(copy, 'step-histograms.json'));
    const out = freshDir('bench-merge-out-');
    const result = await runCli(['merge', shards.runDirs[0] as string, copy, '--out', out, '--max-start-skew', '5000'], { cwd });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      `bench: ${path.join(copy, 'step-histograms.json')} is missing, so this scenario run's steps cannot be added exactly; give the folder its run wrote, whole`,
    ]);
    expect(readdirSync(out)).toEqual([]);
  });
});
