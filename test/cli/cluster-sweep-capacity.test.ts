/**
 * The topology flags (--nodes, --lb, --adapter) reach every run of a sweep and every probe of a
 * capacity search: each cell is a real topology, with the real redis-server and nginx. Skipped,
 * with a message, only where a binary is absent (.ci/run installs them).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBinary } from '../../bench/cluster/external-process.js';
import type { RunConfig } from '../../bench/config/run-config.js';
import type { RunSummary } from '../../bench/summary/run-summary-types.js';
import { freshDir, readJson, runCli } from '../helpers/cli.js';

const missing = ['redis-server', 'nginx'].filter((binary) => findBinary(binary) === null);
if (missing.length > 0) console.warn(`sweep and capacity topology tests skipped: ${missing.join(', ')} not installed (apt-get install -y redis-server nginx)`);

/** run.json of every run folder under `dir` (one level down), by folder name. */
function runsUnder(dir: string): Array<{ config: RunConfig; summary: RunSummary }> {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => readJson<{ config: RunConfig; summary: RunSummary }>(path.join(dir, entry.name, 'run.json')));
}

describe.skipIf(missing.length > 0)('sweep and capacity over several server processes', () => {
  it('sweep: every cell runs 2 nodes behind nginx; socketio gets --adapter, ws keeps the relay', async () => {
    const out = path.join(freshDir(), 'sweeps');
    const result = await runCli(
      ['sweep', '-q', '--transports', 'ws,socketio', '--clients', '20', '--nodes', '2', '--adapter', 'redis-streams', '--hold', '1', '-o', out],
      { timeoutMs: 120_000 },
    );
    expect(result.code, result.stderr).toBe(0);
    const [sweepDir] = readdirSync(out);
    const runs = runsUnder(path.join(out, sweepDir as string));
    expect(runs.map((run) => [run.config.transport, run.config.cluster?.adapter]).sort()).toEqual([
      ['socketio', 'redis-streams'],
      ['ws', 'relay'],
    ]);
    for (const run of runs) {
      expect(run.config.cluster).toMatchObject({ nodes: 2, lb: 'nginx' });
      expect(run.summary.connected).toBe(20);
      expect(run.summary.cluster?.spread.connections.reduce<number>((sum, share) => sum + (share ?? 0), 0)).toBe(20);
    }
  });

  it('capacity: each probe is a topology of 3 nodes', async () => {
    const out = path.join(freshDir(), 'capacity');
    const result = await runCli(
      [
        'capacity',
        '-q',
        '-t',
        'ws',
        '--objective',
        'burst',
        '--nodes',
        '3',
        '--lb',
        'none',
        '--start-clients',
        '30',
        '--max-clients',
        '60',
        '--repeat',
        '1',
        '--hold',
        '1',
        '-o',
        out,
      ],
      { timeoutMs: 120_000 },
    );
    expect(result.code, result.stderr).toBe(0);
    const [capacityDir] = readdirSync(out);
    const probeDirs = readdirSync(path.join(out, capacityDir as string), { withFileTypes: true }).filter((entry) => entry.isDirectory());
    expect(probeDirs.length).toBeGreaterThan(0);
    for (const probe of probeDirs) {
      for (const run of runsUnder(path.join(out, capacityDir as string, probe.name))) {
        expect(run.config.cluster).toMatchObject({ nodes: 3, lb: 'none' });
        expect(run.summary.cluster?.perNode).toHaveLength(3);
      }
    }
  });
});
