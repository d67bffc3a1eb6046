/** The agent's token comparison. */
import { describe, expect, it } from 'vitest';
import { tokensMatch } from '../../../bench/agent/auth.js';

describe('tokensMatch', () => {
  it('accepts the same token and refuses others of any length', () => {
    expect(tokensMatch('abcdefghijklmnop', 'abcdefghijklmnop')).toBe(true);
    expect(tokensMatch('abcdefghijklmnoq', 'abcdefghijklmnop')).toBe(false);
    expect(tokensMatch('abc', 'abcdefghijklmnop')).toBe(false);
    expect(tokensMatch('', 'abcdefghijklmnop')).toBe(false);
  });
});
