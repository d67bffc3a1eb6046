/** resolveRunConfig on bad flags: the one-line message that names the flag, with no process started. */
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { prepareBaseline } from '../../../bench/compare/compare-after-run.js';
import { resolveRunConfig, type RunOptionsInput } from '../../../bench/config/run-config.js';
import { writeTestToken } from '../../helpers/agent.js';
import { freshDir } from '../../helpers/cli.js';
import { expectConfigError } from '../../helpers/config-errors.js';
import { makeSummary, writeRunFolders } from '../../helpers/summaries.js';

const five: RunOptionsInput = { transport: 'ws', clients: '5' };

const cases: Array<[string, RunOptionsInput, string]> = [
  ['zero clients', { transport: 'ws', clients: '0' }, '--clients must be a whole number from 1'],
  ['negative clients', { transport: 'ws', clients: '-5' }, '--clients must be a whole number'],
  ['clients not a number', { transport: 'ws', clients: 'abc' }, '--clients must be a whole number'],
  ['missing clients', { transport: 'ws' }, '--clients is required'],
  ['unknown transport', { transport: 'foo', clients: '5' }, '--transport must be one of ws, socketio, sockjs; got "foo"'],
  ['zero workers', { ...five, workers: '0' }, '--workers must be a whole number from 1'],
  ['malformed target', { ...five, target: 'not-a-url' }, '--target must be an absolute URL'],
  ['target with the wrong scheme', { transport: 'sockjs', clients: '5', target: 'ws://127.0.0.1:1/' }, '--target must use http: or https:'],
  ['foreign variant', { ...five, sockjsTransports: 'xhr-polling' }, '--sockjs-transports applies to --transport sockjs only'],
  ['unknown variant', { transport: 'socketio', clients: '5', socketioTransports: 'carrier-pigeon' }, '--socketio-transports must be one of'],
  ['deflate on sockjs', { transport: 'sockjs', clients: '5', perMessageDeflate: true }, '--per-message-deflate is not supported by the sockjs transport'],
  ['server flag with target', { ...five, target: 'ws://127.0.0.1:1/', injectDelayMs: '5' }, '--inject-delay-ms configures the server bench starts'],
  ['zero hold is fine but negative is not', { ...five, hold: '-1' }, '--hold must be a number from 0'],
  ['too many clients', { transport: 'ws', clients: '5000000' }, '--clients must be a whole number from 1 to 1000000'],
  ['source address not an IP', { ...five, sourceAddresses: 'localhost,127.0.0.2' }, '--source-addresses takes IP addresses'],
  ['source addresses with sockjs', { transport: 'sockjs', clients: '5', sourceAddresses: '127.0.0.2' }, '--source-addresses works with ws and socketio only'],
  ['messages per second not a number', { ...five, messagesPerSecond: 'fast' }, '--messages-per-second must be a number'],
  ['rate of zero', { ...five, rate: '0' }, '--rate must be a number from 0.001'],
  ['unknown client kind', { ...five, client: 'raw' }, '--client must be one of library, wire; got "raw"'],
  [
    'wire client over long-polling',
    { transport: 'socketio', clients: '5', client: 'wire', socketioTransports: 'polling,websocket' },
    "--client wire speaks Socket.IO over its websocket transport only; this run's --socketio-transports is polling,websocket",
  ],
  ['wire client from a profile that polls', { transport: 'socketio', clients: '5', client: 'wire', profile: 'study-2020' }, 'a --profile may set it'],
  [
    'wire client over xhr',
    { transport: 'sockjs', clients: '5', client: 'wire', sockjsTransports: 'xhr-streaming' },
    "--client wire speaks SockJS over its websocket transport only; this run's --sockjs-transports is xhr-streaming",
  ],
  [
    'duration without messages per second',
    { transport: 'ws', clients: '2', duration: '3' },
    '--duration sets how long steady traffic lasts, so it needs --messages-per-second',
  ],
];

