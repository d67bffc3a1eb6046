/** The sentence capacity.json's `stop.message` gives for the stops the search itself decides. */
import type { CapacityConfig } from './capacity-config.js';
import type { CapacityJson } from './capacity-types.js';
import type { Bracket } from './capacity-search.js';

/** Why a search bounded by a saturated load generator stopped: what passed, where the load generator gave out, and what to try. */
export function describeSaturatedStop(record: CapacityJson, ceiling: number, config: CapacityConfig): string {
  const probe = record.probes.findLast((item) => item.clients === ceiling && item.verdict === 'saturated');
  const rate = probe?.ratePerSecond === null || probe === undefined ? '' : ` at ${probe.ratePerSecond}/s`;
  const passed = record.bracket.low === null ? 'no smaller probe passed' : `${record.bracket.low} clients met every objective`;
  const lowerings =
    config.rateLowerings === 0 ? '' : ` (the arrival rate was lowered ${record.rateLowerings.length} of ${config.rateLowerings} times, --rate-lowerings)`;
  return (
    `${passed}; ${ceiling} clients${rate}: ${probe?.reason ?? 'the load generator was saturated'}${lowerings}. Such a probe is no evidence either way, so above the capacity ` +
    'this machine cannot measure the server, and the capacity is a lower bound (try a quieter machine, clients on another machine, or --rate-lowerings N, which answers for paced arrivals instead of a burst)'
  );
}

export function describeDone(reason: 'resolved' | 'max-clients' | 'none-passed', bracket: Bracket, config: CapacityConfig): string {
  switch (reason) {
    case 'resolved':
      return `the bracket ${bracket.low} to ${bracket.high} clients is within the resolution (${Number((config.resolution * 100).toFixed(2))}%)`;
    case 'max-clients':
      return `${config.maxClients} clients (--max-clients) met every objective; the capacity is at least that, raise --max-clients to search further`;
    case 'none-passed':
      return 'even 1 client missed an objective';
  }
}
