/**
 * bench merge of a scenario's shards, on shard folders the test writes with known histograms: the
 * merged percentiles are those of the added histograms (never the shards' percentiles averaged),
 * the counters and fan-out rooms are summed, the clients' rows are the union.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunConfig } from '../../../bench/config/run-config.js';
import { mergeScenario } from '../../../bench/merge/merged-scenario.js';
import type { ShardRun } from '../../../bench/merge/shard-set.js';
import { writeScenarioClientsCsv, writeStepHistograms } from '../../../bench/results/run-files.js';
import type { StoredRunJson } from '../../../bench/results/run-json.js';
import type { ScenarioPart } from '../../../bench/summary/scenario.js';
import {
  createRoundTripHistogram,
  encodeHistogram,
  mergeEncodedHistograms,
  recordRoundTrip,
  roundTripPercentiles,
} from '../../../protocol/round-trip-histogram.js';
import type { Scenario, ScenarioClientRow } from '../../../protocol/scenario.js';
import { freshDir } from '../../helpers/cli.js';
import { makeSummary } from '../../helpers/summaries.js';

/** Every client sends `say` into its room and counts the others' as `chat`; `reply` is timed. */
const SCENARIO: Scenario = {
  file: '/scenarios/chat.yaml',
  name: 'chat',
  groups: [
    {
      name: 'all',
      weight: 1,
      steps: [
        { kind: 'on', name: 'chat', event: null, match: null, pattern: null, timestamp: 'at', fanOut: { from: 'say', room: 'room-{{id % 2}}', self: false } },
      ],
    },
  ],
  phases: null,
  figures: [
    { name: 'reply', kind: 'expect' },
    { name: 'chat', kind: 'on' },
  ],
  usesToken: false,
};

/** An encoded histogram of `count` values of `ms` each, and of `extra` values of `extraMs`. */
function histogramOf(count: number, ms: number, extra = 0, extraMs = 0): string {
  const histogram = createRoundTripHistogram();
  for (let index = 0; index < count; index += 1) recordRoundTrip(histogram, ms * 1000);
  for (let index = 0; index < extra; index += 1) recordRoundTrip(histogram, extraMs * 1000);
  const encoded = encodeHistogram(histogram);
  histogram.destroy();
  return encoded;
}

function clientRow(client: number, change: Partial<ScenarioClientRow> = {}): ScenarioClientRow {
  return { client, worker: 0, group: 'all', finished: true, timeouts: 0, failures: 0, unexpected: 0, end: 'run', ...change };
}

/** A shard's folder with its step-histograms.json and scenario-clients.csv, as its run wrote them. */
async function writeShard(root: string, index: number, part: ScenarioPart, rows: ScenarioClientRow[], scenario: Scenario | null = SCENARIO): Promise<ShardRun> {
  const dir = freshDir(`bench-merge-shard-${index}-`);
  await writeStepHistograms(dir, part);
  await writeScenarioClientsCsv(dir, rows);
  return {
    dir,
    runJson: { schemaVersion: 1, summary: makeSummary() } as StoredRunJson,
    shard: { index, count: 2, startAt: null, rampStartedAt: null },
    config: (scenario === null ? { outDir: root } : { scenario, outDir: root }) as RunConfig,
  };
}

const counts = (started: number, timeouts: number) => ({ started, completed: started - timeouts, timeouts, failures: 1, disconnects: 0, unexpected: 0 });

/** Shard 0 answers in 1 ms (a few in 2 ms), shard 1 in 100 ms: averaging their percentiles would give about 50 ms. */
async function twoShards(): Promise<ShardRun[]> {
  const root = freshDir('bench-merge-scenario-');
  return [
    await writeShard(
      root,
      0,
      {
        steps: [
          { name: 'reply', kind: 'expect', histogram: histogramOf(990, 1, 10, 2), ...counts(1002, 2) },
          { name: 'chat', kind: 'on', histogram: histogramOf(10, 5), started: 10, completed: 10, timeouts: 0, failures: 0, disconnects: 0, unexpected: 0 },
        ],
        fanOuts: [{ name: 'chat', rooms: [['room-0', 2, 10, 0]] }],
      },
      [clientRow(0), clientRow(2, { finished: false, timeouts: 2, end: 'server' }), clientRow(4)],
    ),
    await writeShard(
      root,
      1,
      {
        steps: [
          { name: 'reply', kind: 'expect', histogram: histogramOf(1000, 100), ...counts(1000, 0) },
          { name: 'chat', kind: 'on', histogram: histogramOf(10, 5), started: 10, completed: 10, timeouts: 0, failures: 0, disconnects: 0, unexpected: 0 },
        ],
        fanOuts: [{ name: 'chat', rooms: [['room-0', 1, 5, 0]] }],
      },
      [clientRow(5, { unexpected: 3 }), clientRow(1), clientRow(3, { end: 'left' })],
    ),
  ];
}

