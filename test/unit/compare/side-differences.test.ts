/** describeSideDifferences: a cell whose two sides ran alike says nothing; one whose clients differ (the wire client or the library) says so. */
import { describe, expect, it } from 'vitest';
import { describeSideDifferences } from '../../../bench/compare/side-differences.js';
import type { Cell, LoadedRun } from '../../../bench/results/result-set.js';
import type { StoredRunJson } from '../../../bench/results/run-json.js';
import { makeSummary } from '../../helpers/summaries.js';

function cellOf(config: Record<string, unknown>): Cell {
  const summary = makeSummary();
  const run: LoadedRun = { source: 'run', summary, runJson: { schemaVersion: 1, summary, config } as unknown as StoredRunJson };
  return {
    key: 'socketio x 100',
    transport: 'socketio',
    variant: summary.variant,
    clients: 100,
    mode: 'echo',
    setting: { stack: 'current', profile: null },
    runs: [run],
  };
}

describe('describeSideDifferences', () => {
  it('notes sides that ran through different clients, and says nothing of sides that ran alike', () => {
    expect(describeSideDifferences(cellOf({ client: 'library', mode: 'echo' }), cellOf({ client: 'library', mode: 'echo' }))).toEqual([]);
    expect(describeSideDifferences(cellOf({ client: 'library' }), cellOf({ client: 'wire' }))).toEqual([
      'socketio x 100: the sides differ in settings: client (baseline "library", current "wire")',
    ]);
    // A run.json written before --client says nothing about it: no difference is guessed.
    expect(describeSideDifferences(cellOf({}), cellOf({ client: 'wire' }))).toEqual([]);
  });
});
