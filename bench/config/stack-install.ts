/**
 * Installs a spec stack with npm into its cache folder (protocol/stack-cache.ts), once: a second
 * run of the same spec finds the folder's record and installs nothing. npm works in a fresh
 * folder beside the final one, which is renamed into place only after the install succeeded, so a
 * failed or interrupted install leaves no half stack that a later run would load.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { readStackRecord, stackCacheRoot, stackFolder, STACK_RECORD_FILE, type StackRecord } from '../../protocol/stack-cache.js';
import type { StackSpec } from '../../protocol/stack-spec.js';

/** How long one npm install may take: native addons build from source where no prebuilt binary fits. */
const INSTALL_TIMEOUT_MS = 10 * 60_000;

/** npm's own words from its stderr: its "npm error" lines, without the pointer to its log file. */
function npmWords(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^npm (error|ERR!)/.test(line))
    .map((line) => line.replace(/^npm (error|ERR!)\s*/, ''))
    .filter((line) => line.length > 0 && !/complete log of this run|In most cases you or one of your dependencies/i.test(line));
  const words = (lines.length > 0 ? lines : stderr.trim().split('\n').slice(-3)).slice(0, 6).join('; ');
  return words.length > 0 ? words : 'npm printed nothing';
}

function installedVersion(folder: string, name: string): string {
  return (JSON.parse(readFileSync(path.join(folder, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

function npmVersion(): string | null {
  const result = spawnSync('npm', ['--version'], { encoding: 'utf8', timeout: 30_000 });
  return result.status === 0 ? result.stdout.trim() : null;
}

/** Where the native addons are concerned, which part failed to build, for a message that says so. */
function buildFailureOf(spec: StackSpec, words: string): string {
  const native = spec.parts.filter((part) => ['eiows', 'bufferutil', 'utf-8-validate'].includes(part.name));
  const failed = native.find((part) => words.includes(part.name) && /gyp|build|compile|make/i.test(words));
  return failed === undefined ? '' : ` (${failed.name} does not build on this machine)`;
}

/**
 * The record of `spec`'s install, installing it first when it is not in the cache. ConfigError
 * (exit 2) with npm's own words when npm cannot install it: offline, an unknown version, a build that fails.
 * `announce` hears one line before an install starts (it can take a minute).
 */
export function ensureStackInstalled(spec: StackSpec, flag: string, announce: (line: string) => void): StackRecord {
  const existing = readStackRecord(spec.id);
  if (existing !== null) return existing;
  const folder = stackFolder(spec.id);
  const root = stackCacheRoot();
  const work = path.join(root, `.installing-${process.pid}-${Date.now().toString(36)}`);
  try {
    mkdirSync(work, { recursive: true });
  } catch (error) {
    throw new ConfigError(`${flag} ${spec.id}: cannot create the stack cache ${root}: ${(error as Error).message}; pick a writable folder with --stack-cache`);
  }
  announce(`installing ${flag} ${spec.id} with npm into ${folder} (once; later runs reuse it)`);
  const dependencies = Object.fromEntries(spec.parts.map((part) => [part.name, part.version]));
  writeFileSync(path.join(work, 'package.json'), `${JSON.stringify({ name: 'bench-stack', private: true, dependencies }, null, 2)}\n`);
  const started = Date.now();
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-update-notifier', '--loglevel=error'], {
    cwd: work,
    encoding: 'utf8',
    timeout: INSTALL_TIMEOUT_MS,
    // npm's settings from the npm that may have started bench (npm test, npx) describe that project, not this folder.
    env: Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_(config_(prefix|global|location|save|package_lock)|package_)/i.test(key))),
  });
  if (result.error !== undefined || result.status !== 0) {
    rmSync(work, { recursive: true, force: true });
    if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
      throw new ConfigError(`${flag} ${spec.id}: npm is not on PATH, and bench installs a spec stack with it; install npm or use --stack current`);
    }
    const words = result.error !== undefined ? result.error.message : npmWords(result.stderr);
    throw new ConfigError(`${flag} ${spec.id}: npm could not install it${buildFailureOf(spec, words)}: ${words}`);
  }
  const record: StackRecord = {
    id: spec.id,
    installedAt: new Date().toISOString(),
    installMs: Date.now() - started,
    npmVersion: npmVersion(),
    versions: Object.fromEntries(spec.parts.map((part) => [part.name, installedVersion(work, part.name)])),
  };
  writeFileSync(path.join(work, STACK_RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
  try {
    renameSync(work, folder);
  } catch {
    // Another bench installed the same stack meanwhile: its folder is as good as this one.
    rmSync(work, { recursive: true, force: true });
    const theirs = readStackRecord(spec.id);
    if (theirs === null) throw new ConfigError(`${flag} ${spec.id}: cannot move the install into ${folder}; remove that folder and run again`);
    return theirs;
  }
  return record;
}
