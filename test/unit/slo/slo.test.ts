/** Objectives (--slo) parsed and read from known summaries. */
import { describe, expect, it } from 'vitest';
import { parseSlo, sloValue } from '../../../bench/slo/slo.js';
import { BURST_SLO, SERVER_SLO } from '../../../bench/capacity/capacity-objectives.js';
import { expectConfigError } from '../../helpers/config-errors.js';
import { makeSummary } from '../../helpers/summaries.js';

describe('parseSlo', () => {
  it("reads capacity's objectives with their units", () => {
    expect(parseSlo(SERVER_SLO)).toEqual([
      { text: 'steadyTraffic.roundTripMs.p99<100ms', figure: 'steadyTraffic.roundTripMs.p99', operator: '<', bound: 100, percentOfClients: false },
      { text: 'failed<0.1%', figure: 'failed', operator: '<', bound: 0.1, percentOfClients: true },
      { text: 'dropped<0.1%', figure: 'dropped', operator: '<', bound: 0.1, percentOfClients: true },
      { text: 'steadyTraffic.lost<0.1%', figure: 'steadyTraffic.lost', operator: '<', bound: 0.1, percentOfClients: true },
    ]);
    expect(parseSlo(BURST_SLO)).toEqual([
      { text: 'connectMs.p99<500ms', figure: 'connectMs.p99', operator: '<', bound: 500, percentOfClients: false },
      { text: 'firstMessageMs.p99<200ms', figure: 'firstMessageMs.p99', operator: '<', bound: 200, percentOfClients: false },
      { text: 'failed<0.1%', figure: 'failed', operator: '<', bound: 0.1, percentOfClients: true },
    ]);
  });

  it('converts seconds, memory units and plain counts; takes round trips and server RSS', () => {
    const [time, memory, count, trip] = parseSlo('connectMs.p50<=1.5s,server.steadyRssBytes<300MiB,dropped<5,steadyTraffic.roundTripMs.p99<50ms');
    expect(time).toMatchObject({ operator: '<=', bound: 1500 });
    expect(memory).toMatchObject({ bound: 300 * 1024 * 1024 });
    expect(count).toMatchObject({ bound: 5, percentOfClients: false });
    expect(trip).toMatchObject({ figure: 'steadyTraffic.roundTripMs.p99', bound: 50 });
  });

  it('refuses an unknown figure, an unparsable bound, a wrong unit and a figure named twice, naming --slo', () => {
    expectConfigError(() => parseSlo('connectMs.p98<500ms'), '--slo: unknown figure "connectMs.p98"', 'connectMs.p99');
    expectConfigError(() => parseSlo('wallMs<5s'), '--slo: unknown figure "wallMs"');
    expectConfigError(() => parseSlo('connectMs.p99<fast'), '--slo: cannot read the bound "fast" of connectMs.p99', 'ms or s');
    expectConfigError(() => parseSlo('connectMs.p99=500ms'), '--slo: "connectMs.p99=500ms" is not figure<bound');
    expectConfigError(() => parseSlo('connectMs.p99<500MB'), '--slo: connectMs.p99 is in ms, so "500MB" needs ms or s');
    expectConfigError(() => parseSlo('failed<101%'), 'more than 100% of the clients');
    expectConfigError(() => parseSlo('failed<1,failed<2'), '--slo names failed twice');
    expectConfigError(() => parseSlo('failed<1,'), '--slo must be objectives separated by commas');
  });

  it("reads a % bound as a share of the run's clients", () => {
    const [failed] = parseSlo('failed<1%');
    expect(sloValue(failed!, makeSummary({ clients: 200, failed: 3 }))).toBeCloseTo(1.5);
  });
});
