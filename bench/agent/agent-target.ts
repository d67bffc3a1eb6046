/** The --agent and --token-file flags of bench run (and sweep), checked before anything starts. */
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { parseUrl } from '../config/flag-parsers.js';
import { findToken, TOKEN_ENV, readTokenFile } from './token.js';

/** The agent a run drives; recorded in run.json (the token itself never is). */
export interface AgentTarget {
  /** Base URL of the agent, http://box:port. */
  url: string;
  /** File the token is read from; null when it comes from BENCH_AGENT_TOKEN. */
  tokenFile: string | null;
}

/** The flags this needs. */
export interface AgentFlagsInput {
  agent?: string;
  tokenFile?: string;
  target?: string;
  host?: string;
}

/** Validates --agent and its token; null without --agent. Throws ConfigError naming the flag or file. */
export function resolveAgentTarget(input: AgentFlagsInput, env: NodeJS.ProcessEnv = process.env): AgentTarget | null {
  if (input.agent === undefined) {
    if (input.tokenFile !== undefined) throw new ConfigError('--token-file is the token for --agent; add --agent http://box:port or drop it');
    return null;
  }
  const url = parseUrl('--agent', input.agent, ['http:']);
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new ConfigError(`--agent must be the agent's base URL such as http://box:7700, without a path; got "${input.agent}"`);
  }
  if (input.target !== undefined) {
    throw new ConfigError('--agent and --target cannot be used together: --agent starts a fresh server on the box, --target uses one already running');
  }
  if (input.host !== undefined) {
    throw new ConfigError('--host sets the address of a server on this machine; with --agent the box decides (bench agent --server-host)');
  }
  const token = findToken(input.tokenFile, env);
  if (token === null) {
    throw new ConfigError(`--agent needs the agent's token: pass --token-file <file> (a copy of the box's token file) or set ${TOKEN_ENV}`);
  }
  return { url: url.origin, tokenFile: token.file === null ? null : path.resolve(token.file) };
}

/** The token of a resolved target, read again at start (it is never kept in the config). */
export function readAgentToken(target: AgentTarget, env: NodeJS.ProcessEnv = process.env): string {
  if (target.tokenFile !== null) return readTokenFile(target.tokenFile);
  const token = env[TOKEN_ENV]?.trim();
  if (!token) throw new ConfigError(`--agent needs the agent's token: ${TOKEN_ENV} is no longer set`);
  return token;
}
