import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readScenario } from '../../../bench/config/scenario-file.js';
import { resolveRunConfig } from '../../../bench/config/run-config.js';
import { loadScenarioReader } from '../../../bench/config/scenario-reader.js';
import { expectConfigError } from '../../helpers/config-errors.js';

const dir = mkdtempSync(path.join(tmpdir(), 'bench-scenario-'));
let count = 0;

/** Writes a scenario file and returns its path. */
function file(text: string, extension = 'yaml'): string {
  count += 1;
  const name = path.join(dir, `scenario-${count}.${extension}`);
  writeFileSync(name, text);
  return name;
}

const socketio = { transport: 'socketio', stack: 'current', client: 'library' } as const;
const ws = { transport: 'ws', stack: 'current', client: 'library' } as const;

const CHAT = `name: chat
timeout: 5s
groups:
  - name: writers
    weight: 1
    steps:
      - emit: join
        args: ["room-{{id % 20}}"]
        ack: true
      - wait: ramp
      - on: chat message
        timestamp: sentAtMs
        fanOut: { from: send, room: "room-{{id % 20}}" }
      - loop:
          duration: 60s
          rate: 1
          steps:
            - emit: chat message
              args: ["{{random 40}}", { at: "{{now}}", blob: "{{binary 64}}" }]
              ack: true
              name: send
  - name: readers
    weight: 9
    steps:
      - on: chat message
        name: read
      - think: [1s, 2s]
`;

