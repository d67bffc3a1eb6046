import { describe, expect, it } from 'vitest';
import { errorCode, shortReason } from '../../../clients/client-driver.js';

describe('shortReason', () => {
  it('makes a server reason one line of at most 80 characters', () => {
    expect(shortReason('  invalid\r\n token\t ')).toBe('invalid token');
    expect(shortReason(' \n ')).toBeNull();
    const long = shortReason('x'.repeat(200));
    expect(long).toHaveLength(80);
    expect(long?.endsWith('...')).toBe(true);
  });
});

describe('errorCode', () => {
  it("keeps engine.io's reason from a refused polling request's body, on one line", () => {
    const error = { description: 403, context: { responseText: '{"code":4,"message":"Forbidden\\nby app"}' } };
    expect(errorCode(error, 'connect-error')).toBe('http-403: Forbidden by app');
  });
});
