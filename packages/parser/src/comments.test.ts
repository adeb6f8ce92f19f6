import { describe, expect, it } from 'vitest';
import { parseDomain, type DomainDocument } from './parse-domain.js';
import type { XmlComment } from './types.js';
import { parseXml, XmlSyntaxError } from './xml-tree.js';

function domain(text: string): DomainDocument {
  const r = parseDomain(text);
  if (r.kind !== 'domain') throw new Error(`expected a domain, got ${r.kind}`);
  return r.document;
}

/** Every comment's range must cover `<!--` ... `-->` exactly, and its text the inside. */
function expectExact(text: string, comments: readonly XmlComment[]): void {
  for (const c of comments) {
    const [start, end] = c.range;
    expect(text.slice(start, start + 4)).toBe('<!--');
    expect(text.slice(end - 3, end)).toBe('-->');
    expect(c.text).toBe(text.slice(start + 4, end - 3));
  }
}

/** The expected `{ text, range }` of each needle (a whole comment, found in order). */
function at(text: string, ...needles: string[]): XmlComment[] {
  let from = 0;
  return needles.map((needle) => {
    const start = text.indexOf(needle, from);
    if (start < 0) throw new Error(`${needle} not in text`);
    from = start + needle.length;
    return { text: needle.slice(4, -3), range: [start, start + needle.length] };
  });
}

describe('comments', () => {
  it('keeps every comment in source order: before the root, inside devices, after the root', () => {
    const text = [
      `<?xml version="1.0"?>`,
      `<!-- head -->`,
      `<domain type='kvm'>`,
      `  <name>g</name><!--after name-->`,
      `  <devices>`,
      `    <!-- virt-alias-disable-next-line alias-required -->`,
      `    <disk type='file'><!-- in a disk --><target dev='vda'/></disk>`,
      `  </devices>`,
      `</domain>`,
      `<!-- tail -->`,
      ``,
    ].join('\n');
    const doc = domain(text);
    expect(doc.comments).toEqual(
      at(
        text,
        '<!-- head -->',
        '<!--after name-->',
        '<!-- virt-alias-disable-next-line alias-required -->',
        '<!-- in a disk -->',
        '<!-- tail -->',
      ),
    );
    expectExact(text, doc.comments);
  });

  it('a document without comments has none', () => {
    expect(domain(`<domain><name>x</name></domain>`).comments).toEqual([]);
  });

  it('an empty comment, and one ending in a single dash before the space', () => {
    const text = `<domain><!----><!-- a- --><!--- b --></domain>`;
    const doc = domain(text);
    expect(doc.comments).toEqual(at(text, '<!---->', '<!-- a- -->', '<!--- b -->'));
    expect(doc.comments.map((c) => c.text)).toEqual(['', ' a- ', '- b ']);
  });

  it('comment-like text inside an attribute value or CDATA is no comment', () => {
    const text = `<domain x='&lt;!-- no --&gt;'><name><![CDATA[<!-- no -->]]></name><!-- yes --></domain>`;
    expect(domain(text).comments).toEqual(at(text, '<!-- yes -->'));
  });

  it('a multi-line comment keeps its line endings as written (CRLF, LF, lone CR)', () => {
    const comment = `<!-- one\r\n two\n three\r four\r\n-->`;
    const text = `<domain>\r\n  ${comment}\r\n</domain>\r\n`;
    const doc = domain(text);
    expect(doc.comments).toEqual(at(text, comment));
    expect(doc.comments[0]?.text).toBe(' one\r\n two\n three\r four\r\n');
    expectExact(text, doc.comments);
    // The range maps back to the right lines and columns.
    expect(doc.positionAt(doc.comments[0]!.range[0])).toEqual({ line: 2, column: 3 });
    expect(doc.positionAt(doc.comments[0]!.range[1])).toEqual({ line: 6, column: 4 });
  });

  it('CRLF files: ranges are exact UTF-16 offsets of the raw text', () => {
    const text = [
      `<!-- first -->`,
      `<domain>`,
      `  <devices>`,
      `    <!-- a -->`,
      `    <disk type='file'/> <!-- b -->`,
      `  </devices>`,
      `</domain>`,
      ``,
    ].join('\r\n');
    const doc = domain(text);
    expect(doc.comments).toEqual(at(text, '<!-- first -->', '<!-- a -->', '<!-- b -->'));
    expect(doc.positionAt(doc.comments[2]!.range[0])).toEqual({
      line: 5,
      column: `    <disk type='file'/> `.length + 1,
    });
  });

  it('a BOM: the first comment starts at offset 1', () => {
    const text = `\uFEFF<!-- bom -->\n<domain><!-- x --></domain>\n`;
    const doc = domain(text);
    expect(doc.comments).toEqual(at(text, '<!-- bom -->', '<!-- x -->'));
    expect(doc.comments[0]?.range[0]).toBe(1);
    expect(doc.positionAt(doc.comments[0]!.range[0])).toEqual({ line: 1, column: 1 });
  });

  it('astral characters before and inside a comment count two UTF-16 units each', () => {
    const text = `<domain x='😀😀'>\n  <name>😀</name><!-- 😀 a 😀 -->\n  <!--😀-->\n</domain>\n`;
    const doc = domain(text);
    expect(doc.comments).toEqual(at(text, '<!-- 😀 a 😀 -->', '<!--😀-->'));
    expectExact(text, doc.comments);
    expect(doc.comments[0]?.text).toBe(' 😀 a 😀 ');
  });

  it('BOM, CRLF and astral characters together', () => {
    const text = `\uFEFF<!-- 😀\r\n😀 -->\r\n<domain>\r\n  <name>😀</name> <!--😀--><!--\r\n-->\r\n</domain>`;
    const doc = domain(text);
    expect(doc.comments).toEqual(at(text, '<!-- 😀\r\n😀 -->', '<!--😀-->', '<!--\r\n-->'));
    expectExact(text, doc.comments);
  });

  it('parseXml keeps them too, and the comments before a non-domain root', () => {
    const text = `<!-- net -->\n<network><!-- inside --></network>`;
    expect(parseXml(text).comments).toEqual(at(text, '<!-- net -->', '<!-- inside -->'));
    const stopped = parseXml(text, { stopAtRoot: () => true });
    expect(stopped.comments).toEqual(at(text, '<!-- net -->'));
  });

  it('`--` inside a comment is not well-formed XML: a fatal error, as libvirt says too', () => {
    expect(() => parseXml(`<domain><!-- a -- b --></domain>`)).toThrow(XmlSyntaxError);
    const r = parseDomain(`<domain>\n<!-- virt-alias-disable -- reason -->\n</domain>`);
    expect(r.kind).toBe('error');
    if (r.kind === 'error') expect(r.error).toMatchObject({ message: 'malformed comment.', line: 2 });
  });

  it('a comment ending in `--->` is not well-formed either', () => {
    expect(() => parseXml(`<domain><!-- a ---></domain>`)).toThrow(XmlSyntaxError);
  });

  it('an unterminated comment is a syntax error', () => {
    expect(() => parseXml(`<domain><!-- open</domain>`)).toThrow(XmlSyntaxError);
  });

  it('the parser state is not shared between parses', () => {
    const a = `<domain><!-- a --></domain>`;
    const b = `<domain>\n\n<!-- bb --></domain>`;
    expect(parseXml(a).comments).toEqual(at(a, '<!-- a -->'));
    expect(() => parseXml(`<domain><!-- x -- y --></domain>`)).toThrow(XmlSyntaxError);
    expect(parseXml(b).comments).toEqual(at(b, '<!-- bb -->'));
  });
});
