/** Reads CSV text back (RFC 4180), as bench's CsvWriter writes it. */
import { existsSync, readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';

/**
 * A quoted cell as it was before csv-writer.ts guarded it against formulas: a leading `'` before
 * = + - @, a tab, a carriage return or another `'` is the guard, not the value.
 */
function unguarded(cell: string): string {
  return cell.startsWith("'") && /^[=+\-@\t\r']/.test(cell.slice(1)) ? cell.slice(1) : cell;
}

/** Splits CSV text into records of cells (RFC 4180: quoted cells may hold commas, quotes and line breaks). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  /** The cell so far was quoted: only a quoted cell carries the formula guard. */
  let wasQuoted = false;
  const finish = (): string => {
    const value = wasQuoted ? unguarded(cell) : cell;
    cell = '';
    wasQuoted = false;
    return value;
  };
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] as string;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        cell += char;
      }
    } else if (char === '"') {
      quoted = true;
      wasQuoted = true;
    } else if (char === ',') {
      record.push(finish());
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index += 1;
      record.push(finish());
      records.push(record);
      record = [];
    } else {
      cell += char;
    }
  }
  if (cell.length > 0 || record.length > 0) {
    record.push(finish());
    records.push(record);
  }
  return records;
}

/** How many data rows of a CSV file do not have one cell per header column (a cut or garbled line); null when the file does not exist. */
export function countMisshapenRows(file: string): number | null {
  if (!existsSync(file)) return null;
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'));
  if (!header) return 0;
  return rows.filter((cells) => cells.length !== header.length && !(cells.length === 1 && cells[0] === '')).length;
}

/** Rows of a CSV file as objects keyed by the header; null when the file does not exist. */
export function readCsvFile(file: string): Array<Record<string, string>> | null {
  if (!existsSync(file)) return null;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map((cells) => Object.fromEntries(header.map((column, index) => [column, cells[index] ?? ''])));
}
