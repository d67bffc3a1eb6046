/**
 * `bench run --scenario`: a user's server driven by the app's own events, binary data that must
 * arrive whole, arrival phases the clients follow, and problems counted rather than lost.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FinishedRunJson } from '../../bench/results/run-json.js';
import { CLIENT_KINDS } from '../../protocol/client-kinds.js';
import { FIXTURES, freshDir, onlyRunDir, PROJECT_ROOT, readCsv, readJson, runCli } from '../helpers/cli.js';

const SCENARIOS = path.join(FIXTURES, 'scenarios');
const DIGEST_SERVER = `node ${path.join(FIXTURES, 'binary-digest-servers.mjs')}`;

/** Runs bench in a fresh folder; the run folder and its run.json. */
async function runScenario(args: string[]): Promise<{ code: number | null; stderr: string; runDir: string; runJson: FinishedRunJson }> {
  const cwd = freshDir();
  const result = await runCli(['run', ...args, '-o', path.join(cwd, 'results')], { cwd: PROJECT_ROOT });
  const runDir = onlyRunDir(path.join(cwd, 'results'));
  return { code: result.code, stderr: result.stderr, runDir, runJson: readJson<FinishedRunJson>(path.join(runDir, 'run.json')) };
}

/**
 * The digest of what client `client` sent as its message `seq` with {{binary n}}, computed here
 * from the definition in docs/scenarios.md: SHAKE256 of "bench:<client>:<seq>", n bytes long.
 */
function expectedDigest(client: number, seq: number, n: number): string {
  const bytes = createHash('shake256', { outputLength: n }).update(`bench:${client}:${seq}`).digest();
  return createHash('sha256').update(bytes).digest('hex');
}

/** The "blob <bytes> <sha256>" lines the digest server logged, sorted. */
function loggedBlobs(runDir: string): string[] {
  return readFileSync(path.join(runDir, 'server.log'), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('blob '))
    .sort();
}

describe('bench run --scenario with binary data', () => {
  const clients = 12;
  const expected = Array.from({ length: clients }, (_, client) => `blob 65536 ${expectedDigest(client, 0, 65536)}`).sort();

  it.each(CLIENT_KINDS)('Socket.IO: every 64 KiB emit arrives whole, and its ack is timed (--client %s)', async (client) => {
    const { code, runDir, runJson } = await runScenario([
      '-t',
      'socketio',
      '--client',
      client,
      '-c',
      String(clients),
      '--hold',
      '0',
      '--server-cmd',
      `SERVER=socketio ${DIGEST_SERVER}`,
      '--scenario',
      path.join(SCENARIOS, 'binary-socketio.yaml'),
      '--quiet',
    ]);
    expect(code).toBe(0);
    expect(loggedBlobs(runDir)).toEqual(expected);
    expect(runJson.summary.steps?.upload).toMatchObject({ kind: 'emit', started: clients, completed: clients, timeouts: 0, failures: 0 });
    expect(runJson.summary.steps?.upload?.p50).toBeGreaterThan(0);
    expect(readCsv(path.join(runDir, 'steps.csv'))).toEqual([expect.objectContaining({ step: 'upload', kind: 'emit', completed: String(clients) })]);
  });

  it('ws: every 64 KiB binary message arrives whole, and the reply that says so is matched', async () => {
    const { code, runDir, runJson } = await runScenario([
      '-t',
      'ws',
      '-c',
      String(clients),
      '--hold',
      '0',
      '--server-cmd',
      `SERVER=ws ${DIGEST_SERVER}`,
      '--scenario',
      path.join(SCENARIOS, 'binary-ws.yaml'),
      '--quiet',
    ]);
    expect(code).toBe(0);
    expect(loggedBlobs(runDir)).toEqual(expected);
    expect(runJson.summary.steps?.upload).toMatchObject({ kind: 'send', started: clients, completed: clients });
    expect(runJson.summary.steps?.stored).toMatchObject({ kind: 'expect', completed: clients, timeouts: 0 });
    expect(runJson.summary.scenario).toMatchObject({ finished: clients, unexpected: 0, closedByServer: 0 });
  });
});

