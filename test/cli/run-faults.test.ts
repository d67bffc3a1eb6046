/** Faults: each ends with the files written, a clear status, and no process left behind. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { FIXTURES, freshDir, onlyRunDir, readCsv, readJson, runCli, startCliInBackground, waitForRunPhase, type BackgroundCli } from '../helpers/cli.js';
import { childPids, commandLine, isAlive, waitFor } from '../helpers/processes.js';
import type { RunSummary } from '../../bench/summary/run-summary-types.js';

/** Starts `bench run` in the background so the test can hurt it mid-run. */
function startRun(args: string[], env: NodeJS.ProcessEnv = {}): BackgroundCli {
  return startCliInBackground(['run', ...args, '--json', '--quiet'], { env });
}

/** The first child of `parent` whose command line contains `script`, once it exists. */
async function findChild(parent: number, script: string): Promise<number> {
  let found: number | undefined;
  await waitFor(() => (found = childPids(parent).find((pid) => commandLine(pid).includes(script))) !== undefined, 20_000, script);
  return found as number;
}

function expectFilesWritten(cwd: string, status: string): void {
  const runDir = onlyRunDir(path.join(cwd, 'results'));
  expect(readJson<{ status: string }>(path.join(runDir, 'run.json')).status).toBe(status);
  expect(existsSync(path.join(runDir, 'connections.csv'))).toBe(true);
  expect(existsSync(path.join(runDir, 'samples.csv'))).toBe(true);
}

async function expectNoneAlive(pids: number[]): Promise<void> {
  await waitFor(() => pids.every((pid) => !isAlive(pid)), 10_000, `processes ${pids.join(', ')} to end`);
}

describe('server killed', () => {
  it('during the ramp: status failed, the reason names signal and phase, exit 1', async () => {
    const run = startRun(['-t', 'ws', '-c', '400', '--rate', '100', '-w', '2']);
    const serverPid = await findChild(run.child.pid as number, 'server-process.js');
    await waitForRunPhase(run.cwd, 'ramp');
    const family = childPids(run.child.pid as number);
    process.kill(serverPid, 'SIGKILL');
    const { code, stdout } = await run.done;
    expect(code).toBe(1);
    const summary = JSON.parse(stdout) as RunSummary;
    expect(summary.status).toBe('failed');
    expect(summary.reason).toBe('ws server exited with signal SIGKILL during ramp');
    expect(summary.connected).toBeLessThan(400);
    expectFilesWritten(run.cwd, 'failed');
    // Every client has its row, even those never started.
    expect(readCsv(path.join(onlyRunDir(path.join(run.cwd, 'results')), 'connections.csv'))).toHaveLength(400);
    await expectNoneAlive(family);
  });

  it('during the hold: noticed before the hold would have ended', async () => {
    const run = startRun(['-t', 'socketio', '-c', '50', '--hold', '60']);
    const serverPid = await findChild(run.child.pid as number, 'server-process.js');
    await waitForRunPhase(run.cwd, 'hold');
    const family = childPids(run.child.pid as number);
    process.kill(serverPid, 'SIGKILL');
    const { code, stdout } = await run.done;
    expect(code).toBe(1);
    const summary = JSON.parse(stdout) as RunSummary;
    expect(summary.reason).toBe('socketio server exited with signal SIGKILL during hold');
    expect(summary.connected).toBe(50);
    expect(summary.wallMs).toBeLessThan(60_000);
    expectFilesWritten(run.cwd, 'failed');
    await expectNoneAlive(family);
  });
});

