/** Runs the shards of one run as real processes (optionally each in its own network namespace) and reads what they wrote. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { CLI, onlyRunDir, readCsv, type CliResult } from './cli.js';
import { percentiles, type Percentiles } from '../../bench/stats/stats.js';

/** Runs `bench <args>` under an optional command prefix (such as `ip netns exec ns`) to completion. */
export function runCliWithPrefix(prefix: string[], args: string[], cwd: string, timeoutMs = 100_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const [command, ...rest] = [...prefix, process.execPath, CLI, ...args];
    const child = spawn(command as string, rest, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** What the shards of one run left. */
export interface ShardOutcome {
  results: CliResult[];
  /** The run folder of each shard, by index. */
  runDirs: string[];
}

/**
 * Runs shards 0 to count-1 of `clients` clients at once against the server `serverArgs` name
 * (`--target url`, or `--agent url --token-file file`), starting their ramps together `leadMs`
 * from now; shard i writes under `<cwd>/shard-i`. `prefixFor(i)` puts shard i in its own namespace.
 */
export async function runShards(options: {
  count: number;
  clients: number;
  serverArgs: string[];
  cwd: string;
  args?: string[];
  leadMs?: number;
  prefixFor?: (index: number) => string[];
  /** --workers of every shard; null leaves the choice to bench (default: 1). */
  workers?: number | null;
}): Promise<ShardOutcome> {
  const workers = options.workers === undefined ? ['-w', '1'] : options.workers === null ? [] : ['-w', String(options.workers)];
  const startAt = new Date(Date.now() + (options.leadMs ?? 8000)).toISOString();
  const indices = Array.from({ length: options.count }, (_, index) => index);
  const results = await Promise.all(
    indices.map((index) =>
      runCliWithPrefix(
        options.prefixFor?.(index) ?? [],
        [
          'run',
          '-t',
          'ws',
          '-c',
          String(options.clients),
          '--shard',
          `${index}/${options.count}`,
          ...options.serverArgs,
          '--start-at',
          startAt,
          // A flag given twice is refused: the test's own --hold replaces the default one.
          ...(options.args?.includes('--hold') ? [] : ['--hold', '1']),
          ...workers,
          '-o',
          `shard-${index}`,
          '--quiet',
          '--json',
          ...(options.args ?? []),
        ],
        options.cwd,
      ),
    ),
  );
  const runDirs = results.every((result) => result.code === 0) ? indices.map((index) => onlyRunDir(path.join(options.cwd, `shard-${index}`))) : [];
  return { results, runDirs };
}

/** Client ids and times of connections.csv in each folder, pooled. */
export function unionOfRows(runDirs: readonly string[]): {
  clients: number[];
  connectMs: Percentiles | null;
  firstMessageMs: Percentiles | null;
  queuedMs: Percentiles | null;
} {
  const rows = runDirs.flatMap((dir) => readCsv(path.join(dir, 'connections.csv')));
  const times = (column: string): number[] => rows.filter((row) => row.error === '').map((row) => Number(row[column]));
  return {
    clients: rows.map((row) => Number(row.client)).sort((a, b) => a - b),
    connectMs: percentiles(times('connectMs')),
    firstMessageMs: percentiles(times('firstMessageMs')),
    queuedMs: percentiles(times('queuedMs')),
  };
}
