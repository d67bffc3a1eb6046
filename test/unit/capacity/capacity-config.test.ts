/** bench capacity's flags resolved, and refused in one line. */
import { describe, expect, it } from 'vitest';
import { parseResolution, probeRunConfig, resolveCapacityConfig } from '../../../bench/capacity/capacity-config.js';
import { BURST_SLO, SERVER_SLO } from '../../../bench/capacity/capacity-objectives.js';
import { resolveRunConfig } from '../../../bench/config/run-config.js';
import { parseSlo } from '../../../bench/slo/slo.js';
import { expectConfigError } from '../../helpers/config-errors.js';

describe('capacity flags', () => {
  it('takes --resolution as a percentage or a share, above 0 and at most 50%', () => {
    expect(parseResolution('5%')).toBeCloseTo(0.05);
    expect(parseResolution('0.1')).toBeCloseTo(0.1);
    expect(parseResolution('50%')).toBeCloseTo(0.5);
    for (const bad of ['0%', '0', '51%', '0.6', 'five', '-5%'])
      expectConfigError(() => parseResolution(bad), '--resolution must be a share of the capacity above 0% and no more than 50%', `got "${bad}"`);
  });

  it('needs --transport, checks run flags at once and refuses round-trip objectives without steady traffic', () => {
    expectConfigError(() => resolveCapacityConfig({}), 'bench capacity needs --transport');
    expectConfigError(() => resolveCapacityConfig({ transport: 'ws', hold: '-1' }), '--hold must be a number from 0');
    expectConfigError(
      () => resolveCapacityConfig({ transport: 'ws', objective: 'burst', slo: 'steadyTraffic.roundTripMs.p99<50ms' }),
      'add --messages-per-second',
    );
    expectConfigError(
      () => resolveCapacityConfig({ transport: 'ws', startClients: '500', maxClients: '100' }),
      '--start-clients (500) is above --max-clients (100)',
    );
    expect(resolveCapacityConfig({ transport: 'ws' })).toMatchObject({
      resolution: 0.05,
      repeat: 3,
      maxRuns: 7,
      startClients: 1000,
      growth: 2,
      rateLowerings: 0,
    });
    expect(resolveCapacityConfig({ transport: 'ws', repeat: '5' })).toMatchObject({ repeat: 5, maxRuns: 11 });
    expectConfigError(() => resolveCapacityConfig({ transport: 'ws', repeat: '5', maxRuns: '4' }), '--max-runs (4) is below --repeat (5)');
    expectConfigError(() => resolveCapacityConfig({ transport: 'ws', rateLowerings: '-1' }), '--rate-lowerings must be a whole number from 0 to 20');
  });
});

