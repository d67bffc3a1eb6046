import type { AddressInfo } from 'node:net';
import { createServer as createNetServer } from 'node:net';
import { createServer } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { tlsFailureOf } from '../../../clients/tls-probe.js';
import { makeRunCertificate } from '../../../bench/run/run-certificate.js';

describe('tlsFailureOf', () => {
  it('names the certificate error of a server this process does not trust, and the system error of a port where nothing listens', async () => {
    const { certPem, keyPem } = await makeRunCertificate();
    const server = createServer({ cert: certPem, key: keyPem }, (socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      expect(await tlsFailureOf(`https://127.0.0.1:${port}/echo`)).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
      expect(await tlsFailureOf(`https://localhost:${port}/echo`)).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    // A port that was just free: nothing answers there.
    const probe = createNetServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const freePort = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    expect(await tlsFailureOf(`https://127.0.0.1:${freePort}/echo`)).toBe('ECONNREFUSED');
  });
});
