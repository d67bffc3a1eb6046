/** The closing lines of a capacity search. */
import { describe, expect, it } from 'vitest';
import { resolveCapacityConfig } from '../../../bench/capacity/capacity-config.js';
import { precisionLine, renderCapacityResult, searchHeadline } from '../../../bench/render/capacity-progress.js';
import type { CapacityJson } from '../../../bench/capacity/capacity-types.js';

describe('the closing lines', () => {
  it('say how far a repeated search may land against the resolution, or that noise places the knee', () => {
    const precision = {
      figure: 'connectMs.p99',
      elasticity: 0.59,
      elasticityLow: 0.33,
      elasticityHigh: 0.85,
      runSpread: 0.15,
      runs: 30,
      runsPerProbe: 4.5,
      capacitySpread: 0.43,
    };
    expect(precisionLine(precision, 0.05)).toBe(
      'precision: near the knee connectMs.p99 changes 0.59% per 1% more clients (95% interval 0.33 to 0.85) and one run scatters 15% about that trend, ' +
        'so a repeated search is expected within about +-43% of this answer (95%, medians of about 5 runs), wider than the 5% resolution',
    );
    expect(precisionLine({ ...precision, capacitySpread: 0.04 }, 0.05)).toContain('within the 5% resolution');
    expect(precisionLine({ ...precision, elasticityLow: -0.03, capacitySpread: null }, 0.05)).toContain('so noise, not the server, places the knee');
  });

  it('name the arrival rate of the capacity when the search lowered it, since a paced arrival is another question than a burst', () => {
    const config = resolveCapacityConfig({ transport: 'socketio', objective: 'burst' });
    const probe = (clients: number, ratePerSecond: number | null, verdict: 'pass' | 'fail') =>
      ({
        clients,
        phase: 'grow',
        cappedBy: null,
        ratePerSecond,
        verdict,
        reason: '',
        dir: '',
        runs: [],
        saturatedRuns: 0,
        judgements: [],
        wallMs: 1000,
      }) as CapacityJson['probes'][number];
    const record: CapacityJson = {
      schemaVersion: 1,
      kind: 'capacity',
      startedAt: '',
      finishedAt: '',
      status: 'done',
      config,
      capacity: 8000,
      bracket: { low: 8000, high: null },
      saturatedFrom: null,
      precision: null,
      stop: { reason: 'hard-limit', message: 'the open-file limit' },
      probes: [probe(1000, null, 'fail'), probe(8000, 101, 'pass')],
      rateLowerings: [
        { afterProbe: 1, fromPerSecond: null, toPerSecond: 202 },
        { afterProbe: 1, fromPerSecond: 202, toPerSecond: 101 },
      ],
      wallMs: 60_000,
    };
    expect(renderCapacityResult(record).split('\n')[0]).toBe(
      'socketio: capacity 8000 clients (at least 8000 clients) meeting connectMs.p99<500ms, firstMessageMs.p99<200ms, failed<0.1%, clients arriving at 101/s after 2 saturated probes halved the rate',
    );
  });

  it('name the steady traffic of the capacity beside its arrival rate', () => {
    const config = resolveCapacityConfig({ transport: 'socketio' });
    const pass = {
      clients: 4000,
      phase: 'grow',
      cappedBy: null,
      ratePerSecond: 500,
      verdict: 'pass',
      reason: '',
      dir: '',
      runs: [],
      saturatedRuns: 0,
      judgements: [],
      wallMs: 1,
    };
    const record = {
      schemaVersion: 1,
      kind: 'capacity',
      startedAt: '',
      finishedAt: '',
      status: 'done',
      config,
      capacity: 4000,
      bracket: { low: 4000, high: null },
      saturatedFrom: null,
      precision: null,
      stop: { reason: 'max-clients', message: '' },
      probes: [pass],
      rateLowerings: [],
      wallMs: 1,
    } as CapacityJson;
    expect(renderCapacityResult(record).split('\n')[0]).toBe(
      'socketio: capacity 4000 clients (at least 4000 clients) meeting steadyTraffic.roundTripMs.p99<100ms, failed<0.1%, dropped<0.1%, steadyTraffic.lost<0.1%, clients arriving at 500/s, 1 message/s per client for 10 s',
    );
  });
});

describe('the line before the first probe', () => {
  it('says what the capacity will be the capacity of, and what the objective filled', () => {
    expect(searchHeadline(resolveCapacityConfig({ transport: 'socketio' })).split('\n')).toEqual([
      'capacity of socketio (--objective server): 1 message/s per client for 10 s, arrivals 500/s, wire client; meeting steadyTraffic.roundTripMs.p99<100ms, failed<0.1%, dropped<0.1%, steadyTraffic.lost<0.1%',
      '  --objective server filled what was not given: --rate 500 --messages-per-second 1 --duration 10 --client wire --slo steadyTraffic.roundTripMs.p99<100ms,failed<0.1%,dropped<0.1%,steadyTraffic.lost<0.1%',
    ]);
    expect(searchHeadline(resolveCapacityConfig({ transport: 'ws', objective: 'burst' })).split('\n')).toEqual([
      'capacity of ws (--objective burst): no steady traffic, arrivals unlimited (a burst, 500 handshakes at a time), library client; meeting connectMs.p99<500ms, firstMessageMs.p99<200ms, failed<0.1%',
      '  --objective burst filled what was not given: --slo connectMs.p99<500ms,firstMessageMs.p99<200ms,failed<0.1%',
    ]);
    // Everything given: nothing filled, one line.
    const given = resolveCapacityConfig({ transport: 'ws', rate: '100', messagesPerSecond: '2', duration: '5', client: 'library', slo: 'failed<1%' });
    expect(searchHeadline(given)).toBe(
      'capacity of ws (--objective server): 2 messages/s per client for 5 s, arrivals 100/s, library client; meeting failed<1%',
    );
  });
});
