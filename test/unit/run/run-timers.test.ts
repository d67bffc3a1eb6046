/** The run's timers: cleared together, and a due time never fired early. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireNoEarlierThan, RunTimers } from '../../../bench/run/run-timers.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('fireNoEarlierThan', () => {
  it('waits out the rest when its timer fires before the clock reaches the due time', () => {
    // The clock the due time is on, set by hand: at the timer's firing it reads 0.4 ms short, as a
    // timer counted from the event loop's cached clock can.
    let now = 0;
    const fired: number[] = [];
    fireNoEarlierThan(
      100,
      () => now,
      () => fired.push(now),
    );
    now = 99.6;
    vi.advanceTimersByTime(100);
    expect(fired).toEqual([]);
    now = 100.6;
    vi.advanceTimersByTime(1);
    expect(fired).toEqual([100.6]);
    vi.advanceTimersByTime(1000);
    expect(fired).toHaveLength(1);
  });

  it('fires at once for a time already past, and never once cancelled', () => {
    const fired: string[] = [];
    fireNoEarlierThan(
      5,
      () => 10,
      () => fired.push('past'),
    );
    const cancel = fireNoEarlierThan(
      50,
      () => 0,
      () => fired.push('cancelled'),
    );
    cancel();
    vi.advanceTimersByTime(100);
    expect(fired).toEqual(['past']);
  });
});

describe('RunTimers', () => {
  it('clears its delays and intervals together: none fires after clearAll', () => {
    const timers = new RunTimers();
    let resolved = false;
    let ticks = 0;
    void timers.delay(100).then(() => (resolved = true));
    timers.every(10, () => (ticks += 1));
    vi.advanceTimersByTime(35);
    expect(ticks).toBe(3);
    timers.clearAll();
    vi.advanceTimersByTime(1000);
    expect(ticks).toBe(3);
    expect(vi.getTimerCount()).toBe(0);
    return Promise.resolve().then(() => expect(resolved).toBe(false));
  });
});
