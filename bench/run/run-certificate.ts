/**
 * The certificate bench's own servers present with --tls, made for one run by selfsigned: a CA, and
 * a leaf for 127.0.0.1, ::1 and localhost signed by it. The clients trust the CA (ca.pem in the run
 * folder), as clients trust a company's own CA; the server sends only the leaf, as servers do.
 */
import { generate } from 'selfsigned';
import type { ServerTls } from '../../protocol/messages.js';

/** The run's CA and the server certificate it signed, all PEM. */
export interface RunCertificate extends ServerTls {
  /** The CA's certificate: what clients trust (ca.pem). Its key is thrown away once the leaf is signed. */
  caPem: string;
}

/** Valid from a day back (clock skew between boxes) for a week: a run never lasts longer. */
const VALID_BEFORE_MS = 24 * 3600 * 1000;
const VALID_AFTER_MS = 7 * 24 * 3600 * 1000;

/**
 * Makes a CA and a leaf signed by it. ECDSA P-256 keys: what certbot has issued by default since
 * 2.0, and quick to make; the TLS cost a run measures is that of an ECDSA handshake.
 */
export async function makeRunCertificate(now = new Date()): Promise<RunCertificate> {
  const notBeforeDate = new Date(now.getTime() - VALID_BEFORE_MS);
  const notAfterDate = new Date(now.getTime() + VALID_AFTER_MS);
  const common = { keyType: 'ec', curve: 'P-256', algorithm: 'sha256', notBeforeDate, notAfterDate } as const;
  const ca = await generate([{ name: 'commonName', value: 'bench run CA' }], {
    ...common,
    extensions: [
      { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const leaf = await generate([{ name: 'commonName', value: 'localhost' }], {
    ...common,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { caPem: ca.cert, certPem: leaf.cert, keyPem: leaf.private };
}
