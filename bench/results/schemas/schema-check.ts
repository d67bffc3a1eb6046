/**
 * Checks a parsed file against its schema and turns the first problem into one line naming the
 * file, the field's path and what it must be: `run.json: summary.connectMs.p50 must be a number; got "12"`.
 */
import type { z } from 'zod';
import { ConfigError } from '../../errors.js';

/** A file that does not match its schema: bad input, exit 2. */
export class InvalidFileError extends ConfigError {}

type AnySchema = z.core.$ZodType;

/** The schema's definition, as zod 4 exposes it to introspection. */
function defOf(schema: AnySchema): Record<string, unknown> & { type: string } {
  return schema._zod.def as unknown as Record<string, unknown> & { type: string };
}

/** The schema of the field at `path` inside `schema`, or undefined where it cannot be followed (unions). */
function schemaAt(schema: AnySchema, path: readonly PropertyKey[]): AnySchema | undefined {
  let current: AnySchema | undefined = schema;
  for (const key of path) {
    current = current === undefined ? undefined : unwrap(current).inner;
    if (current === undefined) return undefined;
    const def = defOf(current);
    if (def.type === 'object') current = (def.shape as Record<string, AnySchema>)[String(key)];
    else if (def.type === 'array') current = def.element as AnySchema;
    else if (def.type === 'record') current = def.valueType as AnySchema;
    else return undefined;
  }
  return current;
}

/** The schema without its optional and nullable wrappers, and whether null is allowed. */
function unwrap(schema: AnySchema): { inner: AnySchema; nullable: boolean } {
  let inner = schema;
  let nullable = false;
  for (;;) {
    const def = defOf(inner);
    if (def.type !== 'optional' && def.type !== 'nullable') return { inner, nullable };
    if (def.type === 'nullable') nullable = true;
    inner = def.innerType as AnySchema;
  }
}

/** What a value of `schema` is, in words: "a number or null", "one of ok, partial". */
export function describeSchema(schema: AnySchema): string {
  const { inner, nullable } = unwrap(schema);
  const def = defOf(inner);
  const words: Record<string, string> = {
    number: 'a number',
    string: 'a string',
    boolean: 'true or false',
    object: 'an object',
    record: 'an object',
    array: 'a list',
    template_literal: 'a string of its form',
    union: 'one of its forms',
  };
  let what = words[def.type] ?? def.type;
  if (def.type === 'enum') what = `one of ${Object.values(def.entries as Record<string, string>).join(', ')}`;
  if (def.type === 'literal') what = (def.values as unknown[]).map((value) => JSON.stringify(value)).join(' or ');
  return nullable ? `${what} or null` : what;
}

/** The value at `path` inside `value`, or undefined where there is none. */
function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** A value as the message quotes it: JSON, at most 60 characters. */
function quote(value: unknown): string {
  const text = typeof value === 'number' && !Number.isFinite(value) ? String(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** `a.b[2].c`: a field's path as the message names it, under `prefix`. */
function pathText(prefix: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text === '' ? String(key) : `${text}.${String(key)}`), prefix);
}

/**
 * Throws InvalidFileError naming `file` and the first field of `value` that does not match
 * `schema`; `prefix` is the path of `value` inside the file (e.g. `summary` for a summary).
 */
export function checkAgainstSchema(schema: AnySchema & z.ZodType, value: unknown, file: string, prefix = ''): void {
  const result = schema.safeParse(value);
  if (result.success) return;
  const issue = result.error.issues[0] as z.core.$ZodIssue;
  const field = pathText(prefix, issue.path);
  const fieldSchema = schemaAt(schema, issue.path);
  const must = fieldSchema ? describeSchema(fieldSchema) : 'of another form';
  const found = valueAt(value, issue.path);
  const where = field === '' ? 'the file' : field;
  const problem = found === undefined ? `${where} is missing; it must be ${must}` : `${where} must be ${must}; got ${quote(found)}`;
  throw new InvalidFileError(`${file}: ${problem}; it is not a file this bench wrote, or it was changed since`);
}
