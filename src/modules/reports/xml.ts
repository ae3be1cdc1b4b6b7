/**
 * A small, well-formed XML writer for the Open311 documents: elements and text only (no attributes, no namespaces),
 * UTF-8 with the declaration, every text escaped and characters XML 1.0 forbids removed.
 */

/** An element: its name and either text (null for an empty element) or child elements in order. */
export type XmlElement = readonly [name: string, content: XmlContent];
export type XmlContent = string | number | boolean | null | readonly XmlElement[];

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
/** Whether a code point is a Char of XML 1.0 (tab, LF, CR and everything from U+0020 but surrogates and U+FFFE/U+FFFF). */
const isXmlChar = (c: number) =>
  c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);

export function escapeXml(text: string): string {
  let clean = '';
  for (const ch of text) if (isXmlChar(ch.codePointAt(0) as number)) clean += ch;
  return clean.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function write([name, content]: XmlElement, out: string[]): void {
  if (!NAME.test(name)) throw new Error(`not an XML element name: ${name}`);
  if (content === null || content === '') {
    out.push(`<${name}/>`);
    return;
  }
  if (typeof content === 'object') {
    out.push(`<${name}>`);
    for (const child of content) write(child, out);
    out.push(`</${name}>`);
    return;
  }
  out.push(`<${name}>${escapeXml(String(content))}</${name}>`);
}

/** The whole document: the declaration and one root element. */
export function xmlDocument(root: XmlElement): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  write(root, out);
  out.push('\n');
  return out.join('');
}
