/**
 * How the client workers trust the server's certificate: through their environment, set when each
 * worker is spawned. NODE_EXTRA_CA_CERTS adds a CA to the roots of every TLS socket a process opens
 * without its own `ca`, whichever library opens it: ws, engine.io-client's websocket and its
 * long-polling (xmlhttprequest-ssl), and sockjs-client, which takes no TLS options at all (neither
 * its faye-websocket transport nor its xhr driver), on both stacks alike. Per-library `ca` options
 * would reach all but sockjs. Node reads the variable once, at start: hence the spawn, not the config.
 * NODE_TLS_REJECT_UNAUTHORIZED=0 (--insecure) reaches ws and sockjs-client the same way; engine.io-client
 * sets rejectUnauthorized itself, so the socketio driver is told too (WorkerConfig.acceptAnyCertificate).
 * Node warns once per process about that variable, on the worker's stderr, which a run shows only
 * when the worker fails.
 */
import path from 'node:path';
import type { TlsConfig } from '../config/tls-flags.js';

/** The variables that make a worker trust what `tls` says; `runCaFile` is ca.pem of a --tls run. Empty on a plain run and with Node's own roots. */
export function clientTrustEnvironment(tls: TlsConfig | undefined, runCaFile: string): Record<string, string> {
  switch (tls?.trust) {
    case 'run-ca':
      return { NODE_EXTRA_CA_CERTS: path.resolve(runCaFile) };
    case 'ca-file':
      return { NODE_EXTRA_CA_CERTS: path.resolve(tls.caFile ?? '') };
    case 'any':
      return { NODE_TLS_REJECT_UNAUTHORIZED: '0' };
    default:
      return {};
  }
}
