/**
 * The templates of a scenario's values: what each name means, and the bytes `random` and `binary`
 * make. The config checks every template with `parseScenarioTemplate` before a worker starts; the
 * workers compile them with the same function, so both read one grammar.
 */
import { createHash } from 'node:crypto';

/** The largest `{{random N}}` or `{{binary N}}`, in characters or bytes. */
export const MAX_GENERATED_BYTES = 1_048_576;

/** One template, parsed. */
export type ScenarioTemplate =
  /** The client's global id (0 to clients - 1). */
  | { kind: 'id' }
  /** The client's id modulo n: a room of n, e.g. "room-{{id % 200}}". */
  | { kind: 'idMod'; n: number }
  /** How many messages this client sent before this one (0, 1, 2, ...). */
  | { kind: 'seq' }
  /** Date.now() as the message is built, in ms since the Unix epoch. */
  | { kind: 'now' }
  /** Line (id mod lines) of --tokens-file. */
  | { kind: 'token' }
  /** n characters, different for each client and message (see generatedBytes). */
  | { kind: 'random'; n: number }
  /** n bytes of binary data (see generatedBytes); only as a whole value. */
  | { kind: 'binary'; n: number };

/** The template a {{...}} holds, or null when it names nothing bench knows. */
export function parseScenarioTemplate(text: string): ScenarioTemplate | null {
  const name = text.trim();
  if (name === 'id' || name === 'seq' || name === 'now' || name === 'token') return { kind: name };
  const modulo = /^id\s*%\s*(\d+)$/.exec(name);
  if (modulo) return Number(modulo[1]) >= 1 ? { kind: 'idMod', n: Number(modulo[1]) } : null;
  const sized = /^(random|binary)\s+(\d+)$/.exec(name);
  if (sized) {
    const n = Number(sized[2]);
    return n >= 1 && n <= MAX_GENERATED_BYTES ? { kind: sized[1] as 'random' | 'binary', n } : null;
  }
  return null;
}

/** Templates whose value, when the template is the whole string, is a number rather than text. */
export function isNumericTemplate(template: ScenarioTemplate): boolean {
  return template.kind === 'id' || template.kind === 'idMod' || template.kind === 'seq' || template.kind === 'now';
}

/**
 * The bytes of `{{binary n}}` for a client's message `seq`: SHAKE256 of "bench:<client>:<seq>",
 * n bytes long. Deterministic, so a server (or a test) can recompute what a client sent and check
 * it arrived whole; and incompressible, so per-message deflate cannot shrink it.
 */
export function generatedBytes(client: number, seq: number, n: number): Buffer {
  return createHash('shake256', { outputLength: n }).update(`bench:${client}:${seq}`).digest();
}

/** The text of `{{random n}}`: n base64url characters of the same bytes' kind ("bench:<client>:<seq>:text"). */
export function generatedText(client: number, seq: number, n: number): string {
  const bytes = createHash('shake256', { outputLength: Math.ceil((n * 3) / 4) })
    .update(`bench:${client}:${seq}:text`)
    .digest();
  return bytes.toString('base64url').slice(0, n);
}
