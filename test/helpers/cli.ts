/** Runs the built bench CLI as a real process and reads the files it wrote. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { waitFor } from './processes.js';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = path.join(PROJECT_ROOT, 'dist', 'bench', 'cli.js');
export const FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A fresh temporary folder for one test's results. */
export function freshDir(prefix = 'bench-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Runs `bench <args>` to completion (killed after timeoutMs). */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? freshDir(),
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 110_000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** The only run folder under `<dir>/results` (or the given results root). */
export function onlyRunDir(resultsRoot: string): string {
  const entries = readdirSync(resultsRoot);
  if (entries.length !== 1) throw new Error(`expected one run folder in ${resultsRoot}, found ${entries.length}`);
  return path.join(resultsRoot, entries[0] as string);
}

/**
 * Waits until the run bench is making in `cwd` has written a samples.csv row of `phase` (the
 * engine streams its samples there as they are taken): an observable point in the run to act at.
 */
export async function waitForRunPhase(cwd: string, phase: string, timeoutMs = 30_000): Promise<void> {
  await waitFor(
    () => {
      const root = path.join(cwd, 'results');
      if (!existsSync(root) || readdirSync(root).length === 0) return false;
      const samples = path.join(onlyRunDir(root), 'samples.csv');
      return existsSync(samples) && readFileSync(samples, 'utf8').includes(`,${phase}\n`);
    },
    timeoutMs,
    `phase ${phase} in ${cwd}`,
  );
}

/** Parses a CSV file written by bench (no quoted commas in these files) into objects. */
export function readCsv(file: string): Array<Record<string, string>> {
  const [header, ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
  const columns = (header ?? '').split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(columns.map((column, index) => [column, cells[index] ?? '']));
  });
}

/** Reads and parses a JSON file. */
export function readJson<T = Record<string, unknown>>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/**
 * Runs `bench <args>` in a fresh folder (or `cwd`) and checks it failed as bad usage: exit 2, one
 * line on stderr naming `message` and no stack trace, nothing on stdout, nothing started.
 */
export async function expectUsageError(args: string[], message: string, options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<void> {
  const cwd = options.cwd ?? freshDir();
  const result = await runCli(args, { cwd, timeoutMs: 20_000, ...(options.env === undefined ? {} : { env: options.env }) });
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toContain(message);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\s+at /);
  expect(result.stdout).toBe('');
  // Nothing started: no results or reports folder was created.
  expect(existsSync(path.join(cwd, 'results'))).toBe(false);
  expect(existsSync(path.join(cwd, 'reports'))).toBe(false);
}

/** A bench command started in the background, so a test can act on it mid-run: its folder, its output so far, and its end. */
export interface BackgroundCli {
  child: ChildProcess;
  /** The folder it runs in (a fresh one unless given). */
  cwd: string;
  stderrSoFar(): string;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** Starts `bench <args>` without waiting for it. */
export function startCliInBackground(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): BackgroundCli {
  const cwd = options.cwd ?? freshDir();
  const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  return { child, cwd, stderrSoFar: () => stderr, done };
}

/** A bench command that runs until stopped (agent, server), with the URL it printed first. */
export interface LongRunningCli {
  child: ChildProcess;
  url: string;
  /** Everything it wrote to stderr so far. */
  log(): string;
  /** SIGTERM, then resolves with its exit code. */
  stop(): Promise<number | null>;
}

/** Starts `bench <args>` (optionally under a command prefix such as `ip netns exec ns`) and waits for the URL it prints on stdout. */
export function startLongRunningCli(args: string[], options: { prefix?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<LongRunningCli> {
  const [command, ...rest] = [...(options.prefix ?? []), process.execPath, CLI, ...args];
  const child = spawn(command as string, rest, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`bench ${args[0]} did not print its URL in time; stderr: ${stderr}`)), 20_000);
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (!stdout.includes('\n')) return;
      clearTimeout(timer);
      resolve({
        child,
        url: (stdout.split('\n')[0] ?? '').trim(),
        log: () => stderr,
        stop: () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`bench ${args[0]} exited with ${code} before printing its URL; stderr: ${stderr}`));
    });
  });
}