describe('resolveRunConfig: a bad flag is a ConfigError naming it', () => {
  it.each(cases)('%s', (_name, input, message) => {
    expectConfigError(() => resolveRunConfig(input), message);
  });

  it('drives the libraries unless --client wire says otherwise; ws takes either', () => {
    expect(resolveRunConfig(five).client).toBe('library');
    expect(resolveRunConfig({ ...five, client: 'wire' }).client).toBe('wire');
    expect(resolveRunConfig({ transport: 'socketio', clients: '5', client: 'wire', stack: '2020' }).client).toBe('wire');
  });

  it('accepts a hold of zero', () => {
    expect(resolveRunConfig({ ...five, hold: '0' }).holdSeconds).toBe(0);
  });

  it('reconnection: off by default, on with a --reconnect-* flag alone (for drops a restart does not cause), Socket.IO defaults filled', () => {
    expect(resolveRunConfig(five)).toMatchObject({ reconnect: null, restartServerAtMs: null, heartbeat: null, mode: 'echo' });
    expect(resolveRunConfig({ ...five, reconnectDelay: '0' })).toMatchObject({
      reconnect: { delayMs: 0, delayMaxMs: 5000, randomizationFactor: 0.5 },
      restartServerAtMs: null,
    });
    expect(resolveRunConfig({ ...five, hold: '20', restartServerAt: '10s' })).toMatchObject({
      reconnect: { delayMs: 1000, delayMaxMs: 5000, randomizationFactor: 0.5 },
      restartServerAtMs: 10_000,
    });
  });

  it("idle mode: --duration is the hold, and the heartbeat defaults to Socket.IO's", () => {
    expect(resolveRunConfig({ ...five, mode: 'idle', duration: '300' })).toMatchObject({
      mode: 'idle',
      holdSeconds: 300,
      messagesPerSecond: 0,
      heartbeat: { pingIntervalMs: 25_000, pingTimeoutMs: 20_000 },
    });
  });
});

describe('resolveRunConfig: --agent and --token-file', () => {
  const token = writeTestToken();
  const missing = path.join(freshDir(), 'no-such.token');
  const agent = 'http://127.0.0.1:7700';
  afterEach(() => vi.unstubAllEnvs());

  const agentCases: Array<[string, RunOptionsInput, string]> = [
    ['malformed agent URL', { ...five, agent: 'not a url', tokenFile: token.file }, '--agent must be an absolute URL'],
    ['agent URL with the wrong scheme', { ...five, agent: 'ws://127.0.0.1:7700', tokenFile: token.file }, '--agent must use http:'],
    ['agent URL with a path', { ...five, agent: 'http://127.0.0.1:7700/v1', tokenFile: token.file }, "--agent must be the agent's base URL"],
    ['agent with target', { ...five, agent, tokenFile: token.file, target: 'ws://127.0.0.1:1/' }, '--agent and --target cannot be used together'],
    ['agent with host', { ...five, agent, tokenFile: token.file, host: '0.0.0.0' }, '--host sets the address'],
    ['agent without a token', { ...five, agent }, "--agent needs the agent's token: pass --token-file"],
    ['token file missing', { ...five, agent, tokenFile: missing }, `--token-file ${missing} cannot be read (ENOENT)`],
    ['token file without agent', { ...five, tokenFile: token.file }, '--token-file is the token for --agent'],
  ];

  it.each(agentCases)('%s', (_name, input, message) => {
    // As the CLI sees it with no token in the environment.
    vi.stubEnv('BENCH_AGENT_TOKEN', '');
    expectConfigError(() => resolveRunConfig(input), message);
  });
});

describe('prepareBaseline: a bad --baseline stops the run before it starts', () => {
  const config = resolveRunConfig({ ...five, hold: '0' });

  it('a missing folder', () => {
    const missing = path.join(freshDir(), 'nowhere');
    expectConfigError(() => prepareBaseline(missing, config), '--baseline: ', 'does not exist');
  });

  it('a baseline of another cell', () => {
    const baseline = writeRunFolders(path.join(freshDir(), 'baseline'), [makeSummary({ clients: 200 })]);
    expectConfigError(() => prepareBaseline(baseline, config), 'has no run of ws/websocket/5 (it has ws/websocket/200)');
  });
});
