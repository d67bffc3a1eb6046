/** The agent's pure parts: token comparison, request validation, clock offset and timeline alignment. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StreamSample } from '../bench/agent/agent-protocol.js';
import { tokensMatch } from '../bench/agent/auth.js';
import { measureClockOffset } from '../bench/agent/clock-offset.js';
import { HttpError } from '../bench/agent/http-error.js';
import { alignSample, phaseAt, RemoteSampler, type PhaseChange } from '../bench/agent/remote-sampler.js';
import { validateStartRequest } from '../bench/agent/start-request.js';
import type { SampleRow } from '../bench/results/file-rows.js';

const validBody = {
  options: { transport: 'socketio', stack: '2020', perMessageDeflate: true, mode: 'push', payloadBytes: 64, injectDelayMs: 5, injectRetainKb: 1 },
  sampleIntervalMs: 100,
  exposeGc: true,
  startTimeoutMs: 5000,
  filesNeeded: 4096,
};

function sample(seq: number, atMs: number): StreamSample {
  return { type: 'sample', seq, atMs, connections: seq, rssBytes: 1000 + seq, heapUsedBytes: 10, cpuPercent: 1 };
}

describe('tokensMatch', () => {
  it('accepts the same token and refuses others of any length', () => {
    expect(tokensMatch('abcdefghijklmnop', 'abcdefghijklmnop')).toBe(true);
    expect(tokensMatch('abcdefghijklmnoq', 'abcdefghijklmnop')).toBe(false);
    expect(tokensMatch('abc', 'abcdefghijklmnop')).toBe(false);
    expect(tokensMatch('', 'abcdefghijklmnop')).toBe(false);
  });
});

describe('validateStartRequest', () => {
  it('returns a valid request unchanged', () => {
    expect(validateStartRequest(validBody)).toEqual(validBody);
  });

  it('refuses a stack whose libraries this box has not installed, with the command that installs them', () => {
    const before = process.env.BENCH_LIBRARY_ROOT;
    // Module resolution from an empty folder: an install without the 2020 packages.
    process.env.BENCH_LIBRARY_ROOT = mkdtempSync(path.join(tmpdir(), 'bench-no-2020-'));
    try {
      expect(() => validateStartRequest(validBody)).toThrow(/this box has no .*-2020 for the 2020 stack; run on the box: npm /);
    } finally {
      if (before === undefined) delete process.env.BENCH_LIBRARY_ROOT;
      else process.env.BENCH_LIBRARY_ROOT = before;
    }
  });

  it('reads a request without a stack, from a workstation before stacks, as today\'s libraries', () => {
    const { stack: _stack, ...options } = validBody.options;
    expect(validateStartRequest({ ...validBody, options }).options.stack).toBe('current');
  });

  it.each<[string, unknown, string]>([
    ['not an object', [1, 2], 'request body must be a JSON object'],
    ['unknown transport', { ...validBody, options: { ...validBody.options, transport: 'smtp' } }, 'unknown transport "smtp"'],
    ['missing field', { ...validBody, exposeGc: undefined }, 'exposeGc must be true or false; got nothing'],
    ['fraction', { ...validBody, filesNeeded: 1.5 }, 'filesNeeded must be a whole number'],
    ['string number', { ...validBody, options: { ...validBody.options, payloadBytes: '64' } }, 'options.payloadBytes must be a whole number'],
    ['deflate on sockjs', { ...validBody, options: { ...validBody.options, transport: 'sockjs' } }, 'per-message deflate is not supported by the sockjs transport'],
    ['port', { ...validBody, options: { ...validBody.options, port: 22 } }, 'options.port is chosen by the agent'],
    ['extra field', { ...validBody, script: '/bin/sh' }, 'script is not a known field'],
    ['unknown stack', { ...validBody, options: { ...validBody.options, stack: '1999' } }, 'options.stack must be one of current, 2020; got "1999"'],
    ['bad mode', { ...validBody, options: { ...validBody.options, mode: 'exec' } }, 'options.mode must be one of echo, push'],
  ])('refuses %s with 400 and the reason', (_name, body, reason) => {
    let thrown: unknown = null;
    try {
      validateStartRequest(body);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(HttpError);
    expect((thrown as HttpError).status).toBe(400);
    expect((thrown as HttpError).message).toContain(reason);
  });
});

describe('measureClockOffset', () => {
  it('finds a box clock one hour ahead to within half the shortest round trip', async () => {
    let now = 5_000;
    const trips = [8, 2, 6];
    let round = 0;
    const ask = async (): Promise<number> => {
      const trip = trips[round % trips.length] as number;
      round += 1;
      now += trip / 2;
      const boxNow = now + 3_600_000;
      now += trip / 2;
      return boxNow;
    };
    const offset = await measureClockOffset(ask, 3, () => now);
    expect(offset.roundTripMs).toBe(2);
    expect(offset.offsetMs).toBe(3_600_000);
    expect(offset.rounds).toBe(3);
  });

  it('keeps the shortest round when the reply is asymmetric', async () => {
    let now = 0;
    const ask = async (): Promise<number> => {
      const boxNow = now + 1000 + 1;
      now += 4;
      return boxNow;
    };
    const offset = await measureClockOffset(ask, 2, () => now);
    expect(Math.abs(offset.offsetMs - 1000)).toBeLessThanOrEqual(offset.roundTripMs / 2 + 1);
  });
});

describe('alignment of box samples to the workstation timeline', () => {
  const offsetMs = 3_600_000;
  const timeline = { offsetMs, listenedAtBoxMs: 10_000 + offsetMs };
  const changes: PhaseChange[] = [
    { atMs: 10_500, phase: 'ramp' },
    { atMs: 11_000, phase: 'hold' },
  ];

  it('gives each sample the phase in force when it was taken, not when it arrived', () => {
    expect(phaseAt(changes, 10_499)).toBe('baseline');
    expect(phaseAt(changes, 10_500)).toBe('ramp');
    expect(phaseAt(changes, 12_000)).toBe('hold');
    // Taken at workstation 10_990 (ramp), arrived at 11_050 (hold).
    const row = alignSample(sample(3, 10_990 + offsetMs), timeline, changes, 11_050);
    expect(row.phase).toBe('ramp');
    expect(row.tMs).toBe(990);
    expect(row.rssBytes).toBe(1003);
  });

  it('never places a sample after its arrival', () => {
    const row = alignSample(sample(4, 11_500 + offsetMs), timeline, changes, 10_900);
    expect(row.tMs).toBe(900);
    expect(row.phase).toBe('ramp');
  });

  it('RemoteSampler keeps each sample once, in order, and sampleNow waits for the requested one', async () => {
    const written: SampleRow[] = [];
    let onRequest: () => void = () => undefined;
    const sampler = new RemoteSampler({ offsetMs: 0, listenedAtBoxMs: 0 }, (row) => written.push(row), async () => {
      onRequest();
      return 2;
    });
    sampler.receive(sample(0, 1));
    onRequest = () => setTimeout(() => sampler.receive(sample(2, 3)), 20);
    const waited = sampler.sampleNow();
    sampler.receive(sample(1, 2));
    sampler.receive(sample(1, 2));
    await waited;
    expect(sampler.samples().map((row) => row.rssBytes)).toEqual([1000, 1001, 1002]);
    expect(written).toHaveLength(3);
    await sampler.stop();
    sampler.receive(sample(3, 4));
    expect(sampler.samples()).toHaveLength(3);
  });
});
