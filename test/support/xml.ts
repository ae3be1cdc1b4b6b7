/**
 * A strict little XML reader for tests: the UTF-8 declaration, then exactly one root element; elements with quoted
 * attributes (each once), text with the five predefined entities and character references. Anything else (an unknown
 * entity, a stray `<` or `&`, a mismatched end tag, content after the root) throws, so a test fails on a document
 * that is not well formed.
 */
export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  /** The element's own text (its text children joined). */
  text: string;
}

const NAME = '[A-Za-z_][A-Za-z0-9_.:-]*';
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, where: number): string {
  return raw.replace(/&([^;]*);|&/g, (m, body: string | undefined) => {
    if (body === undefined) throw new Error(`a bare & at ${where}`);
    if (body in ENTITIES) return ENTITIES[body] as string;
    const num = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(body);
    if (num) return String.fromCodePoint(num[1] ? Number.parseInt(num[1], 16) : Number(num[2]));
    throw new Error(`unknown entity ${m} at ${where}`);
  });
}

export function parseXml(doc: string): XmlNode {
  const decl = /^<\?xml version="1\.0" encoding="UTF-8"\?>\s*/.exec(doc);
  if (!decl) throw new Error('no XML declaration naming UTF-8');
  let i = decl[0].length;
  const stack: XmlNode[] = [];
  let root: XmlNode | null = null;
  const tag = new RegExp(`^<(/?)(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>`);
  const attr = new RegExp(`(${NAME})\\s*=\\s*(?:"([^"<]*)"|'([^'<]*)')`, 'g');
  while (i < doc.length) {
    if (doc[i] === '<') {
      const m = tag.exec(doc.slice(i));
      if (!m) throw new Error(`malformed tag at ${i}: ${doc.slice(i, i + 40)}`);
      const [whole, close, name, attrText, selfClose] = m as unknown as [string, string, string, string, string];
      if (close) {
        const open = stack.pop();
        if (!open || open.name !== name) throw new Error(`</${name}> at ${i} closes ${open?.name ?? 'nothing'}`);
        if (stack.length === 0) root = open;
      } else {
        if (root) throw new Error(`a second root element at ${i}`);
        const node: XmlNode = { name, attrs: {}, children: [], text: '' };
        for (const a of attrText.matchAll(attr)) {
          const key = a[1] as string;
          if (key in node.attrs) throw new Error(`attribute ${key} twice at ${i}`);
          node.attrs[key] = decode(a[2] ?? a[3] ?? '', i);
        }
        stack[stack.length - 1]?.children.push(node);
        if (selfClose) {
          if (stack.length === 0) root = node;
        } else stack.push(node);
      }
      i += whole.length;
    } else {
      const next = doc.indexOf('<', i);
      const raw = doc.slice(i, next < 0 ? doc.length : next);
      const top = stack[stack.length - 1];
      if (top) top.text += decode(raw, i);
      else if (raw.trim() !== '') throw new Error(`text outside the root element at ${i}`);
      i += raw.length;
    }
  }
  if (stack.length) throw new Error(`<${stack[stack.length - 1]?.name}> is never closed`);
  if (!root) throw new Error('no root element');
  return root;
}

/** The children of a node with this name. */
export const childrenNamed = (n: XmlNode, name: string) => n.children.filter((c) => c.name === name);
/** The one child with this name (throws when there is none). */
export function child(n: XmlNode, name: string): XmlNode {
  const c = n.children.find((x) => x.name === name);
  if (!c) throw new Error(`<${n.name}> has no <${name}>`);
  return c;
}
