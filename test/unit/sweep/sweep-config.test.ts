/** `bench sweep` on bad input: resolveSweepConfig and reopenSweep throw one line naming the flag or file. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';
import { resolveSweepConfig, type SweepOptionsInput } from '../../../bench/sweep/sweep-config.js';
import { reopenSweep } from '../../../bench/sweep/sweep-setup.js';
import { freshDir } from '../../helpers/cli.js';
import { expectConfigError } from '../../helpers/config-errors.js';

const cases: Array<[string, SweepOptionsInput, string]> = [
  ['unknown transport in the list', { transports: 'ws,foo' }, '--transports must be one of ws, socketio, sockjs; got "foo"'],
  ['empty item in the transport list', { transports: 'ws,' }, '--transports must be a comma-separated list without empty items'],
  ['client count not a number', { clients: '100,abc' }, '--clients must be a whole number from 1 to 1000000; got "abc"'],
  ['zero clients', { clients: '0,100' }, '--clients must be a whole number from 1'],
  ['a client count twice', { clients: '100,100' }, '--clients lists "100" twice'],
  ['zero repeats', { repeat: '0' }, '--repeat must be a whole number from 1'],
  ['a bad run flag', { clients: '10', hold: '-1' }, '--hold must be a number from 0'],
  ['a transport option for a transport not swept', { transports: 'ws', socketioTransports: 'polling' }, '--socketio-transports applies to socketio cells'],
  ['deflate with only sockjs', { transports: 'sockjs', perMessageDeflate: true }, '--per-message-deflate applies to ws and socketio cells'],
];

describe('resolveSweepConfig: a bad flag is a ConfigError naming it', () => {
  it.each(cases)('%s', (_name, input, message) => {
    expectConfigError(() => resolveSweepConfig(input), message);
  });
});

describe('reopenSweep (--resume)', () => {
  it('refuses a folder that is not a sweep', () => {
    expectConfigError(() => reopenSweep(freshDir()), '--resume needs a folder made by bench sweep');
  });

  it('refuses a damaged sweep.json, naming the file', () => {
    const sweepDir = path.join(freshDir(), 'old-sweep');
    mkdirSync(sweepDir);
    writeFileSync(path.join(sweepDir, 'sweep.json'), '{"kind": "sweep", "schemaVersion": 1}');
    expectConfigError(() => reopenSweep(sweepDir), `${path.join(sweepDir, 'sweep.json')}: sweepId is missing; it must be a string`);
  });
});
