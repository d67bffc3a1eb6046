/** The shape of what bench writes (key paths, CSV headers, file names), without the values. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Every key path in a JSON value, sorted: `a`, `a.b`, and `list[].key` for arrays of objects
 * (all elements merged). Arrays of plain values add nothing below their own path. Objects whose
 * keys are data, not names (an error count per error code), are listed in `openMaps` and
 * contribute their own path only, so the shape does not depend on what went wrong in one run.
 */
export function keyPaths(value: unknown, openMaps: readonly string[] = []): string[] {
  const paths = new Set<string>();
  const walk = (node: unknown, at: string): void => {
    if (at !== '') paths.add(at);
    if (node === null || typeof node !== 'object' || openMaps.includes(at)) return;
    if (Array.isArray(node)) {
      for (const element of node) if (element !== null && typeof element === 'object') walk(element, `${at}[]`);
      return;
    }
    for (const [key, child] of Object.entries(node)) walk(child, at === '' ? key : `${at}.${key}`);
  };
  walk(value, '');
  return [...paths].sort();
}

/** The column names on the first line of a CSV file. */
export function csvHeader(file: string): string[] {
  return (readFileSync(file, 'utf8').split('\n')[0] ?? '').trim().split(',');
}

/** Files under `dir`, relative and sorted; each folder name that `rename` maps is replaced (run ids differ every time). */
export function fileTree(dir: string, rename: (name: string) => string = (name) => name): string[] {
  const files: string[] = [];
  const walk = (folder: string, prefix: string): void => {
    for (const name of readdirSync(folder)) {
      const full = path.join(folder, name);
      if (statSync(full).isDirectory()) walk(full, `${prefix}${rename(name)}/`);
      else files.push(`${prefix}${name}`);
    }
  };
  walk(dir, '');
  return [...new Set(files)].sort();
}
