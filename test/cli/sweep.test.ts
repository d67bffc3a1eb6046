/** `bench sweep` end to end: real servers and clients, a server that gives up under load, SIGINT and --resume. */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SweepCellRecord, SweepManifest } from '../../bench/sweep/sweep-manifest.js';
import { CLI, FIXTURES, freshDir, readCsv, readJson, runCli, type CliResult } from '../helpers/cli.js';

interface SweepOutput {
  resultsDir: string;
  status: string;
  cells: number;
  counts: Record<string, number>;
  report: string | null;
}

function onlyEntry(dir: string): string {
  const entries = readdirSync(dir);
  if (entries.length !== 1) throw new Error(`expected one entry in ${dir}, found ${entries.join(', ')}`);
  return path.join(dir, entries[0] as string);
}

describe('bench sweep', () => {
  it('exits 3 when a cell could not be carried out (its server never started), not 1', async () => {
    const result = await runCli(['sweep', '--transports', 'ws', '--clients', '5', '--hold', '0', '--workers', '1', '--quiet'], {
      env: { BENCH_SERVER_SCRIPT: path.join(FIXTURES, 'server-exits-at-start.mjs') },
    });
    expect(result.code, result.stderr).toBe(3);
  });

  it('goes on past a failed cell, records why, and still writes every other cell and a report', async () => {
    const cwd = freshDir();
    const result = await runCli(['sweep', '--transports', 'ws,sockjs', '--clients', '20,40', '--hold', '1', '--workers', '2', '--report', '--json'], {
      cwd,
      env: {
        BENCH_SERVER_SCRIPT: path.join(FIXTURES, 'server-gives-up-under-load.mjs'),
        BENCH_FIXTURE_FAILING_TRANSPORT: 'sockjs',
        BENCH_FIXTURE_MAX_CONNECTIONS: '30',
      },
    });
    expect(result.code, result.stderr).toBe(1);
    const output = JSON.parse(result.stdout) as SweepOutput;
    expect(output).toMatchObject({ status: 'done', cells: 4, counts: { ok: 3, failed: 1 } });
    const sweepDir = path.join(cwd, output.resultsDir);

    const sweep = readJson<SweepManifest>(path.join(sweepDir, 'sweep.json'));
    expect(sweep.kind).toBe('sweep');
    expect(sweep.grid).toEqual({ transports: ['ws', 'sockjs'], clients: [20, 40], repeat: 1 });
    expect(sweep.runFlags).toEqual({ hold: '1', workers: '2' });
    expect(sweep.cells.map((cell) => `${cell.transport}/${cell.clients}/${cell.status}`)).toEqual(['ws/20/ok', 'sockjs/20/ok', 'ws/40/ok', 'sockjs/40/failed']);
    const failed = sweep.cells[3] as SweepCellRecord;
    expect(failed.reason).toMatch(/sockjs server exited with code 3/);
    // Every cell, the failed one too, left its own run folder with its files.
    for (const cell of sweep.cells) {
      expect(cell.runDir).not.toBeNull();
      for (const file of ['run.json', 'connections.csv', 'samples.csv']) expect(existsSync(path.join(sweepDir, cell.runDir as string, file))).toBe(true);
    }

    const rows = readCsv(path.join(sweepDir, 'summary.csv'));
    expect(rows).toHaveLength(4);
    expect(Object.keys(rows[0] ?? {})).toEqual(
      expect.arrayContaining([
        'transport',
        'clients',
        'repeat',
        'status',
        'reason',
        'connectMsP50',
        'firstMessageMsP99',
        'serverSteadyRssBytes',
        'serverBytesPerConnection',
        'wallMs',
      ]),
    );
    for (const row of rows.slice(0, 3)) {
      expect(row.status).toBe('ok');
      expect(Number(row.connectMsP50)).toBeGreaterThan(0);
      expect(Number(row.serverSteadyRssBytes)).toBeGreaterThan(0);
    }
    expect(rows[3]?.status).toBe('failed');

    expect(result.stderr).toContain('cell 1 of 4: ws 20 clients');
    expect(result.stderr).toMatch(/cell 4 of 4: sockjs 40 clients \(about [\d.]+ (s|min \d+ s) left\)/);
    expect(result.stderr).toMatch(/failed: sockjs 40 clients: sockjs server exited with code 3/);

    // The report marks the failed cell and draws the others.
    expect(output.report).not.toBeNull();
    const reportDir = path.dirname(path.join(cwd, output.report as string));
    const spec = readJson<{ layer: Array<{ encoding?: Record<string, unknown> }>; data: { values: Array<Record<string, unknown>> } }>(
      path.join(reportDir, 'charts', 'connect-time.vl.json'),
    );
    expect(spec.data.values).toContainEqual(expect.objectContaining({ series: 'sockjs', clients: 40, marker: 'failed', value: null }));
    expect(spec.data.values.filter((row) => row.marker === 'ok')).toHaveLength(3);
    const html = readFileSync(path.join(reportDir, 'index.html'), 'utf8');
    expect(html).toContain('sockjs server exited with code 3');
  });

  it('stops after SIGINT with what it measured, and --resume runs only the cells left', async () => {
    const cwd = freshDir();
    const child = spawn(process.execPath, [CLI, 'sweep', '--transports', 'ws', '--clients', '10,20,30', '--hold', '3', '--workers', '1', '--json'], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const interrupted = await new Promise<CliResult>((resolve, reject) => {
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        // The first cell is done and the second has begun: interrupt it there.
        if (stderr.includes('cell 2 of 3') && !child.killed) child.kill('SIGINT');
      });
      child.on('error', reject);
      child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
      setTimeout(() => child.kill('SIGKILL'), 90_000);
    });
    expect(interrupted.code, interrupted.stderr).toBe(130);
    const sweepDir = path.join(cwd, (JSON.parse(interrupted.stdout) as SweepOutput).resultsDir);
    const before = readJson<SweepManifest>(path.join(sweepDir, 'sweep.json'));
    expect(before.status).toBe('interrupted');
    expect(before.cells.map((cell) => cell.status)).toEqual(['ok', 'interrupted', 'pending']);
    expect(readCsv(path.join(sweepDir, 'summary.csv')).map((row) => row.status)).toEqual(['ok', 'interrupted', 'pending']);
    expect(interrupted.stderr).toContain(`resume with: bench sweep --resume ${path.relative(cwd, sweepDir)}`);

    const resumed = await runCli(['sweep', '--resume', sweepDir, '--json'], { cwd });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('resuming: 1 of 3 cells already done');
    expect(resumed.stderr).not.toContain('cell 1 of 3');
    const after = readJson<SweepManifest>(path.join(sweepDir, 'sweep.json'));
    expect(after.status).toBe('done');
    expect(after.cells.map((cell) => cell.status)).toEqual(['ok', 'ok', 'ok']);
    expect(after.cells[0]?.runDir).toBe(before.cells[0]?.runDir);
    expect(after.cells[1]?.earlierRunDirs).toEqual([before.cells[1]?.runDir]);
    expect(readCsv(path.join(sweepDir, 'summary.csv')).map((row) => `${row.clients}:${row.status}`)).toEqual(['10:ok', '20:ok', '30:ok']);
  });

  it('writes its sweep folder under --out', async () => {
    const cwd = freshDir();
    const result = await runCli(['sweep', '--transports', 'ws', '--clients', '5', '--hold', '0', '--workers', '1', '--out', 'elsewhere', '--json', '--quiet'], {
      cwd,
    });
    expect(result.code, result.stderr).toBe(0);
    const sweepDir = onlyEntry(path.join(cwd, 'elsewhere'));
    expect(path.relative(cwd, sweepDir)).toBe((JSON.parse(result.stdout) as SweepOutput).resultsDir);
    expect(existsSync(path.join(cwd, 'results'))).toBe(false);
    expect(result.stderr).not.toContain('cell 1 of 1');
  });
});
