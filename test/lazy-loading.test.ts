/** Commands load what they run only when they run: help must not pay for the engine, the servers or the client libraries. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../bench/project-root.js';

const CLI = path.join(PROJECT_ROOT, 'dist', 'bench', 'cli.js');
const LOGGER = path.join(PROJECT_ROOT, 'test', 'fixtures', 'log-module-loads.mjs');

/** The project-relative paths of every module `bench <args>` resolved. */
function modulesLoadedBy(args: string[]): string[] {
  const result = spawnSync(process.execPath, ['--import', LOGGER, CLI, ...args], { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return result.stderr
    .split('\n')
    .filter((line) => line.startsWith('LOADED file://'))
    .map((line) => path.relative(PROJECT_ROOT, new URL(line.slice('LOADED '.length)).pathname));
}

const HEAVY = [
  /^dist\/bench\/run\/run-engine\.js$/,
  /^dist\/bench\/report\//,
  /^dist\/servers\//,
  /^dist\/clients\//,
  /^node_modules\/(socket\.io|socket\.io-client|ws|sockjs|sockjs-client)(-2020)?\//,
  /^node_modules\/(hdr-histogram-js|pidusage|vega|vega-lite|@resvg)\//,
];

describe('what a command loads', () => {
  it.each([[['--help']], [['run', '--help']], [['sweep', '--help']], [['merge', '--help']], [['compare', '--help']], [['capacity', '--help']]])('bench %j loads no engine, server, client or chart library', (args) => {
    const loaded = modulesLoadedBy(args);
    // The logger works: the program itself is among what it saw.
    expect(loaded).toContain('dist/bench/program.js');
    expect(loaded.filter((file) => HEAVY.some((pattern) => pattern.test(file)))).toEqual([]);
  });
});
