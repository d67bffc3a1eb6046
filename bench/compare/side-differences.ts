/**
 * Settings and machine facts that differ between the two sides of a cell. A difference does not
 * change the verdict, but a reader of a regression needs to know that the sides were not run alike.
 */
import type { Cell, LoadedRun } from '../results/result-set.js';

/** Config fields (run.json `config`) that change what a cell measures. */
const CONFIG_FIELDS = [
  // Cells match across stacks only when asked (--across-stacks): then the libraries are what differs.
  'stack',
  'mode',
  // The wire client or the library: the same server measured through a load generator of another cost.
  'client',
  // --namespaces: one connection of K namespaces, or K connections, against one namespace.
  'namespaces',
  'payloadBytes',
  'holdSeconds',
  'messagesPerSecond',
  'durationSeconds',
  'workers',
  'concurrency',
  'ratePerSecond',
  'gcBeforeSteady',
  'target',
  'injectDelayMs',
  'injectRetainKb',
];

/** Environment fields (run.json `environment`) that change the numbers a machine gives. */
const ENVIRONMENT_FIELDS = ['nodeVersion', 'packages', 'cpu', 'os'];

/** The fields of one section of a run's run.json, objects opened one level (packages.ws, cpu.model). */
function fieldsOf(run: LoadedRun, section: 'config' | 'environment', names: readonly string[]): Map<string, string> {
  const fields = new Map<string, string>();
  const part = run.runJson?.[section];
  if (part === null || typeof part !== 'object') return fields;
  for (const name of names) {
    const value = (part as Record<string, unknown>)[name];
    if (value === undefined) continue;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value as Record<string, unknown>)) fields.set(`${name}.${key}`, JSON.stringify(inner));
    } else {
      fields.set(name, JSON.stringify(value));
    }
  }
  return fields;
}

/** Per field, the distinct values over a side's runs. */
function distinctValues(runs: readonly LoadedRun[], section: 'config' | 'environment', names: readonly string[]): Map<string, Set<string>> {
  const values = new Map<string, Set<string>>();
  for (const run of runs) {
    for (const [field, value] of fieldsOf(run, section, names)) {
      const seen = values.get(field) ?? new Set<string>();
      seen.add(value);
      values.set(field, seen);
    }
  }
  return values;
}

/** One note per cell whose sides differ in settings or environment; empty when they match. */
export function describeSideDifferences(baseline: Cell, current: Cell): string[] {
  const notes: string[] = [];
  for (const [section, fields] of [
    ['config', CONFIG_FIELDS],
    ['environment', ENVIRONMENT_FIELDS],
  ] as const) {
    const differing: string[] = [];
    const before = distinctValues(baseline.runs, section, fields);
    const after = distinctValues(current.runs, section, fields);
    for (const [field, beforeValues] of before) {
      const afterValues = after.get(field);
      // A side read from bare summary files has no run.json to compare; say nothing rather than guess.
      if (!afterValues) continue;
      const left = [...beforeValues].sort().join(' or ');
      const right = [...afterValues].sort().join(' or ');
      if (left !== right) differing.push(`${field} (baseline ${left}, current ${right})`);
    }
    if (differing.length > 0) {
      const what = section === 'config' ? 'settings' : 'environment';
      notes.push(`${baseline.key}: the sides differ in ${what}: ${differing.join('; ')}`);
    }
  }
  return notes;
}
