/**
 * Why a TLS connection to a URL fails, asked of TLS itself. sockjs-client reports every failure to
 * reach its /info (a certificate refused among them) as close 1002 "Cannot connect to server" and
 * keeps no cause, so its driver asks here what Node's TLS says about the same host and port.
 */
import { isIP } from 'node:net';
import { connect } from 'node:tls';

/** One probe answers every failure to the same URL within this time: a ramp of failures costs a few probes, not one each. */
const REMEMBER_MS = 1000;
const PROBE_TIMEOUT_MS = 5000;

const recent = new Map<string, { atMs: number; code: Promise<string | null> }>();

/**
 * The Node error code of a TLS connection to the URL's host and port now (UNABLE_TO_VERIFY_LEAF_SIGNATURE,
 * ECONNREFUSED, ...), or null when it succeeds or does not answer in time. It checks the certificate
 * as the worker's clients do: with the same environment (NODE_EXTRA_CA_CERTS, NODE_TLS_REJECT_UNAUTHORIZED).
 */
export function tlsFailureOf(url: string): Promise<string | null> {
  const remembered = recent.get(url);
  const nowMs = performance.now();
  if (remembered !== undefined && nowMs - remembered.atMs < REMEMBER_MS) return remembered.code;
  const code = probe(new URL(url));
  recent.set(url, { atMs: nowMs, code });
  return code;
}

function probe(url: URL): Promise<string | null> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 443);
  return new Promise((resolve) => {
    // No SNI for an IP address (RFC 6066), as Node's https does.
    const socket = connect({ host, port, ...(isIP(host) === 0 ? { servername: host } : {}) });
    const finish = (code: string | null): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(code);
    };
    const timer = setTimeout(() => finish(null), PROBE_TIMEOUT_MS);
    socket.once('secureConnect', () => finish(null));
    socket.once('error', (error: NodeJS.ErrnoException) => finish(typeof error.code === 'string' ? error.code : null));
  });
}
