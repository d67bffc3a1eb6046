/** The user-server flags through resolveRunConfig: what is accepted, and every bad value or conflict as one line, exit 2. */
import { describe, expect, it } from 'vitest';
import { resolveRunConfig, type RunOptionsInput } from '../../../bench/config/run-config.js';
import { expectConfigError } from '../../helpers/config-errors.js';

const socketio: RunOptionsInput = { transport: 'socketio', clients: '5' };
const command: RunOptionsInput = { ...socketio, serverCmd: 'node app.js' };
// This test's own process: a PID that runs.
const running: RunOptionsInput = { ...socketio, serverPid: String(process.pid), target: 'http://127.0.0.1:3000' };

describe('resolveUserServer', () => {
  it('records the command with its defaults, and null without a user-server flag', () => {
    expect(resolveRunConfig(command).userServer).toEqual({ kind: 'command', command: 'node app.js', url: null, stopGraceMs: 5000 });
    expect(resolveRunConfig({ ...command, serverUrl: 'http://127.0.0.1:8080', serverStopGrace: '0.5', mode: 'connect' }).userServer).toEqual({
      kind: 'command',
      command: 'node app.js',
      url: 'http://127.0.0.1:8080/',
      stopGraceMs: 500,
    });
    expect(resolveRunConfig(running).userServer).toEqual({ kind: 'pid', pid: process.pid });
    expect(resolveRunConfig(socketio).userServer).toBeNull();
  });

  it('lets --restart-server-at restart the command', () => {
    expect(resolveRunConfig({ ...command, hold: '5', restartServerAt: '1s' }).restartServerAtMs).toBe(1000);
  });

  const cases: Array<[string, RunOptionsInput, string[]]> = [
    ['an empty command', { ...socketio, serverCmd: '  ' }, ['--server-cmd is empty']],
    ['a command with --target', { ...command, target: 'http://127.0.0.1:1' }, ['--server-cmd', '--target']],
    ['a command with --server-pid', { ...command, serverPid: '5' }, ['--server-cmd', '--server-pid']],
    ['a command with --nodes', { ...command, nodes: '2' }, ['--server-cmd', '--nodes']],
    ['a command with fault injection', { ...command, injectDelayMs: '5' }, ["--inject-delay-ms configures bench's own echo server", '--server-cmd']],
    ['a command with a heartbeat', { ...command, pingInterval: '1000' }, ['--ping-interval', '--server-cmd']],
    ['a command with a gc', { ...command, gcBeforeSteady: true }, ['--gc-before-steady', '--server-cmd']],
    ['a command in push mode', { ...command, mode: 'push' }, ['--mode push', '--mode connect']],
    ['a command in idle mode', { ...command, mode: 'idle' }, ['--mode idle', '--mode connect']],
    ['a server URL of the wrong scheme', { ...command, serverUrl: 'ftp://127.0.0.1:1' }, ['--server-url must use']],
    ['a server URL without a command', { ...socketio, serverUrl: 'http://127.0.0.1:1' }, ['--server-url', 'needs --server-cmd']],
    ['a stop grace without a command', { ...socketio, serverStopGrace: '1' }, ['--server-stop-grace', 'needs --server-cmd']],
    ['a negative stop grace', { ...command, serverStopGrace: '-1' }, ['--server-stop-grace must be a number']],
    ['a pid that is not a number', { ...running, serverPid: 'abc' }, ['--server-pid must be a whole number']],
    ['a pid without --target', { ...socketio, serverPid: String(process.pid) }, [`--server-pid ${process.pid}`, '--target']],
    ['a pid no process has', { ...running, serverPid: '4194303' }, ['--server-pid 4194303: no such process runs on this machine']],
    ['a pid with --restart-server-at', { ...running, hold: '5', restartServerAt: '1s' }, ['--restart-server-at', '--server-pid']],
    ['a pid with --shard', { ...running, shard: '0/2' }, ['--server-pid', '--shard']],
    [
      'connect mode with steady traffic',
      { ...socketio, mode: 'connect', messagesPerSecond: '1' },
      ['--mode connect sends no messages', '--messages-per-second'],
    ],
    ['connect mode with a payload', { ...socketio, mode: 'connect', payloadBytes: '10' }, ['--mode connect', '--payload-bytes']],
  ];

  it.each(cases)('refuses %s in one line', (_name, input, parts) => {
    expectConfigError(() => resolveRunConfig(input), ...parts);
  });
});
