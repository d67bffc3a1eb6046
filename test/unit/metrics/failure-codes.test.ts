/** The failed clients' code label stays bounded whatever codes a run meets. */
import { describe, expect, it } from 'vitest';
import { FailureCodes, MAX_FAILURE_CODES, OTHER_FAILURE_CODE } from '../../../bench/metrics/failure-codes.js';

describe('FailureCodes', () => {
  it('cuts the reason off a code', () => {
    const codes = new FailureCodes();
    expect(codes.labelOf('http-401: invalid token')).toBe('http-401');
    expect(codes.labelOf('connect-error: Invalid namespace')).toBe('connect-error');
    expect(codes.labelOf('sockjs-4001: go away')).toBe('sockjs-4001');
    expect(codes.labelOf('ECONNREFUSED')).toBe('ECONNREFUSED');
  });

  it('labels new codes past the bound as other, and keeps those it has', () => {
    const codes = new FailureCodes();
    for (let index = 0; index < MAX_FAILURE_CODES; index += 1) expect(codes.labelOf(`http-${400 + index}`)).toBe(`http-${400 + index}`);
    expect(codes.labelOf('ECONNRESET')).toBe(OTHER_FAILURE_CODE);
    expect(codes.labelOf('http-400: again')).toBe('http-400');
  });
});