describe('--objective', () => {
  const serverFill = { rate: '500', messagesPerSecond: '1', duration: '10', client: 'wire' };

  it('is server by default: paced arrivals, steady traffic and the wire client, judged on the round trip, failures, drops and lost messages', () => {
    const config = resolveCapacityConfig({ transport: 'socketio' });
    expect(config).toMatchObject({
      objective: 'server',
      slo: parseSlo(SERVER_SLO),
      runFlags: serverFill,
      filledByObjective: { runFlags: serverFill, slo: SERVER_SLO },
      workload: { ratePerSecond: 500, concurrency: 500, messagesPerSecond: 1, durationSeconds: 10, client: 'wire' },
    });
    expect(config.slo.map((slo) => slo.text)).toEqual(['steadyTraffic.roundTripMs.p99<100ms', 'failed<0.1%', 'dropped<0.1%', 'steadyTraffic.lost<0.1%']);
    // Each probe's run: arrivals at 500/s (not a burst), 1 message per client per second through a 10 s hold.
    expect(probeRunConfig(config, 2000, 'out')).toMatchObject({
      clients: 2000,
      ratePerSecond: 500,
      messagesPerSecond: 1,
      durationSeconds: 10,
      holdSeconds: 10,
    });
    expect(resolveCapacityConfig({ transport: 'ws', objective: 'server' })).toEqual(resolveCapacityConfig({ transport: 'ws' }));
  });

  it('fills only what was not given: explicit flags and --slo win', () => {
    const given = { rate: '200', messagesPerSecond: '2', duration: '3', client: 'library' };
    expect(resolveCapacityConfig({ transport: 'ws', ...given, slo: 'failed<1%' })).toMatchObject({
      objective: 'server',
      slo: parseSlo('failed<1%'),
      runFlags: given,
      filledByObjective: { runFlags: {}, slo: null },
      workload: { ratePerSecond: 200, messagesPerSecond: 2, durationSeconds: 3, client: 'library' },
    });
    // One flag given, the others filled.
    expect(resolveCapacityConfig({ transport: 'ws', rate: '50' }).filledByObjective).toEqual({
      runFlags: { messagesPerSecond: '1', duration: '10', client: 'wire' },
      slo: SERVER_SLO,
    });
    // A --hold given is how long each run holds: the steady traffic fills it rather than 10 s.
    const held = resolveCapacityConfig({ transport: 'ws', hold: '2' });
    expect(held.filledByObjective.runFlags).toEqual({ rate: '500', messagesPerSecond: '1', client: 'wire' });
    expect(held.workload).toMatchObject({ messagesPerSecond: 1, durationSeconds: 2 });
    // A profile's own pace is left to it.
    const profiled = resolveCapacityConfig({ transport: 'socketio', profile: 'study-2020' });
    expect(profiled.filledByObjective.runFlags).not.toHaveProperty('rate');
    expect(profiled.workload.ratePerSecond).toBe(1000);
    // Both profiles poll, which the wire client does not speak: they keep the library, as does a polling transport given.
    expect(profiled.workload.client).toBe('library');
    expect(resolveCapacityConfig({ transport: 'socketio', socketioTransports: 'polling' }).workload.client).toBe('library');
    expect(resolveCapacityConfig({ transport: 'socketio' }).workload.client).toBe('wire');
  });

  it('burst is the search as it was: an unlimited burst judged on connect and first-message p99, nothing filled', () => {
    const config = resolveCapacityConfig({ transport: 'ws', objective: 'burst' });
    expect(config).toMatchObject({
      objective: 'burst',
      slo: parseSlo(BURST_SLO),
      runFlags: {},
      filledByObjective: { runFlags: {}, slo: BURST_SLO },
      workload: { ratePerSecond: null, concurrency: 500, messagesPerSecond: 0, durationSeconds: 5, client: 'library' },
    });
    expect(config.slo.map((slo) => slo.text)).toEqual(['connectMs.p99<500ms', 'firstMessageMs.p99<200ms', 'failed<0.1%']);
    // Each probe runs exactly what bench run does with the same flags.
    expect(probeRunConfig(config, 1000, 'out')).toEqual(resolveRunConfig({ transport: 'ws', clients: '1000', out: 'out' }));
    const withFlags = resolveCapacityConfig({ transport: 'ws', objective: 'burst', hold: '1', concurrency: '50' });
    expect(withFlags.runFlags).toEqual({ hold: '1', concurrency: '50' });
    expect(probeRunConfig(withFlags, 100, 'out')).toEqual(resolveRunConfig({ transport: 'ws', hold: '1', concurrency: '50', clients: '100', out: 'out' }));
  });

  it('refuses an unknown objective, and a workload the server objective cannot measure, in one line', () => {
    expectConfigError(() => resolveCapacityConfig({ transport: 'ws', objective: 'fast' }), '--objective must be one of server, burst; got "fast"');
    // --mode connect sends no echo traffic, so no steady traffic is filled, and the round-trip bound has nothing to measure.
    expectConfigError(
      () => resolveCapacityConfig({ transport: 'ws', mode: 'connect' }),
      '--objective server bounds steadyTraffic.roundTripMs.p99',
      '--mode connect sends none',
      'give --slo with bounds this workload measures, or --objective burst',
    );
    expect(resolveCapacityConfig({ transport: 'ws', mode: 'connect', slo: 'connectMs.p99<100ms' }).filledByObjective.runFlags).toEqual({
      rate: '500',
      client: 'wire',
    });
    expectConfigError(
      () => resolveCapacityConfig({ transport: 'ws', hold: '0' }),
      '--hold 0 leaves no time for the steady traffic',
      'give --hold or --duration',
    );
  });
});
