/**
 * The certificate and key of a load balancer that ends TLS (--tls with --lb nginx or haproxy), as
 * files in the run folder: nginx and HAProxy read them from disk at start. Mode 0600, and removed
 * when the run stops the load balancer, so a run folder that is kept or shared holds no key.
 */
import { rmSync, writeFileSync } from 'node:fs';
import type { ServerTls } from '../../protocol/messages.js';
import { LB_TLS_CERT_PEM, LB_TLS_HAPROXY_PEM, LB_TLS_KEY_PEM, runFilePath } from '../results/run-folder.js';

/** Where nginx finds its certificate and key. */
export function nginxTlsPaths(runDir: string): { certFile: string; keyFile: string } {
  return { certFile: runFilePath(runDir, LB_TLS_CERT_PEM), keyFile: runFilePath(runDir, LB_TLS_KEY_PEM) };
}

/** Where HAProxy finds its certificate and key, one file (`bind ... ssl crt`). */
export function haproxyTlsPath(runDir: string): string {
  return runFilePath(runDir, LB_TLS_HAPROXY_PEM);
}

function writePrivate(file: string, text: string): void {
  writeFileSync(file, text, { mode: 0o600 });
}

/** Writes nginx's two files. */
export function writeNginxTlsFiles(runDir: string, tls: ServerTls): void {
  const { certFile, keyFile } = nginxTlsPaths(runDir);
  writePrivate(certFile, tls.certPem);
  writePrivate(keyFile, tls.keyPem);
}

/** Writes HAProxy's file: the certificate, then its key. */
export function writeHaproxyTlsFile(runDir: string, tls: ServerTls): void {
  writePrivate(haproxyTlsPath(runDir), `${tls.certPem.trimEnd()}\n${tls.keyPem.trimEnd()}\n`);
}

/** Removes whichever of the files a run wrote. */
export function removeLoadBalancerTlsFiles(runDir: string): void {
  for (const file of [LB_TLS_CERT_PEM, LB_TLS_KEY_PEM, LB_TLS_HAPROXY_PEM]) rmSync(runFilePath(runDir, file), { force: true });
}
