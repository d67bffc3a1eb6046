/**
 * sweep.json: the grid, the flags every cell shares, and the state of every cell. It is rewritten
 * after each cell, so it always says what is done, and `--resume` and `bench report` read it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeJsonAtomic } from '../results/atomic-write.js';
import { ConfigError } from '../errors.js';
import { checkAgainstSchema } from '../results/schemas/schema-check.js';
import { sweepManifestSchema } from '../results/schemas/sweep-json-schema.js';
import type { TransportVariant } from '../../protocol/transports.js';
import type { StackName } from '../../protocol/stacks.js';
import type { RunMode } from '../../protocol/messages.js';
import type { ProfileName } from '../config/profiles.js';
import type { RunStatus } from '../summary/run-summary-types.js';
import type { SweepGrid, SweepRunFlags } from './sweep-config.js';
import type { SweepCell } from './sweep-grid.js';

/** Version of sweep.json's layout; readers refuse files of another version. */
export const SWEEP_SCHEMA_VERSION = 1;

export const SWEEP_FILE = 'sweep.json';

/** pending: not run yet; interrupted: stopped by the user, run again on --resume; the rest are a run's status. */
export type CellStatus = 'pending' | RunStatus;

/** A cell's state in sweep.json. */
export interface SweepCellRecord extends SweepCell {
  /** The transport options in force for this cell. */
  variant: TransportVariant;
  /** Its library stack, profile and mode; absent in sweep.json files written before they were recorded. */
  stack?: StackName;
  profile?: ProfileName | null;
  mode?: RunMode;
  status: CellStatus;
  /** One sentence when the status is not ok or pending, else null. */
  reason: string | null;
  /** The run folder, relative to the sweep folder; null when no run folder was made. */
  runDir: string | null;
  /** Run folders of earlier, interrupted attempts, relative to the sweep folder. */
  earlierRunDirs: string[];
  /** Wall time of the cell's run, in ms; null until it ran. */
  wallMs: number | null;
  finishedAt: string | null;
}

/** running: cells are being run (or the sweep died); done: every cell ran; interrupted: stopped by the user. */
export type SweepStatus = 'running' | 'done' | 'interrupted';

/** The whole of sweep.json. */
export interface SweepManifest {
  schemaVersion: typeof SWEEP_SCHEMA_VERSION;
  kind: 'sweep';
  sweepId: string;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
  status: SweepStatus;
  grid: SweepGrid;
  /** The `bench run` flags given to every cell, as typed. */
  runFlags: SweepRunFlags;
  cells: SweepCellRecord[];
}

/** A new, unique sweep id: UTC time and the grid's size. */
export function newSweepId(cellCount: number, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').replace(/\..*$/, '');
  const suffix = Math.random().toString(16).slice(2, 6);
  return `${stamp}-sweep-${cellCount}-${suffix}`;
}

/** Writes sweep.json into the sweep folder, atomically. */
export function writeSweepManifest(sweepDir: string, manifest: SweepManifest): Promise<void> {
  return writeJsonAtomic(path.join(sweepDir, SWEEP_FILE), manifest);
}

/** True when `dir` holds a sweep.json. */
export function isSweepDir(dir: string): boolean {
  return existsSync(path.join(dir, SWEEP_FILE));
}

/** Reads and checks sweep.json in `sweepDir`; ConfigError names the file and what is wrong. */
export function readSweepManifest(sweepDir: string): SweepManifest {
  const file = path.join(sweepDir, SWEEP_FILE);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    const reason = error instanceof SyntaxError ? 'it is not JSON' : error instanceof Error ? error.message : String(error);
    throw new ConfigError(`cannot read ${file}: ${reason}; give a folder made by bench sweep`);
  }
  const record = (value ?? {}) as Record<string, unknown>;
  if (record.kind !== 'sweep') throw new ConfigError(`${file} is not a sweep file (kind is ${String(record.kind)})`);
  if (record.schemaVersion !== SWEEP_SCHEMA_VERSION) {
    throw new ConfigError(`${file} has schema version ${String(record.schemaVersion)}; this bench reads version ${SWEEP_SCHEMA_VERSION}`);
  }
  checkAgainstSchema(sweepManifestSchema, value, file);
  return value as SweepManifest;
}
