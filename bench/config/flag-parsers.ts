/** Turns flag strings into checked values; every failure is a ConfigError that names the flag. */
import { ConfigError } from '../errors.js';
import type { PerMessageDeflate } from '../../protocol/transports.js';

/** A whole number within [min, max]. */
export function parseWholeNumber(flag: string, raw: string, min: number, max: number): number {
  const trimmed = raw.trim();
  const value = /^-?\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(`${flag} must be a whole number from ${min} to ${max}; got "${raw}"`);
  }
  return value;
}

/** A decimal number within [min, max]. */
export function parseDecimal(flag: string, raw: string, min: number, max: number): number {
  const trimmed = raw.trim();
  const value = /^-?(\d+\.?\d*|\.\d+)$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new ConfigError(`${flag} must be a number from ${min} to ${max}; got "${raw}"`);
  }
  return value;
}

/** A share written as a percentage (`5%`) or a fraction (`0.05`), as a fraction; NaN for anything else. The caller bounds it and names its flag. */
export function shareOf(raw: string): number {
  const text = raw.trim();
  if (!/^(\d+\.?\d*|\.\d+)%?$/.test(text)) return Number.NaN;
  return text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
}

/** One of a fixed set of words. */
export function parseChoice<T extends string>(flag: string, raw: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(raw)) return raw as T;
  throw new ConfigError(`${flag} must be one of ${choices.join(', ')}; got "${raw}"`);
}

/** An absolute URL whose scheme is one of `protocols`. */
export function parseUrl(flag: string, raw: string, protocols: readonly string[]): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${flag} must be an absolute URL such as ${protocols[0]}//127.0.0.1:8080; got "${raw}"`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(`${flag} must use ${protocols.join(' or ')} for this transport; got "${raw}"`);
  }
  return url;
}

/** The flag's parsed value, or `fallback` when the flag was not given. */
export function flagOr<T>(value: string | undefined, fallback: T, parse: (text: string) => T): T {
  return value === undefined ? fallback : parse(value);
}

/**
 * --per-message-deflate: alone (or `on`) deflate on both sides, `off` (or --no-per-message-deflate)
 * off, `library` no deflate option passed at all, so each library runs at its own default.
 */
export function parsePerMessageDeflate(raw: boolean | string | undefined): PerMessageDeflate {
  if (raw === undefined || raw === false || raw === 'off') return false;
  if (raw === true || raw === 'on') return true;
  if (raw === 'library') return 'library';
  throw new ConfigError(`--per-message-deflate takes on, off or library (each library's own default), or nothing for on; got "${raw}"`);
}
