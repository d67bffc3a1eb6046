/**
 * Where spec stacks are installed: one folder per stack id under $XDG_CACHE_HOME/bench/stacks (or
 * ~/.cache/bench/stacks), outside the project so that no install of bench's own is touched.
 * BENCH_STACK_CACHE, which --stack-cache sets for bench and the processes it starts, replaces the root.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The file an install writes last: its presence says the folder is whole. */
export const STACK_RECORD_FILE = 'bench-stack.json';

/** What a finished install recorded about itself. */
export interface StackRecord {
  id: string;
  installedAt: string;
  installMs: number;
  npmVersion: string | null;
  /** The versions npm resolved, by package, for every part of the spec. */
  versions: Record<string, string>;
}

export const STACK_CACHE_ENV = 'BENCH_STACK_CACHE';

/** The folder all spec stacks are installed under. */
export function stackCacheRoot(): string {
  const override = process.env[STACK_CACHE_ENV];
  if (override !== undefined && override.length > 0) return path.resolve(override);
  const xdg = process.env.XDG_CACHE_HOME;
  // The XDG base directory spec says a relative value is to be ignored.
  const base = xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.cache');
  return path.join(base, 'bench', 'stacks');
}

/** The folder of one stack: its id, readable, with what a range may hold besides (spaces, comparison signs) percent-encoded. */
export function stackFolder(id: string): string {
  const name = id.replace(/[^A-Za-z0-9.@,+~^_-]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return path.join(stackCacheRoot(), name);
}

/** The record of an installed stack, or null when it is not (or not wholly) installed. */
export function readStackRecord(id: string): StackRecord | null {
  try {
    return JSON.parse(readFileSync(path.join(stackFolder(id), STACK_RECORD_FILE), 'utf8')) as StackRecord;
  } catch {
    return null;
  }
}
