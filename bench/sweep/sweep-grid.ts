/** The cells of a sweep, in the order they run. */
import type { TransportName } from '../../protocol/transports.js';
import type { SweepGrid } from './sweep-config.js';

/** One run to make: a transport at a client count, for one repeat (1-based). */
export interface SweepCell {
  transport: TransportName;
  clients: number;
  repeat: number;
}

/**
 * Repeat by repeat, then client count, then transport: the transports of one size run back to
 * back, so a sweep stopped part-way still holds comparable cells, and a slow drift of the machine
 * over a long sweep touches every transport alike.
 */
export function planCells(grid: SweepGrid): SweepCell[] {
  const cells: SweepCell[] = [];
  for (let repeat = 1; repeat <= grid.repeat; repeat += 1) {
    for (const clients of grid.clients) {
      for (const transport of grid.transports) cells.push({ transport, clients, repeat });
    }
  }
  return cells;
}

/** A short name for a cell in progress lines and errors, e.g. "socketio 3000 clients, repeat 2 of 3". */
export function describeCell(cell: SweepCell, repeats: number): string {
  const repeat = repeats > 1 ? `, repeat ${cell.repeat} of ${repeats}` : '';
  return `${cell.transport} ${cell.clients} clients${repeat}`;
}
