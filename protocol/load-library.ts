/**
 * Loads one library of a stack by the module name it is installed under (its npm alias for 2020)
 * and reads the version of what was loaded from the package.json beside it, so run.json records
 * what ran, never what a table says should have.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { stackFolder } from './stack-cache.js';
import { isPinnedStackName, parseStackSpec, specPart, type StackPartPackage } from './stack-spec.js';
import { STACKS, type LibraryPackage, type StackName } from './stacks.js';

/** One library a process loaded: its npm name, the module name it was loaded as, and its version. */
export interface LoadedLibrary {
  package: string;
  module: string;
  version: string;
  /** The stack cache folder it was loaded from (a spec stack's parts); absent for bench's own install. */
  from?: string;
}

/** A stack's module (a server module, a client driver) with the libraries loading it loaded. */
export interface Loaded<T> {
  value: T;
  libraries: LoadedLibrary[];
}

/** The packages each library is built on and loads itself, recorded after it (resolved from the one before). */
const BUILT_ON: Partial<Record<LibraryPackage, readonly string[]>> = {
  'socket.io': ['engine.io', 'ws'],
  'socket.io-client': ['engine.io-client'],
};

/** ws's optional native addons: ws loads each where it resolves from ws's own folder. */
const WS_ADDONS = ['bufferutil', 'utf-8-validate'] as const;

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

/** Where `pkg` of `stack` is resolved from and the name it is resolved by; `from` is set for a spec stack's own parts. */
function moduleOf(stack: StackName, pkg: StackPartPackage): { require: NodeJS.Require; moduleName: string; from?: string } {
  if (isPinnedStackName(stack)) {
    const modules = STACKS[stack].modules as Readonly<Record<string, string>>;
    return { require: requireFromRoot(), moduleName: modules[pkg] ?? pkg };
  }
  if (specPart(parseStackSpec(stack), pkg) === undefined) return { require: requireFromRoot(), moduleName: pkg };
  const folder = stackFolder(stack);
  return { require: createRequire(path.join(folder, 'package.json')), moduleName: pkg, from: folder };
}

/** The version of `pkg` a process of `stack` would load, read from its package.json without loading it. */
export function libraryVersion(stack: StackName, pkg: LibraryPackage): string {
  const { require, moduleName } = moduleOf(stack, pkg);
  return readVersion(manifestPath(require, moduleName, pkg));
}

/** The first module of a pinned stack that does not resolve, or null when all are installed. */
export function findMissingModule(stack: StackName): string | null {
  if (!isPinnedStackName(stack)) return null;
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

/** What a library loads beside itself: the packages it is built on, then ws's addons where they resolve; each from the folder of the one before. */
function dependenciesLoaded(pkg: LibraryPackage, manifest: string, from: string | undefined): LoadedLibrary[] {
  const loaded: LoadedLibrary[] = [];
  let resolver = createRequire(manifest);
  let wsResolver: NodeJS.Require | null = pkg === 'ws' ? resolver : null;
  for (const dependency of BUILT_ON[pkg] ?? []) {
    try {
      const dependencyManifest = manifestPath(resolver, dependency, dependency);
      loaded.push({ package: dependency, module: dependency, version: readVersion(dependencyManifest), ...(from === undefined ? {} : { from }) });
      resolver = createRequire(dependencyManifest);
      if (dependency === 'ws') wsResolver = resolver;
    } catch {
      // socket.io 2's engine.io resolves ws lazily; a package it does not have is not recorded.
    }
  }
  if (wsResolver !== null) {
    for (const addon of WS_ADDONS) {
      // Recorded only where ws really loaded it: recent ws prefers Node's own buffer.isUtf8 to utf-8-validate, and WS_NO_* turn them off.
      try {
        if (wsResolver.cache[wsResolver.resolve(addon)] === undefined) continue;
        loaded.push({ package: addon, module: addon, version: readVersion(manifestPath(wsResolver, addon, addon)), ...(from === undefined ? {} : { from }) });
      } catch {
        // Not installed: ws runs its JavaScript fallback.
      }
    }
  }
  return loaded;
}

/** Imports `pkg` of `stack` and returns its exports with the versions of it and of what it is built on. */
export async function loadLibrary(stack: StackName, pkg: StackPartPackage): Promise<Loaded<unknown>> {
  const { require: from, moduleName, from: folder } = moduleOf(stack, pkg);
  const manifest = manifestPath(from, moduleName, pkg);
  const namespace = (await import(pathToFileURL(from.resolve(moduleName)).href)) as { default?: unknown };
  // Every library here is CommonJS: its module.exports is the namespace's default.
  const value = namespace.default ?? namespace;
  const libraries: LoadedLibrary[] = [{ package: pkg, module: moduleName, version: readVersion(manifest), ...(folder === undefined ? {} : { from: folder }) }];
  // Resolved from the library's own folder: the copy it loads, nested under the alias for 2020.
  if (pkg in BUILT_ON || pkg === 'ws') libraries.push(...dependenciesLoaded(pkg as LibraryPackage, manifest, folder));
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