describe('bench run --scenario against the example chat app', () => {
  it.each(CLIENT_KINDS)(
    'joins rooms, sends with acks and hears the room: every send acked, every push the sends should bring received (--client %s)',
    async (client) => {
      // The example's scenario, shortened: rooms of ten for 40 clients, two seconds of chat.
      const example = readFileSync(path.join(PROJECT_ROOT, 'examples', 'chat-server', 'scenario.yaml'), 'utf8');
      const short = example.replaceAll('id % 200', 'id % 4').replace('duration: 60s', 'duration: 2s');
      expect(short).not.toBe(example);
      const scenario = path.join(freshDir(), 'chat.yaml');
      writeFileSync(scenario, short);
      const { code, runJson } = await runScenario([
        '-t',
        'socketio',
        '--client',
        client,
        '-c',
        '40',
        '--hold',
        '0',
        '--server-cmd',
        'node examples/chat-server/server.js',
        '--path',
        '/chat/socket.io',
        '--namespace',
        '/chat',
        '--auth',
        '{"token":"{{token}}"}',
        '--tokens-file',
        'examples/chat-server/tokens.txt',
        '--scenario',
        scenario,
        '--quiet',
      ]);
      expect(code).toBe(0);
      const steps = runJson.summary.steps ?? {};
      expect(steps.join).toMatchObject({ started: 40, completed: 40, failures: 0, timeouts: 0 });
      expect(steps.send?.started).toBeGreaterThanOrEqual(40 * 2);
      expect(steps.send).toMatchObject({ completed: steps.send?.started, timeouts: 0, failures: 0 });
      // Each send reaches the nine others of its room of ten.
      expect(steps.heard).toMatchObject({ expected: (steps.send?.started ?? 0) * 9, completed: (steps.send?.started ?? 0) * 9, missing: 0 });
      expect(runJson.summary.scenario).toMatchObject({ finished: 40, unexpected: 0, closedByServer: 0 });
      expect(runJson.summary.serverCpu?.holdCpuPercent).toBeGreaterThan(0);
    },
  );
});

describe('bench run --scenario with arrival phases', () => {
  it('connects clients as the phases bring them and lets them all leave in the last: run.json records the phases, the timeline follows them', async () => {
    const { code, runDir, runJson } = await runScenario(['-t', 'ws', '--scenario', path.join(SCENARIOS, 'three-phases.yaml'), '--quiet']);
    expect(code).toBe(0);
    expect(runJson.config.clients).toBe(180);
    expect(runJson.config.scenario?.phases?.map((phase) => phase.name)).toEqual(['ramp-up', 'plateau', 'ramp-down']);
    expect(runJson.summary).toMatchObject({ connected: 180, failed: 0, dropped: 0 });
    expect(runJson.summary.scenario?.phases).toEqual([
      { name: 'ramp-up', durationMs: 3000, arrived: 60, left: 0 },
      { name: 'plateau', durationMs: 3000, arrived: 120, left: 0 },
      { name: 'ramp-down', durationMs: 3000, arrived: 0, left: 180 },
    ]);
    expect(runJson.summary.scenario?.left).toBe(180);
    const timeline = readCsv(path.join(runDir, 'clients-timeline.csv'));
    const connected = (phase: string): number[] => timeline.filter((row) => row.arrivalPhase === phase).map((row) => Number(row.connected));
    const rising = [...connected('ramp-up'), ...connected('plateau')];
    const falling = connected('ramp-down');
    // The shape, not the times: more clients every second of the arrival phases, fewer every second of the leave.
    for (let index = 1; index < rising.length; index += 1) expect(rising[index]).toBeGreaterThan(rising[index - 1] as number);
    for (let index = 1; index < falling.length; index += 1) expect(falling[index]).toBeLessThan(falling[index - 1] as number);
    expect(Math.max(...rising, ...falling)).toBeGreaterThan(140);
    expect(Number(timeline.at(-1)?.connected)).toBeLessThan(40);
    // A linear ramp of the rate brings fewer clients in its first half than in its second.
    const rampUp = connected('ramp-up');
    expect(rampUp[1] as number).toBeLessThan((rampUp.at(-1) as number) / 2);
  });
});

