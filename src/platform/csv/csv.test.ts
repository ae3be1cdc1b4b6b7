import { describe, expect, it } from 'vitest';
import { csvCell, csvDocument } from './index.js';

describe('CSV', () => {
  it.each([
    [null, ''],
    [undefined, ''],
    [12.5, '12.5'],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['中文', '中文'],
  ])('%j → %s', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });
  it('writes a document with a BOM and CRLF line ends', () => {
    expect(
      csvDocument([
        ['a', 'b'],
        [1, null],
      ]),
    ).toBe('\uFEFFa,b\r\n1,\r\n');
  });
});
