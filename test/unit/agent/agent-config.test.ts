/** Flags of `bench agent`: resolveAgentOptions and the token file, one line naming the flag or file. (`bench run --agent`: test/unit/config/run-config.test.ts.) */
import { statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAgentOptions, type AgentOptionsInput } from '../../../bench/agent/agent-config.js';
import { generateTokenFile } from '../../../bench/agent/token.js';
import { agentRequest, startAgentProcess, writeTestToken } from '../../helpers/agent.js';
import { freshDir, runCli } from '../../helpers/cli.js';
import { expectConfigError } from '../../helpers/config-errors.js';

const token = writeTestToken();
const missing = path.join(freshDir(), 'no-such.token');

const cases: Array<[string, AgentOptionsInput, string]> = [
  ['agent without a token', { port: '0' }, 'bench agent needs a token: pass --token-file <file>'],
  ['agent with a missing token file', { port: '0', tokenFile: missing }, `--token-file ${missing} cannot be read (ENOENT)`],
  ['agent port out of range', { port: '70000', tokenFile: token.file }, '--port must be a whole number from 0 to 65535'],
  ['agent lease out of range', { leaseTimeout: '0', tokenFile: token.file }, '--lease-timeout must be a number from 1'],
  ['a declared command without a name', { tokenFile: token.file, serverCmd: ['node server.js'] }, '--server-cmd takes name=command'],
  ['a declared name with a space', { tokenFile: token.file, serverCmd: ['my app=node server.js'] }, '--server-cmd takes name=command'],
  ['a declared name without a command', { tokenFile: token.file, serverCmd: ['chat= '] }, '--server-cmd takes name=command'],
  ['a name declared twice', { tokenFile: token.file, serverCmd: ['chat=node a.js', 'chat=node b.js'] }, '--server-cmd declares chat twice'],
];

describe('resolveAgentOptions: declared server commands', () => {
  it('keeps each name with its command, the = in a command included', () => {
    const { options } = resolveAgentOptions({ tokenFile: token.file, serverCmd: ['chat=node server.js --mode=fast', 'api=npm start'] }, {});
    expect([...options.userServers]).toEqual([
      ['chat', 'node server.js --mode=fast'],
      ['api', 'npm start'],
    ]);
    expect(resolveAgentOptions({ tokenFile: token.file }, {}).options.userServers.size).toBe(0);
  });
});

describe('resolveAgentOptions: a bad flag is a ConfigError naming it', () => {
  it.each(cases)('%s', (_name, input, message) => {
    // No token in the environment, as with BENCH_AGENT_TOKEN unset.
    expectConfigError(() => resolveAgentOptions(input, {}), message);
  });

  it('refuses a token shorter than 16 characters', () => {
    expectConfigError(
      () => resolveAgentOptions({ port: '0' }, { BENCH_AGENT_TOKEN: 'short' }),
      'the token in BENCH_AGENT_TOKEN has 5 characters; use at least 16',
    );
  });
});

describe('bench agent --generate-token', () => {
  it('writes a random token with mode 0600 and never overwrites one', async () => {
    const file = path.join(freshDir(), 'agent.token');
    const first = await runCli(['agent', '--generate-token', file], { timeoutMs: 20_000 });
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(`wrote a new token to ${file} (mode 0600)`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expectConfigError(() => generateTokenFile(file), `--generate-token ${file} already exists`);
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
