/** Streams rows to a CSV file as they come, so memory does not grow with the row count. */
import { createWriteStream, type WriteStream } from 'node:fs';
import { EnvironmentError } from '../errors.js';

type Cell = string | number | boolean | null | undefined;

/** A text a spreadsheet would run as a formula (OWASP CSV injection): it starts with = + - @, a tab or a carriage return. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A number written as text (-5, +1.5, 2e3): a spreadsheet reads it as the number, never as a formula. */
const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Whether a text cell gets a leading `'` (OWASP's guard against CSV injection): one that would start
 * a formula, unless it is a number; and one that already starts with `'` before such a character or
 * another `'`, so that the reader, which drops one `'` from a guarded cell, reads every text back as it was.
 */
export function needsFormulaGuard(text: string): boolean {
  if (FORMULA_START.test(text)) return !NUMERIC.test(text);
  return text.startsWith("'") && (FORMULA_START.test(text.slice(1)) || text[1] === "'");
}

/**
 * Quotes a cell when it holds a comma, quote or line break (RFC 4180). A text cell that a
 * spreadsheet would run as a formula (it may come from outside: a server's reason in `error`, a
 * label) is written with a leading `'` inside quotes; csv-reader.ts drops that `'` again.
 */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? (Number.isInteger(value) ? String(value) : value.toFixed(3)) : String(value);
  if (typeof value !== 'number' && needsFormulaGuard(text)) return `"'${text.replace(/"/g, '""')}"`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row's line, without its line break: the cells of `columns` in order. */
function csvLine<Row>(columns: ReadonlyArray<keyof Row & string>, row: Row): string {
  return columns.map((column) => csvCell(row[column] as Cell)).join(',');
}

/** A whole CSV file's text: the header, then one line per row, each line ending in a line break (as CsvWriter writes it). */
export function csvText<Row>(columns: ReadonlyArray<keyof Row & string>, rows: readonly Row[]): string {
  const lines = [columns.join(','), ...rows.map((row) => csvLine(columns, row))];
  return `${lines.join('\n')}\n`;
}

/** One CSV file with a fixed header. */
export class CsvWriter<Row> {
  private readonly stream: WriteStream;
  private failure: Error | null = null;

  constructor(
    readonly path: string,
    private readonly columns: ReadonlyArray<keyof Row & string>,
  ) {
    this.stream = createWriteStream(path, { flags: 'w' });
    this.stream.on('error', (error) => {
      this.failure = error;
    });
    this.stream.write(`${columns.join(',')}\n`);
  }

  /** Appends one row. */
  write(row: Row): void {
    if (this.failure) return;
    this.stream.write(`${csvLine(this.columns, row)}\n`);
  }

  /** Flushes and closes the file; throws EnvironmentError naming the file if any write failed. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      if (this.stream.closed) return resolve();
      this.stream.end(() => resolve());
      this.stream.once('error', () => resolve());
    });
    if (this.failure) throw new EnvironmentError(`could not write ${this.path}: ${this.failure.message}`);
  }
}
