import { X509Certificate } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { connect, createServer, type Server } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRunCertificate, type RunCertificate } from '../../../bench/run/run-certificate.js';

let certificate: RunCertificate;
let server: Server;
let port: number;

beforeAll(async () => {
  certificate = await makeRunCertificate();
  server = createServer({ cert: certificate.certPem, key: certificate.keyPem }, (socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** The outcome of one TLS handshake with the run's server: 'ok' or Node's error code. */
function handshake(options: { host: string; ca?: string; servername?: string }): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ port, ...options });
    socket.once('secureConnect', () => {
      socket.destroy();
      resolve('ok');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe('makeRunCertificate', () => {
  it('makes a CA and a leaf for 127.0.0.1, ::1 and localhost signed by it, valid now', () => {
    const ca = new X509Certificate(certificate.caPem);
    const leaf = new X509Certificate(certificate.certPem);
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(leaf.subjectAltName).toContain('DNS:localhost');
    expect(leaf.checkIP('::1')).toBe('::1');
    expect(Date.parse(leaf.validFrom)).toBeLessThan(Date.now());
    expect(Date.parse(leaf.validTo)).toBeGreaterThan(Date.now() + 24 * 3600 * 1000);
    expect(certificate.keyPem).toContain('PRIVATE KEY');
    expect(certificate.caPem).not.toContain('PRIVATE KEY');
  });

  it('a client trusting the CA completes the handshake; one that does not is refused with the certificate error', async () => {
    expect(await handshake({ host: '127.0.0.1', ca: certificate.caPem })).toBe('ok');
    expect(await handshake({ host: '127.0.0.1', ca: certificate.caPem, servername: 'localhost' })).toBe('ok');
    // The server sends its leaf only, as servers do: without the CA, Node cannot verify it.
    expect(await handshake({ host: '127.0.0.1' })).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });
});
