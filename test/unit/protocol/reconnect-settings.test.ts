/** The reconnection back-off, against Socket.IO's Backoff formula. */
import { describe, expect, it } from 'vitest';
import { backoffDelayMs, RECONNECT_DEFAULTS } from '../../../protocol/reconnect-settings.js';

describe('backoffDelayMs: Socket.IO Backoff formula', () => {
  it('doubles from the delay up to the maximum without jitter', () => {
    const settings = { delayMs: 1000, delayMaxMs: 5000, randomizationFactor: 0 };
    expect([0, 1, 2, 3, 4, 20, 2000].map((attempt) => backoffDelayMs(settings, attempt))).toEqual([1000, 2000, 4000, 5000, 5000, 5000, 5000]);
  });

  it('moves down for an even first decimal digit of the draw and up for an odd one, by draw x factor x delay', () => {
    // 0.25: digit 2, even: 1000 - floor(0.25 x 0.5 x 1000) = 875. 0.35: digit 3, odd: 1000 + 175.
    expect(backoffDelayMs(RECONNECT_DEFAULTS, 0, () => 0.25)).toBe(875);
    expect(backoffDelayMs(RECONNECT_DEFAULTS, 0, () => 0.35)).toBe(1175);
    // Attempt 2 (4000 ms) moved up by 0.95 x 0.5 x 4000 = 1900 is capped at 5000.
    expect(backoffDelayMs(RECONNECT_DEFAULTS, 2, () => 0.95)).toBe(5000);
  });

  it('stays within delay x (1 +- factor) for every draw', () => {
    for (let draw = 0; draw < 1; draw += 0.013) {
      const delay = backoffDelayMs(RECONNECT_DEFAULTS, 0, () => draw);
      expect(delay).toBeGreaterThanOrEqual(500);
      expect(delay).toBeLessThanOrEqual(1500);
    }
  });

  it('is 0 for every attempt with --reconnect-delay 0, even after thousands of attempts', () => {
    const settings = { delayMs: 0, delayMaxMs: 5000, randomizationFactor: 0.5 };
    expect([0, 1, 10, 5000].map((attempt) => backoffDelayMs(settings, attempt, () => 0.7))).toEqual([0, 0, 0, 0]);
  });
});
