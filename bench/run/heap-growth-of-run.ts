/** summary.heapGrowth of a run with --heap-snapshots: the two snapshots compared, or why they could not be. */
import path from 'node:path';
import { compareHeapSnapshots, type HeapGrowth } from '../summary/heap-growth.js';
import type { HeapSnapshots } from './heap-snapshots.js';

/** The comparison of the run's two snapshots; a snapshot that failed, or a file that cannot be read, is said in `error`. */
export function heapGrowthOf(snapshots: HeapSnapshots, runDir: string): HeapGrowth {
  const failed = snapshots.taken.find((snapshot) => snapshot.error !== null);
  const described = (sizes: Array<{ objects: number; bytes: number }>): HeapGrowth['snapshots'] =>
    snapshots.taken.map((snapshot, index) => ({
      file: snapshot.file,
      atSeconds: snapshot.atSeconds,
      writeMs: snapshot.writeMs,
      objects: sizes[index]?.objects ?? 0,
      bytes: sizes[index]?.bytes ?? 0,
    }));
  if (!snapshots.complete) {
    const why = failed === undefined ? 'the run ended before both snapshots were taken' : `${failed.file} was not written: ${failed.error}`;
    return { snapshots: described([]), grown: [], error: why };
  }
  try {
    const [first, second] = snapshots.taken.map((snapshot) => path.join(runDir, snapshot.file)) as [string, string];
    const compared = compareHeapSnapshots(first, second);
    return { snapshots: described([compared.before, compared.after]), grown: compared.grown, error: null };
  } catch (error) {
    return { snapshots: described([]), grown: [], error: `the snapshots could not be compared: ${error instanceof Error ? error.message : String(error)}` };
  }
}
