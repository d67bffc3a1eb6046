/** Escaping for the report page: every string that comes from run data goes through one of these. */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or attribute value made safe for HTML: & < > " ' become entities. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/**
 * JSON safe inside a <script> element: no "<" (so no "</script>" or "<!--"), no ">" or "&", and
 * no U+2028/U+2029, which old parsers read as line ends. The escapes are valid JSON.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A relative file path as an href: each segment percent-encoded, then HTML-escaped. */
export function hrefFor(relativePath: string): string {
  return escapeHtml(relativePath.split(/[\\/]/).map(encodeURIComponent).join('/'));
}
