/** The agent's validation of a start request. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../../bench/agent/http-error.js';
import { validateStartRequest } from '../../../bench/agent/start-request.js';

const validBody = {
  options: { transport: 'socketio', stack: '2020', perMessageDeflate: true, mode: 'push', payloadBytes: 64, injectDelayMs: 5, injectRetainKb: 1 },
  sampleIntervalMs: 100,
  exposeGc: true,
  startTimeoutMs: 5000,
  filesNeeded: 4096,
};

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

  it("reads a request without a stack, from a workstation before stacks, as today's libraries", () => {
    const { stack: _stack, ...options } = validBody.options;
    expect(validateStartRequest({ ...validBody, options }).options.stack).toBe('current');
  });

  it.each<[string, unknown, string]>([
    ['not an object', [1, 2], 'request body must be a JSON object'],
    ['unknown transport', { ...validBody, options: { ...validBody.options, transport: 'smtp' } }, 'unknown transport "smtp"'],
    ['missing field', { ...validBody, exposeGc: undefined }, 'exposeGc must be true or false; got nothing'],
    ['fraction', { ...validBody, filesNeeded: 1.5 }, 'filesNeeded must be a whole number'],
    ['string number', { ...validBody, options: { ...validBody.options, payloadBytes: '64' } }, 'options.payloadBytes must be a whole number'],
    [
      'deflate on sockjs',
      { ...validBody, options: { ...validBody.options, transport: 'sockjs' } },
      'per-message deflate is not supported by the sockjs transport',
    ],
    ['port', { ...validBody, options: { ...validBody.options, port: 22 } }, 'options.port is chosen by the agent'],
    ['extra field', { ...validBody, script: '/bin/sh' }, 'script is not a known field'],
    ['unknown stack', { ...validBody, options: { ...validBody.options, stack: '1999' } }, 'options.stack: "1999" names no package bench can load'],
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