describe('bench run --scenario counts what goes wrong', () => {
  it("counts a reply nobody matched as unexpected and the wait as a timeout, per step and per client, on bench's own server", async () => {
    const scenario = path.join(freshDir(), 'mismatch.yaml');
    // The closing think leaves the echo of "again" time to come back before the client ends, however loaded the machine.
    writeFileSync(
      scenario,
      'timeout: 300ms\nsteps:\n  - send: hello\n  - expect: { pattern: "^never$" }\n    name: never\n  - send: again\n    name: again\n  - think: 500ms\n',
    );
    const { code, runDir, runJson } = await runScenario(['-t', 'ws', '-c', '6', '--hold', '0', '--scenario', scenario, '--quiet']);
    expect(code).toBe(0);
    expect(runJson.summary.steps?.never).toMatchObject({ started: 6, completed: 0, timeouts: 6, unexpected: 6, p50: null });
    expect(runJson.summary.steps?.again).toMatchObject({ started: 6, completed: 6 });
    // The echo of "hello" came while the expect waited for something else; the echo of "again" when nothing waited.
    expect(runJson.summary.scenario).toMatchObject({ finished: 6, unexpected: 12 });
    const rows = readCsv(path.join(runDir, 'scenario-clients.csv'));
    expect(rows.map((row) => [row.client, row.timeouts, row.unexpected, row.end])).toEqual(
      Array.from({ length: 6 }, (_, client) => [String(client), '1', '2', 'run']),
    );
  });

  it('counts a client once in its room however many times an on step inside a loop runs', async () => {
    const scenario = path.join(freshDir(), 'loop-on.yaml');
    // bench's ws server echoes to the sender alone: each client is a room of one that hears itself.
    writeFileSync(
      scenario,
      'steps:\n  - loop:\n      count: 3\n      steps:\n        - on: { pattern: "^x" }\n          name: heard\n          fanOut: { from: say, room: "r{{id}}", self: true }\n        - send: "x{{seq}}"\n          name: say\n        - think: 100ms\n',
    );
    const { code, runJson } = await runScenario(['-t', 'ws', '-c', '4', '--hold', '0', '--scenario', scenario, '--quiet']);
    expect(code).toBe(0);
    expect(runJson.summary.steps?.heard).toMatchObject({ expected: 12, completed: 12, missing: 0 });
  });

  it('reads ws 7 binary messages as binary on --stack 2020', async () => {
    const scenario = path.join(freshDir(), 'binary-2020.yaml');
    writeFileSync(scenario, 'steps:\n  - send: { binary: 64 }\n  - expect: { pattern: "^<64 bytes>$" }\n    name: echo\n');
    const { code, runJson } = await runScenario(['-t', 'ws', '--stack', '2020', '-c', '4', '--hold', '0', '--scenario', scenario, '--quiet']);
    expect(code).toBe(0);
    expect(runJson.summary.steps?.echo).toMatchObject({ completed: 4, timeouts: 0 });
    expect(runJson.summary.scenario?.unexpected).toBe(0);
  });

  it('refuses a bad scenario file with exit 2, naming the file, the line and the field, before anything starts', async () => {
    const bad = path.join(freshDir(), 'bad.yaml');
    writeFileSync(bad, 'steps:\n  - emit: chat\n    args: ["{{nope}}"]\n');
    const cwd = freshDir();
    const result = await runCli(['run', '-t', 'socketio', '-c', '2', '--scenario', bad, '-o', path.join(cwd, 'results')], { cwd: PROJECT_ROOT });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      `bench: --scenario ${bad}:3: steps[0].args[0]: unknown template {{nope}}: use {{id}}, {{id % N}}, {{seq}}, {{now}}, {{token}}, {{random N}} or {{binary N}} (N from 1 to 1048576)`,
    );
  });
});
