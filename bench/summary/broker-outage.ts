/** Judges the messages published during a broker outage, second by second, and the recovery after it. */
import type { OutageTimes, PublishSecond, BrokerOutageSummary } from './broker-outage-types.js';

function isWhole(second: PublishSecond): boolean {
  return second.delivered === second.expected;
}

/** Judges the outage from the publish seconds (in any order) of the whole run. */
export function summariseBrokerOutage(seconds: readonly PublishSecond[], outage: OutageTimes, nodes: number): BrokerOutageSummary {
  const sorted = [...seconds].filter((second) => second.expected > 0).sort((a, b) => a.second - b.second);
  const firstSecond = Math.floor(outage.killedAtEpochMs / 1000);
  const endEpochMs = outage.restartAnsweredAtEpochMs ?? Number.POSITIVE_INFINITY;
  const during = sorted.filter((second) => second.second >= firstSecond && second.second * 1000 < endEpochMs);
  const before = sorted.filter((second) => second.second < firstSecond);
  const sum = (pick: (second: PublishSecond) => number): number => during.reduce((total, second) => total + pick(second), 0);
  const expected = sum((second) => second.expected);
  const delivered = sum((second) => second.delivered);
  const crossNode = during.every((second) => second.crossNode !== null) ? sum((second) => second.crossNode as number) : null;
  return {
    broker: outage.broker,
    killedAtMs: outage.killedAtMs,
    restartAnsweredAtMs: outage.restartAnsweredAtMs,
    seconds: during.length,
    expected,
    delivered,
    lost: expected - delivered,
    late: sum((second) => second.late),
    duplicates: sum((second) => second.duplicates),
    deliveredRatio: expected > 0 ? Math.round((delivered / expected) * 1e6) / 1e6 : null,
    crossNodeDelivered: crossNode,
    localOnlyRatio: Math.round((1 / nodes) * 1e6) / 1e6,
    recoveryMs: recoveryMs(sorted, outage.restartAnsweredAtEpochMs),
    wholeSecondsBefore: { whole: before.filter(isWhole).length, of: before.length },
  };
}

/** The start of the first publish second from which all are whole, less the restart's answer; null when none is. */
function recoveryMs(sorted: readonly PublishSecond[], answeredAtEpochMs: number | null): number | null {
  if (answeredAtEpochMs === null) return null;
  const after = sorted.filter((second) => (second.second + 1) * 1000 > answeredAtEpochMs);
  if (after.length === 0) return null;
  let firstOfWholeRun: PublishSecond | null = null;
  for (const second of after) {
    if (!isWhole(second)) firstOfWholeRun = null;
    else firstOfWholeRun ??= second;
  }
  return firstOfWholeRun === null ? null : Math.max(0, firstOfWholeRun.second * 1000 - answeredAtEpochMs);
}
