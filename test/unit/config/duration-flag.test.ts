/** Durations as flags take them: 10s, 1500ms, 2m, a bare number of seconds. */
import { describe, expect, it } from 'vitest';
import { parseDurationMs } from '../../../bench/config/duration-flag.js';

describe('parseDurationMs', () => {
  it('reads seconds, milliseconds and minutes; a bare number is seconds', () => {
    expect(['10s', '1500ms', '2m', '3', '0.5s'].map((text) => parseDurationMs('--x', text, 0, 86_400_000))).toEqual([10_000, 1500, 120_000, 3000, 500]);
  });
});
