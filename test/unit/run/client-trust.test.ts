import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clientTrustEnvironment } from '../../../bench/run/client-trust.js';

describe('clientTrustEnvironment', () => {
  it("adds the run's CA or --ca to the workers' roots, or turns checking off for --insecure, and sets nothing otherwise", () => {
    expect(clientTrustEnvironment(undefined, 'results/r/ca.pem')).toEqual({});
    expect(clientTrustEnvironment({ serve: true, trust: 'run-ca', caFile: null }, 'results/r/ca.pem')).toEqual({
      NODE_EXTRA_CA_CERTS: path.resolve('results/r/ca.pem'),
    });
    expect(clientTrustEnvironment({ serve: false, trust: 'ca-file', caFile: '/etc/team/ca.pem' }, 'x')).toEqual({ NODE_EXTRA_CA_CERTS: '/etc/team/ca.pem' });
    expect(clientTrustEnvironment({ serve: false, trust: 'any', caFile: null }, 'x')).toEqual({ NODE_TLS_REJECT_UNAUTHORIZED: '0' });
    expect(clientTrustEnvironment({ serve: false, trust: 'system', caFile: null }, 'x')).toEqual({});
  });
});