describe('client worker killed', () => {
  it('records its clients as worker-lost while the other worker goes on', async () => {
    const run = startRun(['-t', 'ws', '-c', '400', '--rate', '100', '-w', '2', '--hold', '0']);
    const workerPid = await findChild(run.child.pid as number, 'clients/worker.js');
    await waitForRunPhase(run.cwd, 'ramp');
    process.kill(workerPid, 'SIGKILL');
    const { code, stdout } = await run.done;
    expect(code).toBe(1);
    const summary = JSON.parse(stdout) as RunSummary;
    expect(summary.status).toBe('partial');
    expect(summary.errors['worker-lost']).toBeGreaterThan(0);
    expect(summary.connected).toBeGreaterThanOrEqual(200);
    // Every client has exactly one row, the lost worker's too: counted from the file, not from the summary's own sum.
    const clientIds = readCsv(path.join(onlyRunDir(path.join(run.cwd, 'results')), 'connections.csv')).map((row) => Number(row.client));
    expect(clientIds.length).toBe(400);
    expect(new Set(clientIds).size).toBe(400);
    expect(summary.reason).toMatch(/worker \d exited with signal SIGKILL/);
    expectFilesWritten(run.cwd, 'partial');
  });
});

describe('client worker killed during the hold', () => {
  it('drops its connections and loses its messages, so the regression check fails (it passed before)', async () => {
    const flags = ['-t', 'ws', '-c', '100', '-w', '2', '--messages-per-second', '10'];
    const baselineCwd = freshDir();
    const baseline = await runCli(['run', ...flags, '--duration', '1', '--json', '--quiet'], { cwd: baselineCwd });
    expect(baseline.code, baseline.stderr).toBe(0);
    const baselineDir = path.resolve(baselineCwd, (JSON.parse(baseline.stdout) as RunSummary).resultsDir);

    const run = startRun([...flags, '--duration', '4', '--baseline', baselineDir, '--allow-saturated']);
    const workerPid = await findChild(run.child.pid as number, 'clients/worker.js');
    await waitForRunPhase(run.cwd, 'hold');
    process.kill(workerPid, 'SIGKILL');
    const { code, stdout, stderr } = await run.done;
    const summary = JSON.parse(stdout) as RunSummary;
    expect(summary.status).toBe('partial');
    // Every client of the killed worker had connected: all 50 of its connections are dropped.
    expect(summary.dropped).toBe(50);
    // Its clients never reported their steady traffic: their messages count as lost.
    expect(summary.steadyTraffic?.lost).toBeGreaterThanOrEqual(50 * 10 * 4 * 0.5);
    expect(code, stderr).toBe(1);
    expect(stderr).toMatch(/verdict: regression in ws\/websocket\/100: .*clients \(dropped, steadyTraffic\.lost/);
  });
});

describe('signals', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s stops server and workers, writes the files with status interrupted, exits %i', async (signal, exitCode) => {
    const run = startRun(['-t', 'sockjs', '-c', '400', '--rate', '100', '-w', '2']);
    await findChild(run.child.pid as number, 'server-process.js');
    await waitForRunPhase(run.cwd, 'ramp');
    const family = childPids(run.child.pid as number);
    expect(family.length).toBeGreaterThanOrEqual(3);
    run.child.kill(signal);
    const { code, stdout, stderr } = await run.done;
    expect(code).toBe(exitCode);
    expect(stderr).toContain(`${signal} received`);
    const summary = JSON.parse(stdout) as RunSummary;
    expect(summary.status).toBe('interrupted');
    expectFilesWritten(run.cwd, 'interrupted');
    expect(readCsv(path.join(onlyRunDir(path.join(run.cwd, 'results')), 'connections.csv'))).toHaveLength(400);
    await expectNoneAlive(family);
  });

  it('a second SIGINT exits at once, and the children still go away', async () => {
    // The clean stop must still be under way when the second signal comes: this server outlasts
    // bench's grace period when asked to stop (a real one can stop before the test's next signal).
    const run = startRun(['-t', 'ws', '-c', '400', '--rate', '100'], { BENCH_SERVER_SCRIPT: path.join(FIXTURES, 'server-slow-to-stop.mjs') });
    await findChild(run.child.pid as number, 'clients/worker.js');
    await waitForRunPhase(run.cwd, 'ramp');
    const family = childPids(run.child.pid as number);
    run.child.kill('SIGINT');
    // Two signals sent back to back can arrive as one; the second must come after the first was seen.
    await waitFor(() => run.stderrSoFar().includes('SIGINT received'), 10_000, 'the first SIGINT to be handled');
    run.child.kill('SIGINT');
    const { code, stderr } = await run.done;
    expect(code).toBe(130);
    expect(stderr).toContain('second SIGINT');
    await expectNoneAlive(family);
  });

  it('leaves no process behind after a normal run', async () => {
    const run = startRun(['-t', 'ws', '-c', '50', '--hold', '1']);
    await findChild(run.child.pid as number, 'clients/worker.js');
    const family = childPids(run.child.pid as number);
    const { code } = await run.done;
    expect(code).toBe(0);
    await expectNoneAlive(family);
  });
});

