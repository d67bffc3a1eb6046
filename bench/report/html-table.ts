/** The page's tables of figures: numbers formatted one way, every cell escaped. */
import { escapeHtml } from './html-escape.js';

/** One cell's content, before formatting: null and undefined show as "-". */
export type Cell = string | number | null | undefined;

/** A number with `digits` decimals and thousands separators; "-" when there is none. */
export const num = (value: number | null | undefined, digits = 1): string =>
  value === null || value === undefined || !Number.isFinite(value)
    ? '-'
    : value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
/** A whole number. */
export const count = (value: number | null | undefined): string => num(value, 0);
/** Bytes in MiB, one decimal. */
export const mib = (bytes: number | null | undefined): string => (bytes === null || bytes === undefined ? '-' : num(bytes / 2 ** 20, 1));
/** Bytes in KiB, one decimal. */
export const kib = (bytes: number | null | undefined): string => (bytes === null || bytes === undefined ? '-' : num(bytes / 1024, 1));
/** A time in ms: two decimals under 10 ms, one above. */
export const ms = (value: number | null | undefined): string => (value === null || value === undefined ? '-' : num(value, value < 10 ? 2 : 1));

/** A table: headings, then rows whose numeric cells (already formatted) are right-aligned. */
export function table(headings: readonly string[], rows: ReadonlyArray<readonly Cell[]>, numericFrom: number): string {
  const head = `<thead><tr>${headings.map((heading) => `<th>${escapeHtml(heading)}</th>`).join('')}</tr></thead>`;
  const body = rows.map(
    (row) =>
      `<tr>${row.map((cell, index) => (index >= numericFrom ? `<td class="num">${escapeHtml(cell ?? '-')}</td>` : `<td>${escapeHtml(cell ?? '-')}</td>`)).join('')}</tr>`,
  );
  return `<div class="wide"><table>\n${head}\n<tbody>\n${body.join('\n')}\n</tbody>\n</table></div>`;
}
