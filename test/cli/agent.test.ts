/** `bench agent` on 127.0.0.1 and `bench run --agent` through it: real processes, real sockets. */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentRequest, processExists, startAgentProcess, startBody, waitFor, writeTestToken, type AgentProcess } from '../helpers/agent.js';
import { CLI, freshDir, onlyRunDir, readCsv, readJson, runCli, waitForRunPhase } from '../helpers/cli.js';
import type { FinishedRunJson, RemoteServerDescription } from '../../bench/results/run-json.js';
import type { RunSummary } from '../../bench/summary/run-summary-types.js';

function header(file: string): string {
  return (readFileSync(file, 'utf8').split('\n')[0] ?? '').trim();
}

describe('bench agent on 127.0.0.1', () => {
  let agent: AgentProcess;
  let token: { file: string; token: string };

  beforeAll(async () => {
    token = writeTestToken();
    agent = await startAgentProcess(['--port', '0', '--token-file', token.file]);
  });
  afterAll(async () => {
    expect(await agent.stop()).toBe(0);
  });

  it('prints its URL on stdout and binds 127.0.0.1 without saying more', () => {
    expect(agent.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(agent.log()).not.toContain('instead of 127.0.0.1');
  });

  it('runs 200 clients through the agent and writes the same files as a local run, with server memory', async () => {
    const cwd = freshDir();
    const remote = await runCli(
      ['run', '--agent', agent.url, '--token-file', token.file, '-t', 'ws', '-c', '200', '-w', '2', '--hold', '1', '--json', '--quiet'],
      { cwd },
    );
    expect(remote.stderr).toContain('ws');
    expect(remote.code).toBe(0);
    const summary = JSON.parse(remote.stdout) as RunSummary;
    expect(summary.status).toBe('ok');
    expect(summary.connected).toBe(200);
    expect(summary.target).toBeNull();
    expect(summary.server?.steadyRssBytes).toBeGreaterThan(0);
    expect(summary.server?.baselineRssBytes).toBeGreaterThan(0);

    const runDir = onlyRunDir(path.join(cwd, 'results'));
    const samples = readCsv(path.join(runDir, 'samples.csv'));
    expect(samples.length).toBeGreaterThan(2);
    expect(samples.every((sample) => Number(sample.rssBytes) > 0)).toBe(true);
    expect(samples[0]?.phase).toBe('baseline');
    expect(samples.some((sample) => sample.phase === 'hold' && Number(sample.connections) === 200)).toBe(true);
    // Placed on the workstation's timeline in the order taken.
    const times = samples.map((sample) => Number(sample.tMs));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    const runJson = readJson<FinishedRunJson>(path.join(runDir, 'run.json'));
    expect(runJson.summary).toEqual(summary);
    expect(runJson.config.agent).toEqual({ url: agent.url, tokenFile: token.file });
    expect(runJson.server).toMatchObject({ remote: true, agentUrl: agent.url });
    const server = runJson.server as RemoteServerDescription;
    expect(server.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.roundTripMs).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(server.clockOffsetMs)).toBe(true);
    expect(server.environment.nodeVersion).toBe(process.version);
    expect(JSON.stringify(runJson)).not.toContain(token.token);

    // Same files and columns as a local run of the same cell.
    const localCwd = freshDir();
    const local = await runCli(['run', '-t', 'ws', '-c', '20', '-w', '1', '--hold', '0', '--json', '--quiet'], { cwd: localCwd });
    expect(local.code).toBe(0);
    const localDir = onlyRunDir(path.join(localCwd, 'results'));
    expect(readdirSync(runDir).sort()).toEqual(readdirSync(localDir).sort());
    for (const file of ['connections.csv', 'samples.csv']) expect(header(path.join(runDir, file))).toBe(header(path.join(localDir, file)));
    expect(Object.keys(summary).sort()).toEqual(Object.keys(JSON.parse(local.stdout) as RunSummary).sort());
    expect(Object.keys(readJson(path.join(runDir, 'run.json'))).sort()).toEqual(Object.keys(readJson(path.join(localDir, 'run.json'))).sort());

    expect(agent.log()).toMatch(/started a ws server pid \d+ at ws:\/\/127\.0\.0\.1:\d+\/ for 127\.0\.0\.1:\d+/);
    expect(await waitFor(() => /stopped the ws server pid \d+: the workstation 127\.0\.0\.1:\d+ asked/.test(agent.log()), 5000)).toBe(true);
  });

  it('answers 401 to no token and to a wrong token, logs the source address, and keeps serving', async () => {
    const none = await agentRequest(agent.url, 'GET', '/v1/clock');
    expect(none.status).toBe(401);
    expect(none.body.error).toContain('missing bearer token');
    const wrong = await agentRequest(agent.url, 'POST', '/v1/servers', { token: `${token.token}x`, body: startBody() });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('wrong token');
    // The log line may reach us a moment after the reply.
    expect(await waitFor(() => /401 POST \/v1\/servers from 127\.0\.0\.1:\d+: wrong token/.test(agent.log()), 5000)).toBe(true);
    expect(agent.log()).toMatch(/401 GET \/v1\/clock from 127\.0\.0\.1:\d+: no bearer token/);
    const ok = await agentRequest(agent.url, 'GET', '/v1/clock', { token: token.token });
    expect(ok.status).toBe(200);
    expect(typeof ok.body.nowMs).toBe('number');
  });

  it('answers 413 to an oversized body and 400 to bad bodies and unknown transports, and keeps serving', async () => {
    const oversized = await agentRequest(agent.url, 'POST', '/v1/servers', { token: token.token, rawBody: 'x'.repeat(64 * 1024) });
    expect(oversized.status).toBe(413);
    expect(oversized.body.error).toContain('the limit is 16384');

    const unknown = await agentRequest(agent.url, 'POST', '/v1/servers', {
      token: token.token,
      body: { ...startBody(), options: { ...(startBody().options as object), transport: 'carrier-pigeon' } },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toContain('unknown transport "carrier-pigeon"; one of ws, socketio, sockjs');

    const notJson = await agentRequest(agent.url, 'POST', '/v1/servers', { token: token.token, rawBody: '{"options":' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toContain('not valid JSON');

    const command = await agentRequest(agent.url, 'POST', '/v1/servers', { token: token.token, body: { ...startBody(), command: 'rm -rf /' } });
    expect(command.status).toBe(400);
    expect(command.body.error).toContain('command is not a known field');

    const host = await agentRequest(agent.url, 'POST', '/v1/servers', {
      token: token.token,
      body: { ...startBody(), options: { ...(startBody().options as object), host: '0.0.0.0' } },
    });
    expect(host.status).toBe(400);
    expect(host.body.error).toContain('options.host is chosen by the agent');

    const range = await agentRequest(agent.url, 'POST', '/v1/servers', { token: token.token, body: { ...startBody(), sampleIntervalMs: 1 } });
    expect(range.status).toBe(400);
    expect(range.body.error).toContain('sampleIntervalMs must be a whole number from 10 to 60000; got 1');

    const info = await agentRequest(agent.url, 'GET', '/v1/info', { token: token.token });
    expect(info.status).toBe(200);
    expect(info.body.serverId).toBeNull();
  });

  it('answers 409 to a second server while one runs, and starts one again once it is stopped', async () => {
    const first = await agentRequest(agent.url, 'POST', '/v1/servers', { token: token.token, body: startBody('socketio') });
    expect(first.status).toBe(201);
    const id = first.body.id as string;
    const pid = first.body.pid as number;
    expect(processExists(pid)).toBe(true);

    const second = await agentRequest(agent.url, 'POST', '/v1/servers', { token: token.token, body: startBody('ws') });
    expect(second.status).toBe(409);
    expect(second.body.error).toContain(`server ${id} (pid ${pid}) is still running on this agent; one server at a time`);

    const stopped = await agentRequest(agent.url, 'DELETE', `/v1/servers/${id}`, { token: token.token });
    expect(stopped.status).toBe(200);
    expect(processExists(pid)).toBe(false);
    const gone = await agentRequest(agent.url, 'POST', `/v1/servers/${id}/sample`, { token: token.token });
    expect(gone.status).toBe(404);

    const again = await agentRequest(agent.url, 'POST', '/v1/servers', { token: token.token, body: startBody('sockjs') });
    expect(again.status).toBe(201);
    expect((await agentRequest(agent.url, 'DELETE', `/v1/servers/${again.body.id as string}`, { token: token.token })).status).toBe(200);
  });

  it('stops the server when the workstation disconnects mid-run (no orphan), then serves the next run', async () => {
    const cwd = freshDir();
    const before = agent.log().length;
    const run = spawn(
      process.execPath,
      [CLI, 'run', '--agent', agent.url, '--token-file', token.file, '-t', 'socketio', '-c', '50', '-w', '1', '--hold', '120', '--quiet'],
      { cwd, stdio: ['ignore', 'ignore', 'ignore'] },
    );
    const runExited = new Promise<void>((resolve) => run.once('exit', () => resolve()));
    let pid = 0;
    const started = await waitFor(() => {
      const match = /started a socketio server pid (\d+)/.exec(agent.log().slice(before));
      pid = match ? Number(match[1]) : 0;
      return pid > 0;
    }, 30_000);
    expect(started).toBe(true);
    expect(processExists(pid)).toBe(true);
    // Once every client has connected and the hold has begun, take the workstation away at once.
    await waitForRunPhase(cwd, 'hold');
    run.kill('SIGKILL');
    await runExited;
    expect(await waitFor(() => !processExists(pid), 15_000)).toBe(true);
    const reason = `stopped the socketio server pid ${pid}: the workstation closed the sample stream`;
    expect(await waitFor(() => agent.log().slice(before).includes(reason), 5000)).toBe(true);

    const next = await runCli(
      ['run', '--agent', agent.url, '--token-file', token.file, '-t', 'ws', '-c', '10', '-w', '1', '--hold', '0', '--json', '--quiet'],
      {
        cwd: freshDir(),
      },
    );
    expect(next.code).toBe(0);
  });

  it('fails the run with the reason when the server dies on the box, and keeps serving', async () => {
    const cwd = freshDir();
    const before = agent.log().length;
    const running = runCli(['run', '--agent', agent.url, '--token-file', token.file, '-t', 'ws', '-c', '20', '-w', '1', '--hold', '120', '--json', '--quiet'], {
      cwd,
    });
    let pid = 0;
    expect(
      await waitFor(() => {
        const match = /started a ws server pid (\d+)/.exec(agent.log().slice(before));
        pid = match ? Number(match[1]) : 0;
        return pid > 0;
      }, 30_000),
    ).toBe(true);
    // Kill it once the run is in its hold, so the run has a baseline sample and its clients.
    await waitForRunPhase(cwd, 'hold');
    process.kill(pid, 'SIGKILL');
    const result = await running;
    expect(result.code).toBe(1);
    const summary = JSON.parse(result.stdout) as { status: string; reason: string; server: { baselineRssBytes: number } | null };
    expect(summary.status).toBe('failed');
    expect(summary.reason).toMatch(/^ws server exited with signal SIGKILL during (ramp|hold) on the box/);
    expect(summary.server?.baselineRssBytes).toBeGreaterThan(0);
    expect((await agentRequest(agent.url, 'GET', '/v1/info', { token: token.token })).body.serverId).toBeNull();
  });

  it('fails the run with the reason when the token is wrong, starting nothing', async () => {
    const wrong = writeTestToken();
    const cwd = freshDir();
    const result = await runCli(['run', '--agent', agent.url, '--token-file', wrong.file, '-t', 'ws', '-c', '5', '--json', '--quiet'], { cwd });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      `answered 401 to GET /info: wrong token; the token in --token-file ${wrong.file} is not the one the agent at ${agent.url} reads`,
    );
    expect((JSON.parse(result.stdout) as { status: string }).status).toBe('failed');
  });
});

describe('bench agent lease', () => {
  it('stops a server whose workstation never opens the stream or renews the lease', async () => {
    const token = writeTestToken();
    const agent = await startAgentProcess(['--port', '0', '--token-file', token.file, '--lease-timeout', '1']);
    try {
      const started = await agentRequest(agent.url, 'POST', '/v1/servers', { token: token.token, body: startBody() });
      expect(started.status).toBe(201);
      const pid = started.body.pid as number;
      expect(await waitFor(() => !processExists(pid), 15_000)).toBe(true);
      const reason = new RegExp(`stopped the ws server pid ${pid}: no word from the workstation for \\d+ s`);
      expect(await waitFor(() => reason.test(agent.log()), 5000)).toBe(true);
      expect((await agentRequest(agent.url, 'GET', '/v1/info', { token: token.token })).body.serverId).toBeNull();
    } finally {
      await agent.stop();
    }
  });
});

describe('bench agent on another address', () => {
  it('says in one line that it is not bound to 127.0.0.1', async () => {
    const token = writeTestToken();
    const agent = await startAgentProcess(['--host', '127.0.0.2', '--port', '0', '--token-file', token.file]);
    try {
      expect(agent.url).toMatch(/^http:\/\/127\.0\.0\.2:\d+$/);
      expect(agent.log()).toContain('bound to 127.0.0.2 instead of 127.0.0.1');
      const started = await agentRequest(agent.url, 'POST', '/v1/servers', { token: token.token, body: startBody() });
      expect(started.body.url).toMatch(/^ws:\/\/127\.0\.0\.2:\d+\/$/);
      await agentRequest(agent.url, 'DELETE', `/v1/servers/${started.body.id as string}`, { token: token.token });
    } finally {
      await agent.stop();
    }
  });
});
