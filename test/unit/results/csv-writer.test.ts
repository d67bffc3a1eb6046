/** CSV cells from outside data cannot run as spreadsheet formulas, and read back as they were. */
import { describe, expect, it } from 'vitest';
import { csvCell, csvText } from '../../../bench/results/csv-writer.js';
import { parseCsv } from '../../../bench/results/csv-reader.js';

describe('csvCell against formula injection (OWASP CSV injection)', () => {
  it.each(['=HYPERLINK("http://x","y")', '+1+cmd', '-2+3', '@SUM(A1)', '\tx', '\rx'])('guards %j with a leading quote, in a quoted cell', (text) => {
    const cell = csvCell(text);
    expect(cell.startsWith(`"'`)).toBe(true);
  });

  it('keeps numbers as numbers, written as numbers or as numeric strings', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell('-5')).toBe('-5');
    expect(csvCell('+1.5')).toBe('+1.5');
    expect(csvCell('-1.5e3')).toBe('-1.5e3');
  });

  it('reads every value back as it was, a leading quote of its own included', () => {
    const values = ['=1+2', '+x', '-y', '@z', '\tt', "'=already", "'plain", "''", 'ok', '-5', 'a,b', 'connect-error: =cmd|x'];
    const rows = values.map((error) => ({ error }));
    const [, ...read] = parseCsv(csvText(['error'], rows));
    expect(read.map((cells) => cells[0])).toEqual(values);
  });
});
