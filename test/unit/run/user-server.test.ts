/** startUserServer against real commands: readiness by handshake, the tree sampled, the log kept, and nothing left running however it ends. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SampleRow, SamplePhase } from '../../../bench/results/file-rows.js';
import type { MeasuredServer, ServerStartContext } from '../../../bench/run/measured-server.js';
import { processTreeOf } from '../../../bench/run/process-tree.js';
import { freePortBelowEphemeralRange } from '../../../bench/run/restart-port.js';
import { startUserServer, UserServerError, type UserServerPlan } from '../../../bench/run/user-server.js';
import { FIXTURES, freshDir, readCsv } from '../../helpers/cli.js';
import { isAlive, waitFor } from '../../helpers/processes.js';

const FIXTURE = path.join(FIXTURES, 'user-server.mjs');
const started: MeasuredServer[] = [];

afterEach(async () => {
  for (const server of started.splice(0)) await server.stop();
});

async function plan(command: string, overrides: Partial<UserServerPlan> = {}): Promise<UserServerPlan> {
  const port = await freePortBelowEphemeralRange('127.0.0.1');
  const url = `ws://127.0.0.1:${port}/`;
  return {
    command,
    host: '127.0.0.1',
    port,
    stopGraceMs: 1000,
    probe: { transport: 'ws', stack: 'current', url, socketioPath: '/socket.io', socketioWebsocket: true },
    ...overrides,
  };
}

function context(runDir: string, startTimeoutMs = 10_000): ServerStartContext & { samples: SampleRow[]; setPhase(phase: string): void } {
  const samples: SampleRow[] = [];
  let phase = 'start-server';
  return {
    samples,
    setPhase: (next) => (phase = next),
    phase: () => phase,
    startTimeoutMs,
    fileLimit: null,
    exposeGc: false,
    sampleIntervalMs: 50,
    writeSample: (row) => samples.push(row),
    runDir,
  };
}

/** The PID a local server describes. */
function serverPid(server: MeasuredServer): number {
  const description = server.describe();
  if (!('pid' in description)) throw new Error('a local server describes its pid');
  return description.pid;
}

async function start(command: string, runDir: string): Promise<MeasuredServer> {
  const server = await startUserServer(await plan(command), context(runDir));
  started.push(server);
  return server;
}

describe('startUserServer', () => {
  it('waits for the handshake of a server that listens late, samples its whole tree, and stops every process of it', async () => {
    const runDir = freshDir();
    const server = await start(`LISTEN_AFTER_MS=300 CHILDREN=2 ${process.execPath} ${FIXTURE}`, runDir);
    const rootPid = serverPid(server);
    await waitFor(() => processTreeOf(rootPid).length >= 3, 5000, 'the fixture and its two children');
    const tree = processTreeOf(rootPid).map((process) => process.pid);
    server.sampler.setPhase('hold' as SamplePhase);
    await server.sampler.sampleNow();
    const last = server.sampler.samples().at(-1) as SampleRow;
    expect(last.processes).toBeGreaterThanOrEqual(3);
    expect(last.cpuTimeMs).toBeGreaterThan(0);
    expect(server.describe()).toMatchObject({ remote: false, sampled: 'process-tree', command: expect.stringContaining('LISTEN_AFTER_MS=300') });
    await server.stop();
    started.splice(0);
    for (const pid of tree) expect(isAlive(pid), `process ${pid} of the tree`).toBe(false);
    expect(readFileSync(path.join(runDir, 'server.log'), 'utf8')).toContain('user-server listening on 127.0.0.1:');
    const rows = readCsv(path.join(runDir, 'server-processes.csv'));
    expect(new Set(rows.map((row) => row.pid)).size).toBeGreaterThanOrEqual(3);
    expect(rows.some((row) => row.phase === 'hold' && Number(row.ppid) === rootPid)).toBe(true);
  });

  it('kills a server that ignores SIGTERM once the grace is over', async () => {
    const runDir = freshDir();
    const server = await startUserServer(await plan(`IGNORE_SIGTERM=1 ${process.execPath} ${FIXTURE}`, { stopGraceMs: 300 }), context(runDir));
    const tree = processTreeOf(serverPid(server)).map((process) => process.pid);
    await server.stop();
    for (const pid of tree) expect(isAlive(pid)).toBe(false);
    await waitFor(() => readFileSync(path.join(runDir, 'server.log'), 'utf8').includes('ignoring SIGTERM'), 2000, 'the log line');
  });

  it("never hands the agent's token to the command, and raises its open-file limit as bench's own server's", async () => {
    const runDir = freshDir();
    vi.stubEnv('BENCH_AGENT_TOKEN', 'secret-token-of-the-agent');
    try {
      const server = await startUserServer(
        await plan(`echo "token=[$BENCH_AGENT_TOKEN] files=$(ulimit -n)"; exec ${process.execPath} ${FIXTURE}`, { fileLimit: 1000 }),
        context(runDir),
      );
      started.push(server);
    } finally {
      vi.unstubAllEnvs();
    }
    expect(readFileSync(path.join(runDir, 'server.log'), 'utf8')).toContain('token=[] files=1000');
  });

  it('a command that exits before it answers is a UserServerError (exit 1) that quotes its log', async () => {
    const runDir = freshDir();
    const failure = await startUserServer(await plan("echo 'cannot find module app.js' >&2; exit 3"), context(runDir)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UserServerError);
    expect((failure as UserServerError).exitCode).toBe(1);
    expect((failure as Error).message).toMatch(/^the server command \(--server-cmd\) exited with code 3 before it answered at ws:\/\/127\.0\.0\.1:\d+\//);
    expect((failure as Error).message).toContain('cannot find module app.js');
  });

  it('a command that never answers is stopped after --server-start-timeout, with the last probe in the message', async () => {
    const runDir = freshDir();
    const failure = await startUserServer(await plan('echo started $$; exec sleep 30'), context(runDir, 600)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UserServerError);
    expect((failure as Error).message).toContain('did not answer a ws handshake within 0.6 s (--server-start-timeout): ECONNREFUSED');
    const pid = Number(/started (\d+)/.exec((failure as Error).message)?.[1]);
    expect(pid).toBeGreaterThan(0);
    // The shell became the sleep (exec): it was stopped with the failed wait.
    expect(isAlive(pid)).toBe(false);
  });

  it('ends unexpectedly, with the phase and the log, when the command dies after it started', async () => {
    const runDir = freshDir();
    const ctx = context(runDir);
    const server = await startUserServer(await plan(`${process.execPath} ${FIXTURE}`), ctx);
    started.push(server);
    ctx.setPhase('ramp');
    process.kill(serverPid(server), 'SIGKILL');
    const reason = await server.unexpectedEnd;
    expect(reason).toMatch(
      /^the server command \(--server-cmd\) was killed by SIGKILL during ramp; the last lines of .*server\.log:\n {2}user-server listening/,
    );
  });

  it('restarts the command on the same port, a new process tree that answers again', async () => {
    const runDir = freshDir();
    const server = await startUserServer(await plan(`${process.execPath} ${FIXTURE}`), context(runDir));
    started.push(server);
    const restart = await (server.restartable as NonNullable<MeasuredServer['restartable']>).restart();
    expect(restart.newPid).not.toBeNull();
    expect(restart.newPid).not.toBe(restart.oldPid);
    expect(isAlive(restart.oldPid)).toBe(false);
    expect(restart.listeningAtEpochMs).toBeGreaterThanOrEqual(restart.killedAtEpochMs);
    expect(serverPid(server)).toBe(restart.newPid);
  });
});
