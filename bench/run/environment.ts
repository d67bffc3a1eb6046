/** The environment a run happened in, recorded in run.json so a number can be traced to its machine. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../project-root.js';
import { MEASURED_PACKAGES } from '../../protocol/transports.js';
import { readEphemeralPortRange, readFileLimit } from './system-limits.js';

/** Package versions, machine and OS facts. Byte counts in bytes. */
export interface Environment {
  nodeVersion: string;
  benchVersion: string;
  packages: Record<string, string | null>;
  os: { platform: string; release: string; kernel: string; arch: string };
  cpu: { model: string; cores: number };
  memoryBytes: number;
  hostname: string;
  fileLimit: { soft: number; hard: number } | null;
  ephemeralPortRange: { low: number; high: number } | null;
  gitCommit: string | null;
}

const requireFromHere = createRequire(import.meta.url);

/** Version of an installed package, found by walking up from its entry point to its package.json. */
export function packageVersion(name: string): string | null {
  try {
    let dir = path.dirname(requireFromHere.resolve(name));
    for (let depth = 0; depth < 6; depth += 1) {
      try {
        const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (manifest.name === name && manifest.version) return manifest.version;
      } catch {
        // No package.json at this level; keep walking up.
      }
      dir = path.dirname(dir);
    }
  } catch {
    // Not installed at top level (engine.io-client may be nested): reported as null.
  }
  return null;
}

function readGitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'ignore'], timeout: 2000 })
      .toString()
      .trim();
  } catch {
    return null;
  }
}

/** Collects the environment of this machine. */
export function collectEnvironment(): Environment {
  const benchManifest = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
  const cpus = os.cpus();
  return {
    nodeVersion: process.version,
    benchVersion: benchManifest.version,
    packages: Object.fromEntries(MEASURED_PACKAGES.map((name) => [name, packageVersion(name)])),
    os: { platform: os.platform(), release: os.release(), kernel: os.version(), arch: os.arch() },
    cpu: { model: cpus[0]?.model ?? 'unknown', cores: cpus.length },
    memoryBytes: os.totalmem(),
    hostname: os.hostname(),
    fileLimit: readFileLimit(),
    ephemeralPortRange: readEphemeralPortRange(),
    gitCommit: readGitCommit(),
  };
}