describe('results that cannot be written', () => {
  it('an unwritable results folder: exit 3 (the machine, not the server) naming the path, nothing started', async () => {
    const cwd = freshDir();
    writeFileSync(path.join(cwd, 'blocker'), 'a file, not a folder');
    const result = await runCli(['run', '-t', 'ws', '-c', '5', '--out', 'blocker/results'], { cwd });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/cannot create the results folder blocker\/results\/\S+: ENOTDIR/);
    expect(result.stderr).toContain('--out');
  });

  it('a disk that fills while writing: exit 3 naming the file, run.json never half-written', async (context) => {
    const mountPoint = freshDir('bench-full-');
    mkdirSync(mountPoint, { recursive: true });
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=48k', 'tmpfs', mountPoint]);
    if (mounted.status !== 0) {
      context.skip(`cannot mount a small tmpfs here (needs root): ${String(mounted.stderr).trim()}`);
      return;
    }
    try {
      const result = await runCli(['run', '-t', 'ws', '-c', '3000', '--hold', '0', '--out', mountPoint, '--quiet']);
      expect(result.code).toBe(3);
      expect(result.stderr).toMatch(/could not write \S+(connections\.csv|samples\.csv|run\.json): ENOSPC/);
      const runDir = onlyRunDir(mountPoint);
      // Whatever run.json holds is whole JSON: the last version that could be written.
      const runJson = readJson<{ status: string }>(path.join(runDir, 'run.json'));
      expect(runJson.status).toBeDefined();
      expect(readdirSync(runDir).some((name) => name.endsWith('.tmp'))).toBe(false);
    } finally {
      spawnSync('umount', ['-l', mountPoint]);
    }
  });
});

describe('connections dropped during the hold', () => {
  it('make the run partial and are counted', async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    server.on('connection', (socket) => {
      socket.on('message', (data) => {
        socket.send(data.toString());
        setTimeout(() => socket.terminate(), 300);
      });
    });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const port = (server.address() as { port: number }).port;
    try {
      const result = await runCli(['run', '-t', 'ws', '-c', '20', '--target', `ws://127.0.0.1:${port}/`, '--hold', '1.5', '--json', '--quiet']);
      expect(result.code).toBe(1);
      const summary = JSON.parse(result.stdout) as RunSummary;
      expect(summary.status).toBe('partial');
      expect(summary.connected).toBe(20);
      expect(summary.dropped).toBe(20);
      expect(summary.reason).toContain('20 connections dropped before the run closed them');
    } finally {
      server.close();
    }
  });
});

describe('source addresses', () => {
  it('spreads clients over the --source-addresses given, and says how many', async () => {
    const seen = new Set<string>();
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    server.on('connection', (socket, request) => {
      seen.add(request.socket.remoteAddress ?? '');
      socket.on('message', (data) => socket.send(data.toString()));
    });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const port = (server.address() as { port: number }).port;
    try {
      const result = await runCli([
        'run',
        '-t',
        'ws',
        '-c',
        '20',
        '--target',
        `ws://127.0.0.1:${port}/`,
        '--source-addresses',
        '127.0.0.2,127.0.0.3',
        '--hold',
        '0',
        '--json',
        '--quiet',
      ]);
      expect(result.code).toBe(0);
      expect((JSON.parse(result.stdout) as RunSummary).sourceAddresses).toBe(2);
      expect([...seen].sort()).toEqual(['127.0.0.2', '127.0.0.3']);
    } finally {
      server.close();
    }
  });
});
