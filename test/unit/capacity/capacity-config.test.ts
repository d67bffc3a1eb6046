/** bench capacity's flags resolved, and refused in one line. */
import { describe, expect, it } from 'vitest';
import { parseResolution, resolveCapacityConfig } from '../../../bench/capacity/capacity-config.js';
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
    expectConfigError(() => resolveCapacityConfig({ transport: 'ws', slo: 'steadyTraffic.roundTripMs.p99<50ms' }), 'add --messages-per-second');
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
