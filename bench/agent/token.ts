/** The shared secret between a workstation and its agent: created, read from a file or the environment. */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';

/** Environment variable that may hold the token instead of a file. */
export const TOKEN_ENV = 'BENCH_AGENT_TOKEN';

/** Shortest token the agent accepts, in characters. */
export const MIN_TOKEN_LENGTH = 16;

/** Where a token came from, for messages. */
export interface TokenSource {
  token: string;
  /** The file it was read from; null when it came from BENCH_AGENT_TOKEN. */
  file: string | null;
}

/** Reads a token file; `flag` names the flag in the error. The token is the file's trimmed text. */
export function readTokenFile(file: string, flag = '--token-file'): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(
      `${flag} ${file} cannot be read (${code}); copy the token file from the box, or create one there with bench agent --generate-token ${file}`,
    );
  }
  const token = text.trim();
  if (token.length === 0) throw new ConfigError(`${flag} ${file} is empty; create a token with bench agent --generate-token <file>`);
  if (/\s/.test(token)) throw new ConfigError(`${flag} ${file} must hold one token on one line, without spaces`);
  return token;
}

/** The token from --token-file, else from BENCH_AGENT_TOKEN, else null. */
export function findToken(file: string | undefined, env: NodeJS.ProcessEnv = process.env): TokenSource | null {
  if (file !== undefined) return { token: readTokenFile(file), file };
  const fromEnv = env[TOKEN_ENV]?.trim();
  return fromEnv ? { token: fromEnv, file: null } : null;
}

/** True when group or others may read the file (the token should be for its owner only). */
export function isReadableByOthers(file: string): boolean {
  try {
    return (statSync(file).mode & 0o077) !== 0;
  } catch {
    return false;
  }
}

/** Writes a new random token (256 bits, base64url) to `file` with mode 0600; never overwrites. */
export function generateTokenFile(file: string): void {
  // Web Crypto's global, not node:crypto's import: every command reads tokens, only this one makes them.
  const token = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
  try {
    writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new ConfigError(`--generate-token ${file} already exists; remove it first or pick another file`);
    throw new ConfigError(`--generate-token ${file} cannot be written (${code ?? 'error'}); pick a writable path`);
  }
}
