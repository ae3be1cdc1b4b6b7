/**
 * Chinese text in PDFs with Noto Sans SC from @fontsource: the common simplified
 * characters in one file, the rest in ~100 subsets by Unicode range. Each run of
 * text is set in the first font that has its glyphs; pdfkit embeds only the
 * glyphs used.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { inflateSync } from 'node:zlib';

const require = createRequire(import.meta.url);
const root = path.dirname(require.resolve('@fontsource/noto-sans-sc/package.json'));
const file = (name: string) => path.join(root, 'files', name);

interface Subset {
  name: string;
  file: string;
  ranges: [number, number][];
}

let subsets: Subset[] | undefined;

/** The numbered subsets of the 400 weight and their Unicode ranges, read from the package's CSS. */
function numberedSubsets(): Subset[] {
  if (subsets) return subsets;
  const css = readFileSync(path.join(root, '400.css'), 'utf8');
  subsets = [];
  for (const block of css.split('@font-face').slice(1)) {
    const src = /noto-sans-sc-(\d+)-400-normal\.woff\)/.exec(block);
    const range = /unicode-range:\s*([^;]+);/.exec(block);
    if (!src?.[1] || !range?.[1]) continue;
    const ranges = range[1].split(',').map((r): [number, number] => {
      const [a, b] = r.trim().replace(/^U\+/i, '').split('-');
      const lo = Number.parseInt(a ?? '0', 16);
      return [lo, b ? Number.parseInt(b, 16) : lo];
    });
    subsets.push({ name: `sc-${src[1]}`, file: file(`noto-sans-sc-${src[1]}-400-normal.woff`), ranges });
  }
  return subsets;
}

/**
 * Latin first (small). The numbered subsets carry the Chinese characters, a
 * hundred or two each: small fonts lay out and embed fast, where the one-file
 * simplified-Chinese font (8,000 glyphs) takes seconds per document.
 */
const PRIMARY = [
  { name: 'sc-latin', file: file('noto-sans-sc-latin-400-normal.woff') },
  { name: 'sc-latin-ext', file: file('noto-sans-sc-latin-ext-400-normal.woff') },
];
const FALLBACK = { name: 'sc', file: file('noto-sans-sc-chinese-simplified-400-normal.woff') };

/**
 * A WOFF 1.0 font unpacked to the plain TrueType/OpenType file it wraps. The
 * fonts' own inflate (pure JavaScript) takes seconds per document; zlib
 * takes milliseconds, once per process.
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.readUInt32BE(0) !== 0x774f4646) return woff; // not 'wOFF': already a plain font
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables: { tag: number; checksum: number; data: Buffer }[] = [];
  for (let i = 0; i < numTables; i++) {
    const at = 44 + i * 20;
    const offset = woff.readUInt32BE(at + 4);
    const compLength = woff.readUInt32BE(at + 8);
    const origLength = woff.readUInt32BE(at + 12);
    const raw = woff.subarray(offset, offset + compLength);
    tables.push({
      tag: woff.readUInt32BE(at),
      checksum: woff.readUInt32BE(at + 16),
      data: compLength < origLength ? inflateSync(raw) : Buffer.from(raw),
    });
  }
  const pow = 2 ** Math.floor(Math.log2(numTables));
  const header = Buffer.alloc(12 + numTables * 16);
  header.writeUInt32BE(flavor, 0);
  header.writeUInt16BE(numTables, 4);
  header.writeUInt16BE(pow * 16, 6);
  header.writeUInt16BE(Math.log2(pow), 8);
  header.writeUInt16BE(numTables * 16 - pow * 16, 10);
  const parts: Buffer[] = [header];
  let offset = header.length;
  tables.forEach((t, i) => {
    const at = 12 + i * 16;
    header.writeUInt32BE(t.tag, at);
    header.writeUInt32BE(t.checksum, at + 4);
    header.writeUInt32BE(offset, at + 8);
    header.writeUInt32BE(t.data.length, at + 12);
    const padded = Buffer.alloc((t.data.length + 3) & ~3);
    t.data.copy(padded);
    parts.push(padded);
    offset += padded.length;
  });
  return Buffer.concat(parts);
}

const bytesCache = new Map<string, Buffer>();
const bytesOf = (f: string) => {
  let b = bytesCache.get(f);
  if (!b) {
    b = woffToSfnt(readFileSync(f));
    bytesCache.set(f, b);
  }
  return b;
};

/** The part of a pdfkit document used here. */
export interface FontDocument {
  registerFont(name: string, src: Buffer): unknown;
  font(name: string): unknown;
  _font?: { font?: { hasGlyphForCodePoint(cp: number): boolean } };
}

/** Picks fonts per character for one document; registers each font on first use. */
export function fontPicker(doc: FontDocument) {
  const registered = new Map<string, { hasGlyphForCodePoint(cp: number): boolean } | null>();
  const load = (name: string, f: string) => {
    if (!registered.has(name)) {
      doc.registerFont(name, bytesOf(f));
      doc.font(name);
      registered.set(name, doc._font?.font ?? null);
    }
    return registered.get(name) ?? null;
  };

  const chosen = new Map<number, string>();
  function fontFor(cp: number): string {
    let name = chosen.get(cp);
    if (name) return name;
    if (cp < 0x2e80) name = PRIMARY.find((p) => load(p.name, p.file)?.hasGlyphForCodePoint(cp))?.name;
    if (!name) {
      const subset = numberedSubsets().find((s) => s.ranges.some(([lo, hi]) => cp >= lo && cp <= hi));
      if (subset && load(subset.name, subset.file)?.hasGlyphForCodePoint(cp)) name = subset.name;
    }
    name ??= load(FALLBACK.name, FALLBACK.file)?.hasGlyphForCodePoint(cp) ? FALLBACK.name : (PRIMARY[0] as { name: string }).name;
    chosen.set(cp, name);
    return name;
  }

  /** The text cut into runs, each with the font that has its glyphs. Spaces and line breaks stay with the run before. */
  function runs(text: string): { font: string; text: string }[] {
    const out: { font: string; text: string }[] = [];
    for (const ch of text) {
      const cp = ch.codePointAt(0) as number;
      const last = out[out.length - 1];
      const font = cp <= 0x20 && last ? last.font : fontFor(cp);
      if (last && last.font === font) last.text += ch;
      else out.push({ font, text: ch });
    }
    return out;
  }

  return { runs, fontFor };
}
