/** --slo as run, sweep and capacity take it: repeatable, each value one or more objectives separated by commas, one grammar (slo.ts). */
import { parseSlo, type Slo } from './slo.js';

/** commander's collector for a repeatable --slo. */
export function collectSlo(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** The objectives of every --slo given, checked as one list (each figure bounded once); null when none was given. */
export function parseSloFlags(values: readonly string[] | string | undefined): Slo[] | null {
  if (values === undefined) return null;
  const list = typeof values === 'string' ? [values] : values;
  return list.length === 0 ? null : parseSlo(list.join(','));
}
