/** Durations typed on the command line: `10s`, `1500ms`, `2m`, or a bare number of seconds. */
import { ConfigError } from '../errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

/** A duration within [minMs, maxMs], in ms; a bare number is seconds. */
export function parseDurationMs(flag: string, raw: string, minMs: number, maxMs: number): number {
  const match = /^(\d+\.?\d*|\.\d+)\s*(ms|s|m)?$/.exec(raw.trim());
  const valueMs = match ? Number(match[1]) * (UNIT_MS[match[2] ?? 's'] as number) : Number.NaN;
  if (!Number.isFinite(valueMs) || valueMs < minMs || valueMs > maxMs) {
    throw new ConfigError(`${flag} must be a duration from ${minMs} ms to ${maxMs / 1000} s, such as 10s, 1500ms or 2m; got "${raw}"`);
  }
  return Math.round(valueMs);
}