describe('mergeScenario', () => {
  it("takes each step's percentiles from the shards' added histograms, not their average", async () => {
    const shards = await twoShards();
    const merged = await mergeScenario(shards);
    const reply = merged?.totals.steps.reply;
    const added = mergeEncodedHistograms([histogramOf(990, 1, 10, 2), histogramOf(1000, 100)]);
    const expected = roundTripPercentiles(added);
    added.destroy();
    expect(reply).toMatchObject({ p50: expected?.p50, p90: expected?.p90, p99: expected?.p99, p999: expected?.p999, max: expected?.max });
    // Half the 2,000 replies took 1 or 2 ms: the median is 2 ms, not the ~50 ms an average of the shards' medians gives.
    expect(reply?.p50).toBeCloseTo(2, 1);
    expect(reply?.p99).toBeCloseTo(100, 0);
    expect(reply).toMatchObject({ kind: 'expect', started: 2002, completed: 2000, timeouts: 2, failures: 2, disconnects: 0 });
  });

  it("adds a fan-out's rooms before counting the pushes they should bring", async () => {
    const merged = await mergeScenario(await twoShards());
    // room-0 has 3 members over both shards, who sent 15 messages: each reaches the 2 others. Per
    // shard it would be 10 x 1 + 5 x 0 = 10.
    expect(merged?.totals.steps.chat).toMatchObject({ started: 20, completed: 20, expected: 30, missing: 10 });
    expect(merged?.totals.added.fanOuts).toEqual([{ name: 'chat', rooms: [['room-0', 3, 15, 0]] }]);
    // What the merged folder's step-histograms.json keeps adds exactly again.
    expect(merged?.totals.added.steps.map((step) => [step.name, step.started])).toEqual([
      ['reply', 2002],
      ['chat', 20],
    ]);
  });

  it("keeps every shard's clients, sorted, and sums them into the scenario's totals", async () => {
    const merged = await mergeScenario(await twoShards());
    expect(merged?.rows.map((row) => row.client)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(merged?.rows[2]).toEqual(clientRow(2, { finished: false, timeouts: 2, end: 'server' }));
    expect(merged?.clients).toEqual({
      name: 'chat',
      file: '/scenarios/chat.yaml',
      groups: { all: 6 },
      finished: 5,
      unexpected: 3,
      closedByServer: 1,
      left: 1,
      phases: null,
    });
  });

  it('is null for shards that ran no scenario', async () => {
    const shard = await writeShard(freshDir(), 0, { steps: [], fanOuts: [] }, [], null);
    expect(await mergeScenario([shard])).toBeNull();
  });

  it('refuses a shard whose step-histograms.json or scenario-clients.csv is missing or not one, naming the file', async () => {
    const missing = await twoShards();
    const histograms = path.join((missing[1] as ShardRun).dir, 'step-histograms.json');
    rmSync(histograms);
    await expect(mergeScenario(missing)).rejects.toThrow(`${histograms} is missing, so this scenario run's steps cannot be added exactly`);

    const garbled = await twoShards();
    writeFileSync(path.join((garbled[0] as ShardRun).dir, 'step-histograms.json'), JSON.stringify({ steps: [{ name: 'reply', histogram: 7 }], fanOuts: [] }));
    await expect(mergeScenario(garbled)).rejects.toThrow(/step-histograms\.json: steps\[0\]\.kind is missing/);

    const noRows = await twoShards();
    const rows = path.join((noRows[0] as ShardRun).dir, 'scenario-clients.csv');
    rmSync(rows);
    await expect(mergeScenario(noRows)).rejects.toThrow(`${rows} is missing; a scenario shard's folder needs the scenario-clients.csv its run wrote`);
  });
});
