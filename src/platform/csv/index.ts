/** One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
export function csvCell(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * A whole CSV document with CRLF line ends and a UTF-8 byte-order mark, so that
 * Excel, which most users open it in, reads the Chinese correctly.
 */
export function csvDocument(rows: readonly (readonly unknown[])[]): string {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
