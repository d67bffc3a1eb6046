/** The cells of a sweep, in the order they run. */
import type { TransportName } from '../../protocol/transports.js';
import { servedSettings, type SweepGrid } from './sweep-config.js';

/** One run to make: a transport at a client count, for one repeat (1-based). */
export interface SweepCell {
  transport: TransportName;
  clients: number;
  repeat: number;
  /** The cell's library stack where the grid has stacks (--stacks). */
  stack?: string;
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
      // The stacks of one size alternate too: a drift of the machine touches each stack alike.
      for (const setting of servedSettings(grid)) cells.push({ ...setting, clients, repeat });
    }
  }
  return cells;
}

/** A short name for a cell in progress lines and errors, e.g. "socketio 3000 clients, stack socket.io@4.7.5, repeat 2 of 3" (the stack where the grid has stacks). */
export function describeCell(cell: SweepCell, repeats: number, stacked = false): string {
  const stack = stacked && cell.stack !== undefined ? `, stack ${cell.stack}` : '';
  const repeat = repeats > 1 ? `, repeat ${cell.repeat} of ${repeats}` : '';
  return `${cell.transport} ${cell.clients} clients${stack}${repeat}`;
}
