/** The Redis outage judged per publish second, against known values. */
import { describe, expect, it } from 'vitest';
import { summariseBrokerOutage } from '../../../bench/summary/broker-outage.js';
import type { PublishSecond } from '../../../bench/summary/broker-outage-types.js';

const second = (at: number, expected: number, delivered: number, extra: Partial<PublishSecond> = {}): PublishSecond => ({
  second: at,
  expected,
  delivered,
  duplicates: 0,
  late: 0,
  crossNode: null,
  ...extra,
});

// Redis killed at 102.3 s, answering again at 104.6 s (Unix seconds; the hold began at 100 s).
const OUTAGE = { broker: 'redis' as const, killedAtEpochMs: 102_300, killedAtMs: 2300, restartAnsweredAtEpochMs: 104_600, restartAnsweredAtMs: 4600 };

describe('summariseBrokerOutage', () => {
  it('counts the seconds of the outage, lost and late, and times the recovery to the first second from which all are whole', () => {
    const seconds = [
      second(100, 30, 30),
      second(101, 30, 30),
      second(102, 30, 20, { late: 4 }),
      second(103, 30, 12, { late: 2, duplicates: 1 }),
      second(104, 30, 25),
      second(105, 30, 29),
      second(106, 30, 30),
      second(107, 30, 30),
    ];
    expect(summariseBrokerOutage(seconds, OUTAGE, 3)).toEqual({
      broker: 'redis',
      killedAtMs: 2300,
      restartAnsweredAtMs: 4600,
      seconds: 3,
      expected: 90,
      delivered: 57,
      lost: 33,
      late: 6,
      duplicates: 1,
      deliveredRatio: Number((57 / 90).toFixed(6)),
      crossNodeDelivered: null,
      localOnlyRatio: 0.333333,
      // 105 is not whole; from 106 on all are: 106.0 s - 104.6 s.
      recoveryMs: 1400,
      wholeSecondsBefore: { whole: 2, of: 2 },
    });
  });

  it("0 when the restart's own second is already whole; null when never whole again or not restarted", () => {
    const whole = [second(102, 10, 4), second(103, 10, 4), second(104, 10, 10), second(105, 10, 10)];
    expect(summariseBrokerOutage(whole, OUTAGE, 2).recoveryMs).toBe(0);
    const broken = [...whole.slice(0, 3), second(105, 10, 9)];
    expect(summariseBrokerOutage(broken, OUTAGE, 2).recoveryMs).toBeNull();
    const notRestarted = summariseBrokerOutage(whole, { ...OUTAGE, restartAnsweredAtEpochMs: null, restartAnsweredAtMs: null }, 2);
    expect(notRestarted.recoveryMs).toBeNull();
    // Without a restart the outage lasts to the last publish second.
    expect(notRestarted.seconds).toBe(4);
  });

  it('with --lb none, the deliveries that crossed nodes during the outage', () => {
    const seconds = [second(102, 9, 3, { crossNode: 0 }), second(103, 9, 5, { crossNode: 2 })];
    expect(summariseBrokerOutage(seconds, OUTAGE, 3).crossNodeDelivered).toBe(2);
  });
});
