/** Flags of `bench agent`, validated into AgentOptions (all but the logger). */
import { ConfigError } from '../errors.js';
import { parseDecimal, parseWholeNumber } from '../config/flag-parsers.js';
import type { AgentOptions } from './agent-server.js';
import { findToken, isReadableByOthers, MIN_TOKEN_LENGTH, TOKEN_ENV } from './token.js';

/** Flags as the CLI received them. */
export interface AgentOptionsInput {
  host?: string;
  port?: string;
  serverHost?: string;
  tokenFile?: string;
  leaseTimeout?: string;
  /** name=command, repeatable: the commands a workstation may ask to start by name. */
  serverCmd?: string[];
}

/** A declared name: letters, digits, dot, dash, underscore. */
const SERVER_NAME = /^[A-Za-z0-9._-]+$/;

/** --server-cmd name=command, each checked; a name twice is refused. */
export function parseDeclaredServers(values: readonly string[]): Map<string, string> {
  const declared = new Map<string, string>();
  for (const value of values) {
    const at = value.indexOf('=');
    const name = at < 0 ? '' : value.slice(0, at).trim();
    const command = at < 0 ? '' : value.slice(at + 1).trim();
    if (!SERVER_NAME.test(name) || command.length === 0)
      throw new ConfigError(
        `--server-cmd takes name=command, a name of letters, digits, . _ - and a command, e.g. --server-cmd chat="node server.js"; got "${value}"`,
      );
    if (declared.has(name)) throw new ConfigError(`--server-cmd declares ${name} twice; give each command its own name`);
    declared.set(name, command);
  }
  return declared;
}

/** Defaults of `bench agent`, shown in its help and the README. */
export const AGENT_DEFAULTS = {
  host: '127.0.0.1',
  port: 7700,
  leaseTimeoutSeconds: 15,
} as const;

/** The resolved options, and warnings to print before starting. */
export interface ResolvedAgentOptions {
  options: Omit<AgentOptions, 'log'>;
  warnings: string[];
}

function checkHost(flag: string, host: string): string {
  if (host.trim().length === 0) throw new ConfigError(`${flag} must be an address to bind, such as 127.0.0.1 or 0.0.0.0`);
  return host.trim();
}

/** Validates the flags; the token comes from --token-file or BENCH_AGENT_TOKEN, and is required. */
export function resolveAgentOptions(input: AgentOptionsInput, env: NodeJS.ProcessEnv = process.env): ResolvedAgentOptions {
  const host = checkHost('--host', input.host ?? AGENT_DEFAULTS.host);
  const serverHost = input.serverHost === undefined ? host : checkHost('--server-host', input.serverHost);
  const port = input.port === undefined ? AGENT_DEFAULTS.port : parseWholeNumber('--port', input.port, 0, 65_535);
  const leaseMs = Math.round(
    (input.leaseTimeout === undefined ? AGENT_DEFAULTS.leaseTimeoutSeconds : parseDecimal('--lease-timeout', input.leaseTimeout, 1, 3_600)) * 1000,
  );
  const found = findToken(input.tokenFile, env);
  if (found === null) {
    throw new ConfigError(`bench agent needs a token: pass --token-file <file> (create one with bench agent --generate-token <file>) or set ${TOKEN_ENV}`);
  }
  const where = found.file === null ? TOKEN_ENV : `--token-file ${found.file}`;
  if (found.token.length < MIN_TOKEN_LENGTH) {
    throw new ConfigError(
      `the token in ${where} has ${found.token.length} characters; use at least ${MIN_TOKEN_LENGTH} (bench agent --generate-token <file> makes one)`,
    );
  }
  const warnings: string[] = [];
  if (found.file !== null && isReadableByOthers(found.file)) {
    warnings.push(`warning: ${found.file} is readable by other users; chmod 600 ${found.file}`);
  }
  const userServers = parseDeclaredServers(input.serverCmd ?? []);
  return { options: { host, port, serverHost, token: found.token, leaseMs, userServers }, warnings };
}
