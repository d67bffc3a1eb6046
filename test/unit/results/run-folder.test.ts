/** The run folder's registry: each CSV written from it reads back through its reader, header included, and every file has a distinct name. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeBroadcastCsv, writeReconnectsCsv, writeSteadyHistograms } from '../../../bench/results/run-files.js';
import { readBroadcastSeconds, readReconnectRows, readSteadyHistograms } from '../../../bench/results/run-folder-readers.js';
import { BROADCAST_CSV, columnNames, RECONNECTS_CSV, RUN_FOLDER_CSV_FILES, RUN_FOLDER_FILES, runFilePath } from '../../../bench/results/run-folder.js';
import type { ReconnectCsvRow } from '../../../bench/results/file-rows.js';

const runDir = (): string => mkdtempSync(path.join(tmpdir(), 'bench-run-folder-'));

describe('the run folder registry', () => {
  it('names each file once, and lists every CSV among the files', () => {
    const names = RUN_FOLDER_FILES.map((file) => file.name);
    expect(new Set(names).size).toBe(names.length);
    for (const csv of RUN_FOLDER_CSV_FILES) expect(names).toContain(csv.name);
    for (const csv of RUN_FOLDER_CSV_FILES) expect(csv.columns.every((column) => column.meaning.length > 0)).toBe(true);
  });

  it('writes reconnects.csv sorted by client with the registry header, and reads it back as written', async () => {
    const dir = runDir();
    const rows: ReconnectCsvRow[] = [
      { client: 7, worker: 1, drops: 1, attempts: 3, firstDropMs: 1000, lastBackMs: 1250.5, timeBackMs: 250.5, openAtClose: true },
      { client: 2, worker: 0, drops: 2, attempts: 5, firstDropMs: 900, lastBackMs: null, timeBackMs: null, openAtClose: false },
    ];
    await writeReconnectsCsv(dir, rows);
    const text = readFileSync(runFilePath(dir, RECONNECTS_CSV), 'utf8');
    expect(text.split('\n')[0]).toBe(columnNames(RECONNECTS_CSV).join(','));
    expect(readReconnectRows(dir)).toEqual([rows[1], rows[0]]);
  });

  it('writes broadcast.csv, empty cells for unknown values, and its reader takes the seconds back', async () => {
    const dir = runDir();
    const row = { second: 0, unixSecond: 1_700_000_000, published: 4, delivered: 8, expectedOfPublished: 8, deliveredOfPublished: 8, lateOfPublished: 0, duplicatesOfPublished: 0, crossNodeOfPublished: null };
    await writeBroadcastCsv(dir, [row, { ...row, second: 1, unixSecond: 1_700_000_001, delivered: 6 }]);
    expect(readFileSync(runFilePath(dir, BROADCAST_CSV), 'utf8').split('\n')[1]).toBe('0,1700000000,4,8,8,8,0,0,');
    expect(readBroadcastSeconds(dir)).toEqual([
      { second: 0, published: 4, delivered: 8 },
      { second: 1, published: 4, delivered: 6 },
    ]);
  });

  it('reads histograms.json back as written, and names the file when it is missing', async () => {
    const dir = runDir();
    await writeSteadyHistograms(dir, { roundTripMicros: 'abc', sendLagMicros: 'def' });
    expect(readSteadyHistograms(dir)).toEqual({ roundTripMicros: 'abc', sendLagMicros: 'def' });
    expect(() => readSteadyHistograms(runDir())).toThrow(/histograms\.json is missing/);
  });

  it('has no reader answer for a file the run did not write', () => {
    expect(readReconnectRows(runDir())).toBeNull();
  });
});
