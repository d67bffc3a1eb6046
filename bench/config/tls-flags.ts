/**
 * TLS both ways: --tls (bench's own server speaks TLS with a certificate made for the run) and how
 * the clients trust a server's certificate (--ca, --insecure), checked against the rest of the run.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { isSecureUrl } from '../../protocol/transports.js';

/** Flags as the CLI received them. */
export interface TlsFlagsInput {
  tls?: boolean;
  ca?: string;
  insecure?: boolean;
  target?: string;
  agent?: string;
  /** The user's server (--server-cmd) and where it listens (--server-url): TLS is the command's to serve. */
  serverCmd?: string;
  serverUrl?: string;
}

/** What the clients trust: how they decide to accept the server's certificate. */
export const TLS_TRUSTS = ['run-ca', 'ca-file', 'any', 'system'] as const;
/** One of the ways clients trust a certificate. */
export type TlsTrust = (typeof TLS_TRUSTS)[number];

/** A run over TLS, as run.json records it: never a key, only where the trusted CA came from. */
export interface TlsConfig {
  /** bench's own server serves TLS (--tls): every node, or the load balancer in front of them. */
  serve: boolean;
  /**
   * run-ca: the CA made for this run (ca.pem in the run folder); ca-file: --ca; any: no certificate
   * is checked (--insecure); system: Node's own root certificates (a wss:// or https:// --target
   * without --ca or --insecure).
   */
  trust: TlsTrust;
  /** --ca as an absolute path; null unless trust is ca-file. */
  caFile: string | null;
}

/** The TLS of a run; null when it has none (a plain URL, none of the flags). */
export function resolveTls(input: TlsFlagsInput): TlsConfig | null {
  const serve = input.tls === true;
  const insecure = input.insecure === true;
  if (input.ca !== undefined && insecure) throw new ConfigError('--ca trusts one CA and --insecure accepts any certificate: give one of them, not both');
  if (serve && input.target !== undefined) {
    throw new ConfigError("--tls makes the server bench starts speak TLS; with --target the URL's scheme says it: use wss:// or https:// and drop --tls");
  }
  if (serve && input.serverCmd !== undefined) {
    throw new ConfigError(
      "--tls makes bench's own server speak TLS; a --server-cmd server serves TLS itself: say where with --server-url https://... (or wss://) and trust it with --ca or --insecure",
    );
  }
  if (serve && input.agent !== undefined) {
    throw new ConfigError("--tls is not offered with --agent: the agent's server speaks plain HTTP; drop --tls, or run the server here");
  }
  if (serve && input.ca !== undefined) {
    throw new ConfigError(
      '--ca names the CA of a server bench does not start; with --tls the clients trust the CA made for the run (ca.pem in the run folder): drop --ca',
    );
  }
  const given =
    input.target !== undefined
      ? { flag: '--target', url: input.target }
      : input.serverUrl !== undefined
        ? { flag: '--server-url', url: input.serverUrl }
        : null;
  const secureTarget = given !== null && isSecureUrl(given.url);
  if (!serve && !secureTarget) {
    const flag = input.ca !== undefined ? '--ca' : insecure ? '--insecure' : null;
    if (flag === null) return null;
    const url = given === null ? "bench's own server speaks plain HTTP" : `${given.flag} ${given.url} is plain`;
    throw new ConfigError(`${flag} applies to TLS, and ${url}: give --tls, or a wss:// or https:// --target or --server-url, or drop ${flag}`);
  }
  if (input.ca !== undefined) return { serve, trust: 'ca-file', caFile: readCaFile(input.ca) };
  if (insecure) return { serve, trust: 'any', caFile: null };
  return { serve, trust: serve ? 'run-ca' : 'system', caFile: null };
}

/** --ca's absolute path, once it is known to hold a PEM certificate that Node can parse. */
function readCaFile(file: string): string {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(`--ca ${file}: cannot read the file (${code}); give the path of the CA certificate in PEM form`);
  }
  const block = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(text);
  if (block === null) {
    throw new ConfigError(`--ca ${file}: not a PEM certificate (no -----BEGIN CERTIFICATE----- block); give the CA certificate in PEM form`);
  }
  try {
    new X509Certificate(block[0]);
  } catch (error) {
    throw new ConfigError(
      `--ca ${file}: its certificate block cannot be read (${error instanceof Error ? error.message : String(error)}); give the CA certificate in PEM form`,
    );
  }
  return absolute;
}
