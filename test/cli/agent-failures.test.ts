/** Failures through `bench agent`: counted right, and an agent lost mid-run is bench's problem, not the server's. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentRequest, processExists, startAgentProcess, waitFor, writeTestToken, type AgentProcess } from '../helpers/agent.js';
import { startCliInBackground, waitForRunPhase } from '../helpers/cli.js';
import type { RunSummary } from '../../bench/summary/run-summary-types.js';

/** Starts `bench run --agent` with a long hold; resolves with its exit code, summary and stderr once it ends. */
function startRemoteRun(
  agent: AgentProcess,
  tokenFile: string,
  args: string[],
): { cwd: string; done: Promise<{ code: number | null; summary: RunSummary; stderr: string }> } {
  const run = startCliInBackground(['run', '--agent', agent.url, '--token-file', tokenFile, ...args, '--hold', '60', '--json', '--quiet']);
  return { cwd: run.cwd, done: run.done.then(({ code, stdout, stderr }) => ({ code, summary: JSON.parse(stdout) as RunSummary, stderr })) };
}

/** The PID of the server the agent started after `before` characters of its log. */
async function serverPidOf(agent: AgentProcess, before: number): Promise<number> {
  let pid = 0;
  const found = await waitFor(() => {
    const match = /started a \S+ server pid (\d+)/.exec(agent.log().slice(before));
    pid = match ? Number(match[1]) : 0;
    return pid > 0;
  }, 30_000);
  expect(found).toBe(true);
  return pid;
}

describe('bench run --agent, failures', () => {
  let agent: AgentProcess;
  let token: { file: string; token: string };

  beforeAll(async () => {
    token = writeTestToken();
    agent = await startAgentProcess(['--port', '0', '--token-file', token.file]);
  });
  afterAll(async () => {
    await agent.stop();
  });

  it('a server killed on the box under 100 ws clients: all 100 are dropped', async () => {
    const before = agent.log().length;
    const run = startRemoteRun(agent, token.file, ['-t', 'ws', '-c', '100', '-w', '2']);
    const pid = await serverPidOf(agent, before);
    await waitForRunPhase(run.cwd, 'hold');
    process.kill(pid, 'SIGKILL');
    const { code, summary, stderr } = await run.done;
    expect(code, stderr).toBe(1);
    expect(summary.connected).toBe(100);
    expect(summary.dropped).toBe(100);
  });

  it('the 401 log line names the path without its query, so a token sent there stays out of the log', async () => {
    const refused = await agentRequest(agent.url, 'GET', '/v1/clock?token=secret-in-query&x=1');
    expect(refused.status).toBe(401);
    expect(await waitFor(() => /401 GET \/v1\/clock from 127\.0\.0\.1:\d+: no bearer token/.test(agent.log()), 5000)).toBe(true);
    expect(agent.log()).not.toContain('secret-in-query');
  });
});

describe('bench run --agent, the agent lost mid-run', () => {
  it('an agent SIGKILLed during the hold: status failed, broken, exit 3, "out of reach"', async () => {
    const token = writeTestToken();
    const agent = await startAgentProcess(['--port', '0', '--token-file', token.file]);
    const run = startRemoteRun(agent, token.file, ['-t', 'ws', '-c', '20', '-w', '1']);
    const pid = await serverPidOf(agent, 0);
    await waitForRunPhase(run.cwd, 'hold');
    agent.child.kill('SIGKILL');
    const { code, summary, stderr } = await run.done;
    expect(code, stderr).toBe(3);
    expect(summary.status).toBe('failed');
    expect(summary.broken).toBe(true);
    expect(summary.reason).toContain('out of reach');
    // The agent's server goes with it (or is stopped by its own lease); either way it is no orphan of the test.
    if (processExists(pid)) process.kill(pid, 'SIGKILL');
  });
});
