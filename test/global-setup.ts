/**
 * Builds dist/ once before any test file runs. The tests spawn dist/bench/cli.js as a real process,
 * so without this `npx vitest run` after an edit would test the code of the last build.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

export default function buildOnce(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  // Incremental: when nothing changed since the last test run the build takes a second or two.
  const buildInfo = path.join(PROJECT_ROOT, 'dist', 'tsconfig.tsbuildinfo');
  // tsc trusts its build info without looking at dist/; if the CLI was deleted, build from scratch.
  if (!existsSync(path.join(PROJECT_ROOT, 'dist', 'bench', 'cli.js'))) rmSync(buildInfo, { force: true });
  const args = [tsc, '-p', 'tsconfig.json', '--incremental', '--tsBuildInfoFile', buildInfo];
  const result = spawnSync(process.execPath, args, { cwd: PROJECT_ROOT, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`the build before the tests failed (tsc -p tsconfig.json): fix these and run again\n${result.stdout}${result.stderr}`);
  }
}
