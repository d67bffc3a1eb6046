/**
 * Loads one library of a stack by the module name it is installed under (its npm alias for 2020)
 * and reads the version of what was loaded from the package.json beside it, so run.json records
 * what ran, never what a table says should have.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { STACKS, type LibraryPackage, type StackName } from './stacks.js';

/** One library a process loaded: its npm name, the module name it was loaded as, and its version. */
export interface LoadedLibrary {
  package: string;
  module: string;
  version: string;
}

/** A stack's module (a server module, a client driver) with the libraries loading it loaded. */
export interface Loaded<T> {
  value: T;
  libraries: LoadedLibrary[];
}

/** The package each library is built on and loads itself, recorded after it. */
const BUILT_ON: Partial<Record<LibraryPackage, string>> = { 'socket.io': 'engine.io', 'socket.io-client': 'engine.io-client' };

/**
 * Where aliased modules are resolved from: bench's own install. BENCH_LIBRARY_ROOT (a folder) is a
 * test hook that points resolution at another install, e.g. one without the 2020 packages.
 */
function requireFromRoot(): NodeJS.Require {
  const root = process.env.BENCH_LIBRARY_ROOT;
  return createRequire(root === undefined ? import.meta.url : path.join(path.resolve(root), 'resolve-from.js'));
}

/** The package.json of `moduleName` as `from` resolves it: `<module>/package.json`, else walking up from its entry point (for packages whose exports hide package.json). */
function manifestPath(from: NodeJS.Require, moduleName: string, realName: string): string {
  try {
    return from.resolve(`${moduleName}/package.json`);
  } catch {
    let dir = path.dirname(from.resolve(moduleName));
    for (let depth = 0; depth < 6; depth += 1) {
      const candidate = path.join(dir, 'package.json');
      try {
        if ((JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === realName) return candidate;
      } catch {
        // No package.json at this level; keep walking up.
      }
      dir = path.dirname(dir);
    }
    throw new Error(`cannot find the package.json of ${moduleName}`);
  }
}

function readVersion(file: string): string {
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

/** The first module of the stack that does not resolve, or null when all are installed. */
export function findMissingModule(stack: StackName): string | null {
  const from = requireFromRoot();
  for (const [realName, moduleName] of Object.entries(STACKS[stack].modules)) {
    try {
      manifestPath(from, moduleName, realName);
    } catch {
      return moduleName;
    }
  }
  return null;
}

/** Imports `pkg` of `stack` and returns its exports with the versions of it and of what it is built on. */
export async function loadLibrary(stack: StackName, pkg: LibraryPackage): Promise<Loaded<unknown>> {
  const from = requireFromRoot();
  const moduleName = STACKS[stack].modules[pkg];
  const manifest = manifestPath(from, moduleName, pkg);
  const namespace = (await import(pathToFileURL(from.resolve(moduleName)).href)) as { default?: unknown };
  // Every library here is CommonJS: its module.exports is the namespace's default.
  const value = namespace.default ?? namespace;
  const libraries: LoadedLibrary[] = [{ package: pkg, module: moduleName, version: readVersion(manifest) }];
  const builtOn = BUILT_ON[pkg];
  if (builtOn !== undefined) {
    // Resolved from the library's own folder: the copy it loads, nested under the alias for 2020.
    const fromLibrary = createRequire(manifest);
    libraries.push({ package: builtOn, module: builtOn, version: readVersion(manifestPath(fromLibrary, builtOn, builtOn)) });
  }
  return { value, libraries };
}

/**
 * Imports a package that is not part of a stack (a Redis client, an adapter) and reads its version,
 * as loadLibrary does. Its value is the module namespace: these packages are read by their named exports.
 */
export async function loadPackage(pkg: string): Promise<Loaded<Record<string, unknown>>> {
  const from = requireFromRoot();
  const manifest = manifestPath(from, pkg, pkg);
  const namespace = (await import(pathToFileURL(from.resolve(pkg)).href)) as Record<string, unknown>;
  return { value: namespace, libraries: [{ package: pkg, module: pkg, version: readVersion(manifest) }] };
}
