/** Bearer-token check of every agent request, in constant time. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Outcome of checking a request's token. */
export type AuthResult = 'ok' | 'missing' | 'wrong';

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * Compares two tokens without leaking where they differ or how long the expected one is:
 * both are hashed first, so timingSafeEqual always sees two 32-byte digests.
 */
export function tokensMatch(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** Checks `Authorization: Bearer <token>` against the agent's token. */
export function checkBearer(request: IncomingMessage, expected: string): AuthResult {
  const header = request.headers.authorization;
  if (header === undefined) return 'missing';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) return 'missing';
  return tokensMatch(match[1] as string, expected) ? 'ok' : 'wrong';
}
