/** Turns flag strings into checked values; every failure is a ConfigError that names the flag. */
import { ConfigError } from '../errors.js';

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
