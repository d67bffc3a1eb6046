/** refuseRepeatedFlags on a real commander command: a single-value flag given twice, or with its negation, is one line; repeatable flags repeat. */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { refuseRepeatedFlags } from '../../../bench/commands/repeated-flags.js';
import { expectConfigError } from '../../helpers/config-errors.js';

function runCommand(): Command {
  return new Command('run')
    .option('-t, --transport <name>')
    .option('--hold <seconds>')
    .option('--label <text>')
    .option('--per-message-deflate')
    .option('--no-per-message-deflate')
    .option('--header <line>', 'repeatable', (value: string, previous: string[] = []) => [...previous, value]);
}

describe('refuseRepeatedFlags', () => {
  it('refuses a flag given twice, in its long, short or = form, naming the values', () => {
    expectConfigError(() => refuseRepeatedFlags(runCommand(), ['run', '-t', 'ws', '-t', 'socketio']), '-t given 2 times (ws, then socketio): give it once');
    expectConfigError(
      () => refuseRepeatedFlags(runCommand(), ['run', '--transport', 'ws', '-t', 'sockjs']),
      '--transport and -t given 2 times (ws, then sockjs)',
    );
    expectConfigError(() => refuseRepeatedFlags(runCommand(), ['run', '--hold=1', '--hold', '2']), '--hold given 2 times (1, then 2)');
  });

  it('refuses a flag with its negation', () => {
    expectConfigError(
      () => refuseRepeatedFlags(runCommand(), ['run', '--per-message-deflate', '--no-per-message-deflate']),
      '--per-message-deflate and --no-per-message-deflate contradict each other: give one of them',
    );
  });

  it('lets repeatable flags repeat, reads a value that looks like a flag as a value, and stops at --', () => {
    expect(() => refuseRepeatedFlags(runCommand(), ['run', '--header', 'A: 1', '--header', 'B: 2', '-t', 'ws'])).not.toThrow();
    expect(() => refuseRepeatedFlags(runCommand(), ['run', '-t', 'ws', '--label', '-t'])).not.toThrow();
    expect(() => refuseRepeatedFlags(runCommand(), ['run', '-t', 'ws', '--', '-t', 'x'])).not.toThrow();
    expect(() => refuseRepeatedFlags(runCommand(), ['--verbose', 'run', '--hold', '1'])).not.toThrow();
  });
});
