import { describe, expect, it } from 'vitest';
import { mserWarmupEnd } from '../../../bench/stats/warmup.js';
import { seededRandom } from '../../../bench/stats/bootstrap.js';

describe('mserWarmupEnd', () => {
  it('cuts a settling start: a high start that falls to a level, then noise about it', () => {
    const random = seededRandom(5);
    const values = Array.from({ length: 400 }, (_, i) => (i < 60 ? 200 - i * 1.5 : 110) + random() * 4);
    const end = mserWarmupEnd(values);
    expect(end).toBeGreaterThanOrEqual(50);
    expect(end).toBeLessThanOrEqual(200);
  });

  it('keeps a series that is settled from the start', () => {
    const random = seededRandom(9);
    const values = Array.from({ length: 400 }, () => 100 + random());
    expect(mserWarmupEnd(values)).toBeLessThan(100);
  });

  it('never cuts more than half, and nothing of a series under 20 samples', () => {
    const rising = Array.from({ length: 400 }, (_, i) => i);
    expect(mserWarmupEnd(rising)).toBeLessThanOrEqual(200);
    expect(mserWarmupEnd([5, 4, 3, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1])).toBe(0);
  });
});
