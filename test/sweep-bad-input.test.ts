/** `bench sweep` with bad input: exit 2, one line naming the flag, no stack trace, nothing started. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectUsageError, freshDir, runCli } from './helpers/cli.js';

const cases: Array<[string, string[], string]> = [
  ['unknown transport in the list', ['sweep', '--transports', 'ws,foo'], '--transports must be one of ws, socketio, sockjs; got "foo"'],
  ['empty item in the transport list', ['sweep', '--transports', 'ws,'], '--transports must be a comma-separated list without empty items'],
  ['client count not a number', ['sweep', '--clients', '100,abc'], '--clients must be a whole number from 1 to 1000000; got "abc"'],
  ['zero clients', ['sweep', '--clients', '0,100'], '--clients must be a whole number from 1'],
  ['a client count twice', ['sweep', '--clients', '100,100'], '--clients lists "100" twice'],
  ['zero repeats', ['sweep', '--repeat', '0'], '--repeat must be a whole number from 1'],
  ['a bad run flag', ['sweep', '--clients', '10', '--hold', '-1'], '--hold must be a number from 0'],
  ['a transport option for a transport not swept', ['sweep', '--transports', 'ws', '--socketio-transports', 'polling'], '--socketio-transports applies to socketio cells'],
  ['deflate with only sockjs', ['sweep', '--transports', 'sockjs', '--per-message-deflate'], '--per-message-deflate applies to ws and socketio cells'],
  ['--target, which a sweep of fresh servers cannot use', ['sweep', '--target', 'ws://127.0.0.1:1/'], "unknown option '--target'"],
  ['resume of a folder that is not a sweep', ['sweep', '--resume', '.'], '--resume needs a folder made by bench sweep'],
];

describe('bench sweep: bad input', () => {
  it.each(cases)('%s: exit 2 with a one-line message', async (_name, args, message) => {
    await expectUsageError(args, message);
  });

  it('refuses grid flags next to --resume, which takes them from sweep.json', async () => {
    const cwd = freshDir();
    const sweepDir = path.join(cwd, 'old-sweep');
    mkdirSync(sweepDir);
    writeFileSync(path.join(sweepDir, 'sweep.json'), '{}');
    const result = await runCli(['sweep', '--resume', sweepDir, '--clients', '10', '--hold', '2'], { cwd, timeoutMs: 20_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--resume takes the grid and flags from ${path.join(sweepDir, 'sweep.json')}; drop --clients, --hold`);
  });

  it('refuses a damaged sweep.json on --resume, naming the file', async () => {
    const cwd = freshDir();
    const sweepDir = path.join(cwd, 'old-sweep');
    mkdirSync(sweepDir);
    writeFileSync(path.join(sweepDir, 'sweep.json'), '{"kind": "sweep", "schemaVersion": 1}');
    const result = await runCli(['sweep', '--resume', sweepDir], { cwd, timeoutMs: 20_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${path.join(sweepDir, 'sweep.json')} has no valid grid`);
  });
});
