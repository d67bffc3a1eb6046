/**
 * Whether a received message is the one an expect or on step waits for: its event (Socket.IO), the
 * fields its payload must have, and a pattern its text must match. A message is read once: its
 * JSON parsed, or its text made, only when a step asks for it.
 */
import { isDeepStrictEqual } from 'node:util';
import type { MatchFields } from '../../protocol/scenario.js';

/** What a step waits for. */
export interface ReceiveTarget {
  event: string | null;
  match: MatchFields | null;
  pattern: string | null;
}

/** A compiled target: the pattern as a RegExp, the field paths split. */
export class MessageFilter {
  private readonly pattern: RegExp | null;
  private readonly fields: Array<[string[], unknown]>;

  constructor(readonly target: ReceiveTarget) {
    this.pattern = target.pattern === null ? null : new RegExp(target.pattern);
    this.fields = Object.entries(target.match ?? {}).map(([field, value]) => [field.split('.'), value]);
  }

  matches(message: ReceivedMessage): boolean {
    if (this.target.event !== null && message.event !== this.target.event) return false;
    if (this.fields.length > 0) {
      const payload = message.payload();
      for (const [field, value] of this.fields) if (!isDeepStrictEqual(fieldOf(payload, field), value)) return false;
    }
    return this.pattern === null || this.pattern.test(message.text());
  }
}

/** The value at a dotted path of a payload; undefined where there is none. */
export function fieldOf(payload: unknown, field: readonly string[]): unknown {
  let value = payload;
  for (const key of field) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

const NOT_READ = Symbol('not read');

/** One message as it arrived: Socket.IO's event and arguments, or a ws / SockJS message (event null). */
export class ReceivedMessage {
  private parsed: unknown = NOT_READ;
  private asText: string | null = null;

  constructor(
    readonly event: string | null,
    readonly args: readonly unknown[],
  ) {}

  /** What fields are read from: Socket.IO's first argument; a text message's JSON (undefined when it is not JSON). */
  payload(): unknown {
    if (this.parsed !== NOT_READ) return this.parsed;
    const first = this.args[0];
    if (this.event === null && typeof first === 'string') {
      try {
        this.parsed = JSON.parse(first) as unknown;
      } catch {
        this.parsed = undefined;
      }
    } else {
      this.parsed = first;
    }
    return this.parsed;
  }

  /** What a pattern is tested on: a string as it is, anything else as JSON (a binary message as its length). */
  text(): string {
    if (this.asText !== null) return this.asText;
    const first = this.args[0];
    this.asText = typeof first === 'string' ? first : Buffer.isBuffer(first) ? `<${first.length} bytes>` : (JSON.stringify(first) ?? '');
    return this.asText;
  }
}