describe('readScenario', () => {
  it('reads groups, steps, figures and defaults from a YAML file', () => {
    const scenario = readScenario(file(CHAT), socketio);
    expect(scenario.name).toBe('chat');
    expect(scenario.groups.map((group) => [group.name, group.weight])).toEqual([
      ['writers', 1],
      ['readers', 9],
    ]);
    expect(scenario.figures).toEqual([
      { name: 'join', kind: 'emit' },
      { name: 'on-chat-message', kind: 'on' },
      { name: 'send', kind: 'emit' },
      { name: 'read', kind: 'on' },
    ]);
    const [join, , on, loop] = scenario.groups[0]?.steps ?? [];
    expect(join).toMatchObject({ kind: 'emit', event: 'join', ack: true, timeoutMs: 5000 });
    expect(on).toMatchObject({ kind: 'on', timestamp: 'sentAtMs', fanOut: { from: 'send', room: 'room-{{id % 20}}', self: false } });
    expect(loop).toMatchObject({ kind: 'loop', durationMs: 60_000, ratePerSecond: 1, count: null });
    expect(scenario.groups[1]?.steps[1]).toEqual({ kind: 'think', minMs: 1000, maxMs: 2000 });
    expect(scenario.phases).toBeNull();
    expect(scenario.usesToken).toBe(false);
  });

  it('reads the same scenario from JSON', () => {
    const json = JSON.stringify({ steps: [{ send: { json: { type: 'hi', id: '{{id}}' } } }, { expect: { match: { type: 'hi' } }, name: 'hi', timeout: 2 }] });
    const scenario = readScenario(file(json, 'json'), ws);
    expect(scenario.groups).toEqual([
      {
        name: 'all',
        weight: 1,
        steps: [
          { kind: 'send', name: null, data: { json: { type: 'hi', id: '{{id}}' } } },
          { kind: 'expect', name: 'hi', event: null, match: { type: 'hi' }, pattern: null, timeoutMs: 2000 },
        ],
      },
    ]);
  });

  it('names the line and field of a value of the wrong type', () => {
    const bad = file('steps:\n  - emit: chat\n    ack: "yes"\n');
    expectConfigError(() => readScenario(bad, socketio), `${path.basename(bad)}:3:`, 'steps[0].ack', 'boolean');
  });

  it('names an unknown step, an unknown field and a step with two kinds', () => {
    expectConfigError(() => readScenario(file('steps:\n  - emit: a\n  - jump: 3\n'), socketio), ':3:', 'steps[1].jump', 'unknown step "jump"', 'emit, send');
    expectConfigError(() => readScenario(file('steps:\n  - emit: a\n    akc: true\n'), socketio), ':3:', 'steps[0].akc', 'unknown field "akc"');
    expectConfigError(() => readScenario(file('steps:\n  - emit: a\n    think: 1s\n'), socketio), ':2:', 'emit and think');
    expectConfigError(() => readScenario(file('stesp:\n  - emit: a\n'), socketio), ':1:', 'stesp', 'unknown field');
  });

  it('refuses bad templates where they are, and binary inside a text', () => {
    const nested = file('steps:\n  - emit: a\n    args:\n      - { user: { name: "x{{nope}}" } }\n');
    expectConfigError(() => readScenario(nested, socketio), ':4:', 'steps[0].args[0].user.name', 'unknown template {{nope}}', '{{id % N}}');
    expectConfigError(() => readScenario(file('steps:\n  - emit: a\n    args: ["x{{binary 4}}"]\n'), socketio), 'steps[0].args[0]', 'whole value');
    expectConfigError(() => readScenario(file('steps:\n  - send: "{{binary 4}}"\n'), ws), 'steps[0].send', 'send: { binary: N }');
    expectConfigError(() => readScenario(file('steps:\n  - send: "{{random 0}}"\n'), ws), 'unknown template {{random 0}}');
  });

  it("refuses another transport's steps, and binary over SockJS", () => {
    expectConfigError(() => readScenario(file('steps:\n  - emit: a\n'), ws), 'steps[0].emit', 'Socket.IO step', 'use send and expect');
    expectConfigError(() => readScenario(file('steps:\n  - send: hi\n'), socketio), 'steps[0].send', 'use emit');
    expectConfigError(() => readScenario(file('steps:\n  - expect: hello\n'), ws), 'steps[0].expect', 'Socket.IO');
    expectConfigError(
      () => readScenario(file('steps:\n  - send: { binary: 10 }\n'), { transport: 'sockjs', stack: 'current', client: 'library' }),
      'SockJS carries text only',
    );
    expectConfigError(
      () => readScenario(file('steps:\n  - emit: a\n'), { transport: 'socketio', stack: '2020', client: 'library' }),
      'onAny',
      '--stack current',
    );
  });

  it('refuses a name used twice, a fanOut from nothing, a loop without count or duration, and a bad pattern', () => {
    expectConfigError(
      () => readScenario(file('steps:\n  - emit: a\n    ack: true\n  - emit: a\n    ack: true\n'), socketio),
      ':4:',
      'already used',
      'give this step a name',
    );
    expectConfigError(() => readScenario(file('steps:\n  - on: a\n    fanOut: { from: nope, room: r }\n'), socketio), 'fanOut.from', 'nope');
    expectConfigError(() => readScenario(file('steps:\n  - loop: { rate: 1, steps: [ { emit: a } ] }\n'), socketio), 'steps[0].loop', 'count or a duration');
    expectConfigError(() => readScenario(file('steps:\n  - expect: { pattern: "(" }\n'), ws), 'steps[0].expect.pattern', 'regular expression');
  });

  it("refuses Socket.IO's reserved events and a room that changes from message to message", () => {
    expectConfigError(() => readScenario(file('steps:\n  - emit: disconnect\n'), socketio), 'steps[0].emit', 'reserved by Socket.IO');
    const room = file('steps:\n  - emit: a\n    name: a\n  - on: b\n    fanOut: { from: a, room: "r{{seq}}" }\n');
    expectConfigError(() => readScenario(room, socketio), 'steps[1].fanOut.room', '{{id % N}}', 'not {{seq}}');
  });

  it('names a YAML syntax error by its line, and an unreadable file', () => {
    expectConfigError(() => readScenario(file('steps:\n  - emit: [a\n'), socketio), 'not valid YAML or JSON');
    expectConfigError(() => readScenario(path.join(dir, 'missing.yaml'), socketio), 'missing.yaml', 'cannot read the file', 'ENOENT');
  });

  it('turns phases into arrival rates, ramps and leaves, checking what can leave', () => {
    const phases =
      'steps:\n  - think: 1s\nphases:\n  - { name: up, duration: 30s, arrivalRate: 0, rampTo: 200 }\n  - { duration: 30, arrivalRate: 200 }\n  - { name: down, duration: 30s, leave: all }\n';
    expect(readScenario(file(phases), ws).phases).toEqual([
      { name: 'up', durationMs: 30_000, arrivalRate: 0, rampTo: 200, leave: 0 },
      { name: 'phase-2', durationMs: 30_000, arrivalRate: 200, rampTo: 200, leave: 0 },
      { name: 'down', durationMs: 30_000, arrivalRate: 0, rampTo: 0, leave: 9000 },
    ]);
    const tooMany = 'steps:\n  - think: 1s\nphases:\n  - { duration: 1s, arrivalRate: 10 }\n  - { duration: 1s, leave: 11 }\n';
    expectConfigError(() => readScenario(file(tooMany), ws), ':5:', 'phases[1].leave', 'only 10 will have arrived');
    expectConfigError(
      () => readScenario(file('steps:\n  - think: 1s\nphases:\n  - { duration: 1s, rampTo: 5 }\n'), ws),
      'phases[0].rampTo',
      'needs arrivalRate',
    );
    expectConfigError(() => readScenario(file('steps:\n  - think: 1s\nphases:\n  - { duration: 1s }\n'), ws), 'no phase brings a client');
  });
});

