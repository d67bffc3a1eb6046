/** Bad input: exit 2, one line naming the flag, no stack trace, nothing started. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectUsageError, freshDir, runCli } from './helpers/cli.js';

const cases: Array<[string, string[], string]> = [
  ['zero clients', ['run', '-t', 'ws', '--clients', '0'], '--clients must be a whole number from 1'],
  ['negative clients', ['run', '-t', 'ws', '--clients', '-5'], '--clients must be a whole number'],
  ['clients not a number', ['run', '-t', 'ws', '--clients', 'abc'], '--clients must be a whole number'],
  ['missing clients', ['run', '-t', 'ws'], '--clients is required'],
  ['unknown transport', ['run', '--transport', 'foo', '--clients', '5'], '--transport must be one of ws, socketio, sockjs; got "foo"'],
  ['zero workers', ['run', '-t', 'ws', '-c', '5', '--workers', '0'], '--workers must be a whole number from 1'],
  ['malformed target', ['run', '-t', 'ws', '-c', '5', '--target', 'not-a-url'], '--target must be an absolute URL'],
  ['target with the wrong scheme', ['run', '-t', 'sockjs', '-c', '5', '--target', 'ws://127.0.0.1:1/'], '--target must use http: or https:'],
  ['unknown flag', ['run', '-t', 'ws', '-c', '5', '--frobnicate'], "unknown option '--frobnicate'"],
  ['foreign variant', ['run', '-t', 'ws', '-c', '5', '--sockjs-transports', 'xhr-polling'], '--sockjs-transports applies to --transport sockjs only'],
  ['unknown variant', ['run', '-t', 'socketio', '-c', '5', '--socketio-transports', 'carrier-pigeon'], '--socketio-transports must be one of'],
  ['deflate on sockjs', ['run', '-t', 'sockjs', '-c', '5', '--per-message-deflate'], '--per-message-deflate is not supported by the sockjs transport'],
  ['server flag with target', ['run', '-t', 'ws', '-c', '5', '--target', 'ws://127.0.0.1:1/', '--inject-delay-ms', '5'], '--inject-delay-ms configures the server bench starts'],
  ['zero hold is fine but negative is not', ['run', '-t', 'ws', '-c', '5', '--hold', '-1'], '--hold must be a number from 0'],
  ['too many clients', ['run', '-t', 'ws', '-c', '5000000'], '--clients must be a whole number from 1 to 1000000'],
  ['server: unknown transport', ['server', '--transport', 'nope'], '--transport must be one of'],
  ['server: port out of range', ['server', '--transport', 'ws', '--port', '70000'], '--port must be a whole number from 0 to 65535'],
  ['unknown command', ['frobnicate'], "unknown command 'frobnicate'"],
  ['source address not an IP', ['run', '-t', 'ws', '-c', '5', '--source-addresses', 'localhost,127.0.0.2'], '--source-addresses takes IP addresses'],
  ['source addresses with sockjs', ['run', '-t', 'sockjs', '-c', '5', '--source-addresses', '127.0.0.2'], '--source-addresses works with ws and socketio over websocket only'],
  ['messages per second not a number', ['run', '-t', 'ws', '-c', '5', '--messages-per-second', 'fast'], '--messages-per-second must be a number'],
  ['threshold without baseline', ['run', '-t', 'ws', '-c', '5', '--threshold', 'memory=off'], '--threshold, --compare-config and --allow-saturated judge a comparison, so they need --baseline'],
  ['rate of zero', ['run', '-t', 'ws', '-c', '5', '--rate', '0'], '--rate must be a number from 0.001'],
];

describe('bad input', () => {
  it.each(cases)('%s: exit 2 with a one-line message', async (_name, args, message) => {
    await expectUsageError(args, message);
  });

  it('stops before starting when the open-file limit cannot cover the clients, with the command that raises it', async () => {
    const cwd = freshDir();
    const result = await runCli(['run', '-t', 'ws', '-c', '1000000', '-w', '1'], { cwd, timeoutMs: 20_000 });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/open-file limit is \d+ .* need about \d+/);
    expect(result.stderr).toContain('ulimit');
    expect(existsSync(path.join(cwd, 'results'))).toBe(false);
  });
});
