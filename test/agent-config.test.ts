/** Flags of `bench agent` and of `bench run --agent`: exit 2 with one line naming the flag or file, nothing started. */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startAgentProcess, agentRequest, writeTestToken } from './helpers/agent.js';
import { freshDir, runCli } from './helpers/cli.js';

const token = writeTestToken();
const missing = path.join(freshDir(), 'no-such.token');
const noTokenEnv = { BENCH_AGENT_TOKEN: '' };

const cases: Array<[string, string[], string]> = [
  ['malformed agent URL', ['run', '-t', 'ws', '-c', '5', '--agent', 'not a url', '--token-file', token.file], '--agent must be an absolute URL'],
  ['agent URL with the wrong scheme', ['run', '-t', 'ws', '-c', '5', '--agent', 'ws://127.0.0.1:7700', '--token-file', token.file], '--agent must use http:'],
  ['agent URL with a path', ['run', '-t', 'ws', '-c', '5', '--agent', 'http://127.0.0.1:7700/v1', '--token-file', token.file], "--agent must be the agent's base URL"],
  [
    'agent with target',
    ['run', '-t', 'ws', '-c', '5', '--agent', 'http://127.0.0.1:7700', '--token-file', token.file, '--target', 'ws://127.0.0.1:1/'],
    '--agent and --target cannot be used together',
  ],
  ['agent with host', ['run', '-t', 'ws', '-c', '5', '--agent', 'http://127.0.0.1:7700', '--token-file', token.file, '--host', '0.0.0.0'], '--host sets the address'],
  ['agent without a token', ['run', '-t', 'ws', '-c', '5', '--agent', 'http://127.0.0.1:7700'], "--agent needs the agent's token: pass --token-file"],
  ['token file missing', ['run', '-t', 'ws', '-c', '5', '--agent', 'http://127.0.0.1:7700', '--token-file', missing], `--token-file ${missing} cannot be read (ENOENT)`],
  ['token file without agent', ['run', '-t', 'ws', '-c', '5', '--token-file', token.file], '--token-file is the token for --agent'],
  ['agent without a token', ['agent', '--port', '0'], 'bench agent needs a token: pass --token-file <file>'],
  ['agent with a missing token file', ['agent', '--port', '0', '--token-file', missing], `--token-file ${missing} cannot be read (ENOENT)`],
  ['agent port out of range', ['agent', '--port', '70000', '--token-file', token.file], '--port must be a whole number from 0 to 65535'],
  ['agent lease out of range', ['agent', '--lease-timeout', '0', '--token-file', token.file], '--lease-timeout must be a number from 1'],
];

describe('bad agent flags', () => {
  it.each(cases)('%s: exit 2 with a one-line message', async (_name, args, message) => {
    const cwd = freshDir();
    const result = await runCli(args, { cwd, timeoutMs: 20_000, env: noTokenEnv });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
    expect(existsSync(path.join(cwd, 'results'))).toBe(false);
  });

  it('refuses a token shorter than 16 characters', async () => {
    const result = await runCli(['agent', '--port', '0'], { env: { BENCH_AGENT_TOKEN: 'short' }, timeoutMs: 20_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the token in BENCH_AGENT_TOKEN has 5 characters; use at least 16');
  });
});

describe('bench agent --generate-token', () => {
  it('writes a random token with mode 0600 and never overwrites one', async () => {
    const file = path.join(freshDir(), 'agent.token');
    const first = await runCli(['agent', '--generate-token', file], { timeoutMs: 20_000 });
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(`wrote a new token to ${file} (mode 0600)`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = await runCli(['agent', '--generate-token', file], { timeoutMs: 20_000 });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`--generate-token ${file} already exists`);
  });

  it('takes the token from BENCH_AGENT_TOKEN when there is no --token-file', async () => {
    const secret = 'an-environment-token-of-some-length';
    const agent = await startAgentProcess(['--port', '0'], { env: { BENCH_AGENT_TOKEN: secret } });
    try {
      expect((await agentRequest(agent.url, 'GET', '/v1/clock', { token: secret })).status).toBe(200);
      expect((await agentRequest(agent.url, 'GET', '/v1/clock', { token: token.token })).status).toBe(401);
    } finally {
      expect(await agent.stop()).toBe(0);
    }
  });
});
