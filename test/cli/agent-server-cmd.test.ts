/** `bench agent --server-cmd name=...` and `bench run --agent-server name`: a declared command started and sampled on the box, and no other. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentRequest, processExists, startAgentProcess, startBody, waitFor, writeTestToken, type AgentProcess } from '../helpers/agent.js';
import { FIXTURES, freshDir, onlyRunDir, readCsv, readJson, runCli } from '../helpers/cli.js';
import type { FinishedRunJson, RemoteServerDescription } from '../../bench/results/run-json.js';

describe('bench agent with a declared server command', () => {
  let agent: AgentProcess;
  let token: { file: string; token: string };

  beforeAll(async () => {
    token = writeTestToken();
    const command = `CHILDREN=1 ${process.execPath} ${path.join(FIXTURES, 'user-server.mjs')}`;
    agent = await startAgentProcess([
      '--port',
      '0',
      '--token-file',
      token.file,
      '--server-cmd',
      `echo-app=${command}`,
      '--server-cmd',
      'broken=echo "Error: cannot find module app.js" >&2; exit 7',
    ]);
  });
  afterAll(async () => {
    expect(await agent.stop()).toBe(0);
  });

  it('starts the command the run names, samples its tree there, and stops all of it after', async () => {
    const cwd = freshDir();
    const result = await runCli(
      [
        'run',
        '--agent',
        agent.url,
        '--token-file',
        token.file,
        '--agent-server',
        'echo-app',
        '-t',
        'ws',
        '-c',
        '20',
        '-w',
        '1',
        '--hold',
        '1',
        '--mode',
        'connect',
        '--quiet',
      ],
      { cwd },
    );
    expect(result.stderr).toContain('ws (per-message deflate off): ok');
    expect(result.code).toBe(0);
    const runDir = onlyRunDir(path.join(cwd, 'results'));
    const runJson = readJson<FinishedRunJson>(path.join(runDir, 'run.json'));
    const server = runJson.server as RemoteServerDescription;
    expect(server).toMatchObject({ remote: true, agentServer: 'echo-app', sampled: 'process-tree' });
    expect(runJson.summary.connected).toBe(20);
    // The fixture and the child it started, summed in every sample on the box.
    expect(readCsv(path.join(runDir, 'samples.csv')).some((sample) => Number(sample.processes) >= 2)).toBe(true);
    expect(agent.log()).toContain(`started the server command "echo-app" (pid ${server.pid})`);
    expect(await waitFor(() => !processExists(server.pid), 10_000)).toBe(true);
  });

  it('a declared command that exits before it answers fails the run as measured (exit 1), with the last lines of its log on the box', async () => {
    const cwd = freshDir();
    const result = await runCli(
      ['run', '--agent', agent.url, '--token-file', token.file, '--agent-server', 'broken', '-t', 'ws', '-c', '5', '--mode', 'connect'],
      { cwd },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`the agent's server command "broken" exited with code 7 before it answered`);
    expect(result.stderr).toContain('Error: cannot find module app.js');
  });

  it('refuses a name it did not declare: exit 2 in one line before anything starts, and 403 to the request itself', async () => {
    const cwd = freshDir();
    const result = await runCli(
      ['run', '--agent', agent.url, '--token-file', token.file, '--agent-server', 'rm-rf', '-t', 'ws', '-c', '5', '--mode', 'connect'],
      { cwd },
    );
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      `bench: --agent-server rm-rf: the agent at ${agent.url} declares echo-app, broken; start it with bench agent --server-cmd rm-rf="<command>" or pick a declared name`,
    );
    expect(existsSync(path.join(cwd, 'results'))).toBe(false);

    const refused = await agentRequest(agent.url, 'POST', '/v1/servers', {
      token: token.token,
      body: { ...startBody(), userServer: { name: 'rm-rf', path: null, socketioWebsocket: true } },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toContain('no server command named "rm-rf" is declared on this agent (it declares echo-app, broken)');
    // A command in the request is no field the agent knows: it never runs what a request sends.
    const sent = await agentRequest(agent.url, 'POST', '/v1/servers', {
      token: token.token,
      body: { ...startBody(), userServer: { name: 'echo-app', path: null, socketioWebsocket: true, command: 'touch /tmp/owned' } },
    });
    expect(sent.status).toBe(400);
    expect(sent.body.error).toContain('userServer.command is not a known field');
    const info = await agentRequest(agent.url, 'GET', '/v1/info', { token: token.token });
    expect(info.body.serverCommands).toEqual(['echo-app', 'broken']);
    expect(JSON.stringify(info.body)).not.toContain('user-server.mjs');
  });
});