describe('--scenario in the run config', () => {
  // What bench run, sweep and capacity do before they resolve their flags.
  beforeAll(() => loadScenarioReader(true));
  const echo = file('steps:\n  - send: hi\n  - expect: { pattern: hi }\n');

  it('is a connect-mode run with the scenario recorded, and the phases give the client count', () => {
    const config = resolveRunConfig({ transport: 'ws', clients: '10', scenario: echo });
    expect(config.mode).toBe('connect');
    expect(config.scenario?.file).toBe(echo);
    const phased = file('steps:\n  - think: 1s\nphases:\n  - { duration: 2s, arrivalRate: 0, rampTo: 10 }\n  - { duration: 1s, arrivalRate: 10 }\n');
    expect(resolveRunConfig({ transport: 'ws', scenario: phased }).clients).toBe(20);
    expect(resolveRunConfig({ transport: 'ws', clients: '10' })).not.toHaveProperty('scenario');
  });

  it("refuses the flags of bench's own traffic, and --clients or --rate beside phases", () => {
    expectConfigError(() => resolveRunConfig({ transport: 'ws', clients: '10', scenario: echo, mode: 'echo' }), '--mode cannot be used with --scenario');
    expectConfigError(() => resolveRunConfig({ transport: 'ws', clients: '10', scenario: echo, messagesPerSecond: '1' }), '--messages-per-second');
    const phased = file('steps:\n  - think: 1s\nphases:\n  - { duration: 1s, arrivalRate: 10 }\n');
    expectConfigError(() => resolveRunConfig({ transport: 'ws', clients: '10', scenario: phased }), '--clients cannot be used with a scenario that has phases');
    expectConfigError(() => resolveRunConfig({ transport: 'ws', rate: '10', scenario: phased }), '--rate');
  });

  it('needs --tokens-file for {{token}}, and counts the scenario as using it', () => {
    const withToken = file('steps:\n  - send: "{{token}}"\n');
    expectConfigError(() => resolveRunConfig({ transport: 'ws', clients: '1', scenario: withToken }), '--scenario uses {{token}}', '--tokens-file');
    const tokens = path.join(dir, 'tokens.txt');
    writeFileSync(tokens, 'a\nb\n');
    expect(resolveRunConfig({ transport: 'ws', clients: '1', scenario: withToken, tokensFile: tokens }).handshake?.tokenCount).toBe(2);
  });
});
