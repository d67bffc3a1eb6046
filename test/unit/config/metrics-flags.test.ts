/** --metrics-port and --metrics-host are checked before anything starts. */
import { describe, expect, it } from 'vitest';
import { resolveMetricsFlags } from '../../../bench/config/metrics-flags.js';
import { ConfigError } from '../../../bench/errors.js';

describe('resolveMetricsFlags', () => {
  it('is off without --metrics-port, on loopback by default with it', () => {
    expect(resolveMetricsFlags({})).toBeNull();
    expect(resolveMetricsFlags({ metricsPort: '0' })).toEqual({ port: 0, host: '127.0.0.1' });
    expect(resolveMetricsFlags({ metricsPort: '9464', metricsHost: '0.0.0.0' })).toEqual({ port: 9464, host: '0.0.0.0' });
  });

  it('refuses a bad port and a host without a port', () => {
    expect(() => resolveMetricsFlags({ metricsPort: '70000' })).toThrow(/--metrics-port must be a whole number from 0 to 65535/);
    expect(() => resolveMetricsFlags({ metricsHost: '0.0.0.0' })).toThrow(ConfigError);
  });
});
