import { describe, expect, it } from 'vitest';
import { descendants } from './dom.js';
import { parseDomain, type DomainDocument } from './parse-domain.js';
import type { Range, XmlElement } from './types.js';
import { parseXml, XmlSyntaxError } from './xml-tree.js';

/** Parses a text that must be a domain. */
function domain(text: string): DomainDocument {
  const r = parseDomain(text);
  if (r.kind !== 'domain') throw new Error(`expected a domain, got ${JSON.stringify(r)}`);
  return r.document;
}

/** The first element (document order, root included) with this qualified name. */
function el(doc: DomainDocument, name: string, nth = 0): XmlElement {
  const found = [doc.root, ...descendants(doc.root)].filter((e) => e.name === name)[nth];
  if (!found) throw new Error(`no <${name}> #${nth}`);
  return found;
}

const slice = (text: string, range: Range): string => text.slice(range[0], range[1]);

/** Offset of the nth occurrence of `needle`. */
function offsetOf(text: string, needle: string, nth = 0): number {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" #${nth} not in text`);
  }
  return at;
}

function parseError(text: string): XmlSyntaxError {
  const r = parseDomain(text);
  if (r.kind !== 'error') throw new Error(`expected an error, got ${r.kind}`);
  expect(r.error).toBeInstanceOf(XmlSyntaxError);
  return r.error;
}

describe('element ranges', () => {
  const text = [
    `<domain type='kvm' id="1">`,
    `  <name>guest</name>`,
    `  <devices>`,
    `    <disk type='file' device="disk">`,
    `      <source file='/var/lib/a.img'/>`,
    `      <target dev='vda' bus='virtio' />`,
    `    </disk>`,
    `    <interface`,
    `        type='bridge'`,
    `        trustGuestRxFilters = "yes"`,
    `    >`,
    `      <mac address='52:54:00:00:00:01'/>`,
    `    </interface >`,
    `  </devices>`,
    `</domain>`,
    ``,
  ].join('\n');
  const doc = domain(text);

  it('gives start and end tags of the root and nested elements', () => {
    expect(slice(text, doc.root.startTag)).toBe(`<domain type='kvm' id="1">`);
    expect(slice(text, doc.root.endTag!)).toBe('</domain>');
    expect(slice(text, doc.root.range)).toBe(text.trimEnd());
    const name = el(doc, 'name');
    expect(slice(text, name.startTag)).toBe('<name>');
    expect(slice(text, name.endTag!)).toBe('</name>');
    expect(slice(text, name.range)).toBe('<name>guest</name>');
    expect(name.text).toBe('guest');
    const disk = el(doc, 'disk');
    expect(slice(text, disk.startTag)).toBe(`<disk type='file' device="disk">`);
    expect(slice(text, disk.range)).toMatch(/^<disk type='file' device="disk">\n[\s\S]*\n {4}<\/disk>$/);
  });

  it('gives self-closing elements a null end tag and range = start tag', () => {
    for (const [name, raw] of [
      ['source', `<source file='/var/lib/a.img'/>`],
      ['target', `<target dev='vda' bus='virtio' />`],
      ['mac', `<mac address='52:54:00:00:00:01'/>`],
    ] as const) {
      const e = el(doc, name);
      expect(e.endTag).toBeNull();
      expect(slice(text, e.startTag)).toBe(raw);
      expect(e.range).toEqual(e.startTag);
    }
  });

  it('handles multi-line start tags and whitespace around = and before >', () => {
    const iface = el(doc, 'interface');
    expect(slice(text, iface.startTag)).toBe(
      `<interface\n        type='bridge'\n        trustGuestRxFilters = "yes"\n    >`,
    );
    expect(slice(text, iface.endTag!)).toBe('</interface >');
    expect(doc.positionAt(iface.startTag[0])).toEqual({ line: 8, column: 5 });
    expect(doc.positionAt(iface.startTag[1])).toEqual({ line: 11, column: 6 });
    const [type, trust] = iface.attributes;
    expect(slice(text, type!.range)).toBe(`type='bridge'`);
    expect(slice(text, trust!.range)).toBe(`trustGuestRxFilters = "yes"`);
    expect(slice(text, trust!.valueRange)).toBe('yes');
    expect(trust!.quote).toBe('"');
    expect(doc.positionAt(trust!.range[0])).toEqual({ line: 10, column: 9 });
  });

  it('links parents and children in document order', () => {
    const devices = el(doc, 'devices');
    expect(devices.parent).toBe(doc.root);
    expect(devices.children.map((c) => c.name)).toEqual(['disk', 'interface']);
    expect(el(doc, 'disk').children.map((c) => c.name)).toEqual(['source', 'target']);
    expect(doc.root.parent).toBeNull();
  });

  it('gives 1-based line and column positions', () => {
    expect(doc.positionAt(0)).toEqual({ line: 1, column: 1 });
    expect(doc.positionAt(el(doc, 'disk').startTag[0])).toEqual({ line: 4, column: 5 });
    expect(doc.positionAt(el(doc, 'target').startTag[0])).toEqual({ line: 6, column: 7 });
    expect(doc.positionAt(text.length)).toEqual({ line: 16, column: 1 });
  });
});

describe('attributes', () => {
  const text =
    `<domain type='kvm'>\n  <devices>\n` +
    `    <disk type="file" device='disk'>\n` +
    `      <source file='/a&amp;b/c&#32;d&#x41;&lt;&gt;&apos;.img'/>\n` +
    `      <serial>a&amp;b</serial>\n` +
    `      <target dev="vd&quot;a" bus = 'virtio'/>\n` +
    `      <alias name='ua-\tx\ny'/>\n` +
    `      <boot order='1' x=''/>\n` +
    `    </disk>\n  </devices>\n</domain>\n`;
  const doc = domain(text);

  it('records both quote styles with exact ranges', () => {
    const disk = el(doc, 'disk');
    const [type, device] = disk.attributes;
    expect(type).toMatchObject({
      name: 'type',
      local: 'type',
      prefix: '',
      uri: '',
      value: 'file',
      quote: '"',
    });
    expect(slice(text, type!.range)).toBe('type="file"');
    expect(slice(text, type!.valueRange)).toBe('file');
    expect(device).toMatchObject({ name: 'device', value: 'disk', quote: "'" });
    expect(slice(text, device!.range)).toBe(`device='disk'`);
  });

  it('decodes entities and character references in value; ranges stay on the raw source', () => {
    const file = el(doc, 'source').attributes[0]!;
    expect(file.value).toBe("/a&b/c dA<>'.img");
    expect(slice(text, file.valueRange)).toBe('/a&amp;b/c&#32;d&#x41;&lt;&gt;&apos;.img');
    expect(slice(text, file.range)).toBe(`file='/a&amp;b/c&#32;d&#x41;&lt;&gt;&apos;.img'`);
    const dev = el(doc, 'target').attributes[0]!;
    expect(dev.value).toBe('vd"a');
    expect(slice(text, dev.valueRange)).toBe('vd&quot;a');
    expect(dev.quote).toBe('"');
    const bus = el(doc, 'target').attributes[1]!;
    expect(slice(text, bus.range)).toBe(`bus = 'virtio'`);
    expect(bus.value).toBe('virtio');
  });

  it('normalizes literal whitespace in values like libxml2, not in the range', () => {
    const name = el(doc, 'alias').attributes[0]!;
    expect(name.value).toBe('ua- x y');
    expect(slice(text, name.valueRange)).toBe('ua-\tx\ny');
  });

  it('keeps a character reference to a tab as a tab', () => {
    const d = domain(`<domain><devices><disk><alias name='ua-&#9;x'/></disk></devices></domain>`);
    expect(el(d, 'alias').attributes[0]!.value).toBe('ua-\tx');
  });

  it('decodes text content (entities) and gives an empty value an empty range', () => {
    expect(el(doc, 'serial').text).toBe('a&b');
    const x = el(doc, 'boot').attributes[1]!;
    expect(x.value).toBe('');
    expect(x.valueRange[0]).toBe(x.valueRange[1]);
    expect(slice(text, x.range)).toBe(`x=''`);
  });

  it('allows > and the other quote inside a value', () => {
    const t = `<domain><devices><disk a='x>"y' b="'>'"/></devices></domain>`;
    const d = domain(t);
    const disk = el(d, 'disk');
    expect(slice(t, disk.startTag)).toBe(`<disk a='x>"y' b="'>'"/>`);
    expect(disk.attributes.map((a) => [a.value, slice(t, a.valueRange), a.quote])).toEqual([
      ['x>"y', 'x>"y', "'"],
      [`'>'`, `'>'`, '"'],
    ]);
  });
});

describe('line endings, BOM, tabs, non-ASCII', () => {
  const lines = [
    `<?xml version='1.0' encoding='UTF-8'?>`,
    `<domain type='kvm'>`,
    `  <name>a</name>`,
    `  <devices>`,
    `    <disk`,
    `      type="file"`,
    `      device='disk'>`,
    `      <alias name='ua-x'/>`,
    `    </disk>`,
    `  </devices>`,
    `</domain>`,
    ``,
  ];

  for (const [label, eol] of [
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['lone CR', '\r'],
  ] as const) {
    it(`${label}: exact ranges and positions`, () => {
      const text = lines.join(eol);
      const doc = domain(text);
      expect(slice(text, doc.xmlDeclaration!)).toBe(`<?xml version='1.0' encoding='UTF-8'?>`);
      const disk = el(doc, 'disk');
      expect(slice(text, disk.startTag)).toBe(`<disk${eol}      type="file"${eol}      device='disk'>`);
      expect(doc.positionAt(disk.startTag[0])).toEqual({ line: 5, column: 5 });
      expect(doc.positionAt(disk.attributes[1]!.range[0])).toEqual({ line: 7, column: 7 });
      expect(doc.positionAt(disk.startTag[1])).toEqual({ line: 7, column: 21 });
      const alias = el(doc, 'alias');
      expect(slice(text, alias.startTag)).toBe(`<alias name='ua-x'/>`);
      expect(doc.positionAt(alias.startTag[0])).toEqual({ line: 8, column: 7 });
      expect(slice(text, disk.endTag!)).toBe('</disk>');
      expect(doc.positionAt(disk.endTag![0])).toEqual({ line: 9, column: 5 });
      expect(slice(text, doc.root.endTag!)).toBe('</domain>');
      expect(doc.positionAt(doc.root.endTag![0])).toEqual({ line: 11, column: 1 });
      // Text is normalized to \n as XML requires, whatever the file uses.
      expect(el(doc, 'devices').text).toBe('\n    \n  ');
    });
  }

  it('reports the dominant newline', () => {
    expect(domain(lines.join('\n')).newline).toBe('\n');
    expect(domain(lines.join('\r\n')).newline).toBe('\r\n');
    expect(domain(`<domain/>`).newline).toBe('\n');
  });

  it('keeps a BOM in the text: offsets count it, ranges skip it', () => {
    const text = `\uFEFF<?xml version="1.0"?>\n<domain>\n  <devices><disk/></devices>\n</domain>\n`;
    const doc = domain(text);
    expect(doc.hasBom).toBe(true);
    expect(doc.xmlDeclaration).toEqual([1, 22]);
    expect(slice(text, doc.xmlDeclaration!)).toBe('<?xml version="1.0"?>');
    expect(slice(text, doc.root.startTag)).toBe('<domain>');
    expect(slice(text, el(doc, 'disk').startTag)).toBe('<disk/>');
    expect(doc.positionAt(el(doc, 'disk').startTag[0])).toEqual({ line: 3, column: 12 });
    expect(doc.positionAt(doc.xmlDeclaration![0])).toEqual({ line: 1, column: 1 });
    expect(domain('<domain/>').hasBom).toBe(false);
  });

  it('keeps a BOM without declaration', () => {
    const text = `\uFEFF<domain><devices><disk/></devices></domain>`;
    const doc = domain(text);
    expect(doc.xmlDeclaration).toBeNull();
    expect(doc.root.startTag).toEqual([1, 9]);
    expect(slice(text, el(doc, 'disk').startTag)).toBe('<disk/>');
  });

  it('does not count a BOM as a column of line 1 (as editors and ESLint)', () => {
    const doc = domain(`\uFEFF<domain type='kvm'/>`);
    expect(doc.root.startTag[0]).toBe(1);
    expect(doc.positionAt(doc.root.startTag[0])).toEqual({ line: 1, column: 1 });
    expect(doc.positionAt(doc.root.attributes[0]!.range[0])).toEqual({ line: 1, column: 9 });
    expect(doc.positionAt(0)).toEqual({ line: 1, column: 1 });
  });

  it('counts a tab as one column', () => {
    const text = `<domain>\n\t<devices>\t<disk\ttype='a'\t/>\n\t</devices>\n</domain>`;
    const doc = domain(text);
    const disk = el(doc, 'disk');
    expect(slice(text, disk.startTag)).toBe(`<disk\ttype='a'\t/>`);
    expect(doc.positionAt(disk.startTag[0])).toEqual({ line: 2, column: 12 });
    expect(slice(text, disk.attributes[0]!.range)).toBe(`type='a'`);
  });

  it('counts UTF-16 code units after non-ASCII and astral characters on the same line', () => {
    const text =
      `<domain>\n  <description>é😀</description><!-- 😀😀 ï --><devices>` +
      `<disk type='x😀y'><alias name='ua-ü'/></disk>😀<interface type='a'/></devices>\n</domain>\n`;
    const doc = domain(text);
    const disk = el(doc, 'disk');
    expect(slice(text, disk.startTag)).toBe(`<disk type='x😀y'>`);
    expect(disk.attributes[0]!.value).toBe('x😀y');
    expect(slice(text, disk.attributes[0]!.valueRange)).toBe('x😀y');
    expect(doc.positionAt(disk.startTag[0])).toEqual({ line: 2, column: offsetOf(text, '<disk') - 9 + 1 });
    expect(doc.positionAt(disk.startTag[0]).column).toBe(57);
    const alias = el(doc, 'alias');
    expect(slice(text, alias.startTag)).toBe(`<alias name='ua-ü'/>`);
    expect(alias.attributes[0]!.value).toBe('ua-ü');
    const iface = el(doc, 'interface');
    expect(slice(text, iface.startTag)).toBe(`<interface type='a'/>`);
    expect(doc.positionAt(iface.startTag[0]).column).toBe(offsetOf(text, '<interface') - 9 + 1);
    expect(el(doc, 'description').text).toBe('é😀');
    expect(el(doc, 'devices').text).toBe('😀');
  });

  it('handles astral characters across several lines and in end tags', () => {
    const text = `<domain>😀\n😀<devices>😀\n😀😀<disk>😀</disk></devices></domain>`;
    const doc = domain(text);
    const disk = el(doc, 'disk');
    expect(slice(text, disk.startTag)).toBe('<disk>');
    expect(slice(text, disk.endTag!)).toBe('</disk>');
    expect(doc.positionAt(disk.startTag[0])).toEqual({ line: 3, column: 5 });
    expect(slice(text, el(doc, 'devices').endTag!)).toBe('</devices>');
  });

  // saxes also ends lines at NEL and LS in XML 1.1; ranges come from its exact offsets, not lines.
  it('XML 1.1: ranges stay exact after an LS or NEL line end', () => {
    const text = '<?xml version="1.1"?>\n<domain>\u2028<devices>\u0085<disk type="a"/></devices></domain>';
    const doc = domain(text);
    expect(slice(text, el(doc, 'devices').startTag)).toBe('<devices>');
    expect(slice(text, el(doc, 'disk').startTag)).toBe('<disk type="a"/>');
  });

  it('XML 1.1: NEL and LS are whitespace inside tags too', () => {
    const text = '<?xml version="1.1"?>\n<domain>\n<disk\u0085type="a"\u2028device = \'b\'/></domain\u0085>';
    const disk = el(domain(text), 'disk');
    expect(disk.attributes.map((a) => [a.name, a.value, slice(text, a.range)])).toEqual([
      ['type', 'a', 'type="a"'],
      ['device', 'b', "device = 'b'"],
    ]);
    // In XML 1.0 they are not: an error, as saxes and libxml2 say.
    expect(() => parseXml('<domain><disk\u0085type="a"/></domain>')).toThrow(
      /disallowed character in tag name/,
    );
  });

  it('XML 1.0: LS and NEL are ordinary characters', () => {
    const text = '<?xml version="1.0"?>\n<domain>\u2028<devices>\u0085<disk type="a"/></devices></domain>';
    const doc = domain(text);
    expect(slice(text, el(doc, 'disk').startTag)).toBe('<disk type="a"/>');
    expect(doc.positionAt(el(doc, 'disk').startTag[0])).toEqual({ line: 2, column: 20 });
  });
});

describe('XML declaration, comments, CDATA, processing instructions', () => {
  it('gives the declaration range, or null without one', () => {
    const text = `<?xml version="1.0" encoding="UTF-8" standalone='yes' ?>\n<domain/>`;
    const doc = domain(text);
    expect(slice(text, doc.xmlDeclaration!)).toBe(`<?xml version="1.0" encoding="UTF-8" standalone='yes' ?>`);
    expect(doc.xmlDeclaration![0]).toBe(0);
    expect(domain('<domain/>').xmlDeclaration).toBeNull();
    expect(domain('<!-- <?xml version="1.0"?> -->\n<domain/>').xmlDeclaration).toBeNull();
  });

  it('skips comments (with markup inside) before, inside and after elements', () => {
    const text =
      `<!-- <domain> lookalike -->\n<domain>\n  <!-- <devices> -->\n  <devices>\n` +
      `    <disk><!-- <alias name='ua-c'/> --><alias name='ua-d'/></disk>\n` +
      `  </devices>\n</domain>\n<!-- trailing -->\n`;
    const doc = domain(text);
    expect(slice(text, doc.root.startTag)).toBe('<domain>');
    expect(el(doc, 'disk').children.map((c) => c.name)).toEqual(['alias']);
    expect(el(doc, 'alias').attributes[0]!.value).toBe('ua-d');
    expect(slice(text, el(doc, 'alias').startTag)).toBe(`<alias name='ua-d'/>`);
    expect(el(doc, 'disk').text).toBe('');
  });

  it('puts CDATA text into `text`, decoded entities too, comments left out', () => {
    const text = `<domain><description><![CDATA[a<b>&amp;]]> &amp; <!-- c -->d</description></domain>`;
    const doc = domain(text);
    expect(el(doc, 'description').text).toBe('a<b>&amp; & d');
    expect(slice(text, el(doc, 'description').endTag!)).toBe('</description>');
  });

  it('ignores processing instructions', () => {
    const text = `<?xml version="1.0"?>\n<?virt-alias x?>\n<domain><?pi <x>?><devices/></domain>`;
    const doc = domain(text);
    expect(slice(text, el(doc, 'devices').startTag)).toBe('<devices/>');
  });
});

describe('namespaces', () => {
  it('resolves element and attribute prefixes, and default namespaces below the root', () => {
    const text =
      `<domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>\n` +
      `  <metadata>\n` +
      `    <nova:instance xmlns:nova="http://openstack.org/xmlns/libvirt/nova/1.1">\n` +
      `      <nova:port nova:x='1' uuid='u'/>\n` +
      `    </nova:instance>\n` +
      `    <app xmlns='urn:app'><item/></app>\n` +
      `  </metadata>\n` +
      `  <qemu:commandline/>\n` +
      `</domain>`;
    const doc = domain(text);
    const instance = el(doc, 'nova:instance');
    expect(instance).toMatchObject({
      local: 'instance',
      prefix: 'nova',
      uri: 'http://openstack.org/xmlns/libvirt/nova/1.1',
    });
    expect(instance.attributes[0]).toMatchObject({
      name: 'xmlns:nova',
      prefix: 'xmlns',
      local: 'nova',
      uri: 'http://www.w3.org/2000/xmlns/',
    });
    expect(slice(text, instance.attributes[0]!.range)).toBe(
      `xmlns:nova="http://openstack.org/xmlns/libvirt/nova/1.1"`,
    );
    const port = el(doc, 'nova:port');
    expect(port.attributes.map((a) => [a.name, a.local, a.prefix, a.uri])).toEqual([
      ['nova:x', 'x', 'nova', 'http://openstack.org/xmlns/libvirt/nova/1.1'],
      ['uuid', 'uuid', '', ''],
    ]);
    expect(el(doc, 'item').uri).toBe('urn:app');
    expect(el(doc, 'qemu:commandline')).toMatchObject({
      local: 'commandline',
      uri: 'http://libvirt.org/schemas/domain/qemu/1.0',
    });
    expect(doc.root.uri).toBe('');
  });

  it('refuses an unbound prefix', () => {
    const e = parseError(`<domain>\n  <nova:instance/>\n</domain>`);
    expect(e.message).toMatch(/unbound namespace prefix/);
    expect(e.line).toBe(2);
  });
});

describe('DOCTYPE is refused, entities never expanded', () => {
  it('refuses a plain DOCTYPE', () => {
    const e = parseError(`<!DOCTYPE domain>\n<domain/>\n`);
    expect(e.message).toMatch(/DOCTYPE/);
    expect(e.line).toBe(1);
  });

  it('refuses a DOCTYPE whose internal subset defines entities', () => {
    const text =
      `<?xml version="1.0"?>\n<!DOCTYPE domain [\n  <!ENTITY a "ua-x">\n  <!ENTITY lol "&a;&a;&a;&a;">\n]>\n` +
      `<domain><devices><disk><alias name="&lol;"/></disk></devices></domain>\n`;
    const r = parseDomain(text);
    expect(r.kind).toBe('error');
    if (r.kind !== 'error') return;
    expect(r.error.message).toMatch(/DOCTYPE/);
    expect(r.error.line).toBeGreaterThanOrEqual(2);
    expect(r.error.line).toBeLessThanOrEqual(5);
    expect(r.error.column).toBeGreaterThanOrEqual(1);
  });

  it('points a DOCTYPE error at `<!DOCTYPE`', () => {
    const e = parseError(`<?xml version="1.0"?>\n<!DOCTYPE domain [\n  <!ENTITY a "ua-x">\n]>\n<domain/>\n`);
    expect({ line: e.line, column: e.column }).toEqual({ line: 2, column: 1 });
  });

  it('does not know entities a DTD would have defined', () => {
    const e = parseError(`<domain>\n  <name>&a;</name>\n</domain>`);
    expect(e.message).toMatch(/entity/);
    expect(e.line).toBe(2);
  });
});

describe('malformed input: the first error, with its line and column', () => {
  const cases: readonly [label: string, text: string, message: RegExp, line: number, column: number][] = [
    ['empty file', '', /root element/, 1, 1],
    ['unclosed tag at the end', `<domain>\n  <devices>\n    <disk/>\n`, /unclosed tag: devices/, 4, 1],
    ['close tag of another element', `<domain>\n  <devices>\n</domain>\n`, /unexpected close tag/, 3, 9],
    ['mismatched close tag', `<domain>\n  <name>x</nam>\n</domain>`, /unexpected close tag/, 2, 15],
    ['unquoted attribute', `<domain>\n  <disk type=file/>\n</domain>`, /unquoted attribute value/, 2, 14],
    ['duplicate attribute', `<domain>\n  <disk a='1' a='2'/>\n</domain>`, /duplicate attribute: a/, 2, 21],
    ['second root', `<domain/>\n  <domain/>\n`, /only one root/, 2, 10],
    ['< in attribute', `<domain>\n  <disk a='<'/>\n</domain>`, /disallowed character/, 2, 12],
    [
      'disallowed control character',
      `<domain>\n  <name>a\u0001</name>\n</domain>`,
      /disallowed character/,
      2,
      10,
    ],
  ];
  for (const [label, text, message, line, column] of cases) {
    it(label, () => {
      const e = parseError(text);
      expect(e.message).toMatch(message);
      expect(e.message).not.toMatch(/^\d+:\d+/);
      expect({ line: e.line, column: e.column }).toEqual({ line, column });
    });
  }

  // saxes 6 reads a bare `&` as an entity name up to the next `;` anywhere in the file: the
  // parser points the error back at the `&` itself.
  it('a bare & is reported where it is', () => {
    const e = parseError(`<domain>\n  <description>R&D guest</description>\n  <devices/>\n</domain>\n`);
    expect(e.line).toBe(2);
  });

  it('a bare & is an error (somewhere)', () => {
    expect(parseError(`<domain>\n  <name>a & b;</name>\n</domain>`).line).toBe(2);
    expect(parseError(`<domain>\n  <name>a & b</name>\n</domain>`).line).toBeGreaterThanOrEqual(2);
    expect(parseError(`<domain>\n  <disk a='x & y'/>\n</domain>`).line).toBeGreaterThanOrEqual(2);
  });

  it('truncated in the middle of a start tag', () => {
    const e = parseError(`<domain>\n  <devices>\n    <disk type='fi`);
    expect(e.line).toBe(3);
    expect(e.column).toBeGreaterThanOrEqual(15);
  });

  it('CRLF and lone CR count lines in errors like in positions', () => {
    expect(parseError(`<domain>\r\n\r\n  <a></b>\r\n</domain>`)).toMatchObject({ line: 3, column: 9 });
    expect(parseError(`<domain>\r\r  <a></b>\r</domain>`)).toMatchObject({ line: 3, column: 9 });
  });

  it('a BOM is not a column in errors either', () => {
    const withBom = parseError(`\uFEFF<domain><a></b></domain>`);
    const without = parseError(`<domain><a></b></domain>`);
    expect(withBom).toMatchObject({ line: 1, column: without.column });
    expect(parseError(`\uFEFF<domain>\n<a></b></domain>`)).toMatchObject({ line: 2, column: 7 });
  });

  it('tabs count one column in errors', () => {
    expect(parseError(`<domain>\n\t\t<a></b>\n</domain>`)).toMatchObject({ line: 2, column: 9 });
  });

  it('error columns count UTF-16 code units after astral characters', () => {
    const e = parseError(`<domain>\n  <!-- 😀 --><a></b>\n</domain>`);
    expect({ line: e.line, column: e.column }).toEqual({ line: 2, column: 20 });
    const two = parseError(`<domain>\n😀😀<a></b>\n</domain>`);
    expect({ line: two.line, column: two.column }).toEqual({ line: 2, column: 11 });
  });

  it('error columns count a BMP non-ASCII character as one', () => {
    const e = parseError(`<domain>\n  <!-- é --><a></b>\n</domain>`);
    expect({ line: e.line, column: e.column }).toEqual({ line: 2, column: 19 });
  });

  // saxes reports text outside the root where the text run ends: the parser points at its start.
  it('text only: the error points at the text', () => {
    const e = parseError('hello world\n');
    expect(e.message).toMatch(/outside of root/);
    expect({ line: e.line, column: e.column }).toEqual({ line: 1, column: 1 });
  });

  it('garbage after the root: the error points at the garbage', () => {
    const e = parseError('<domain/>\n  xyz\n\n');
    expect(e.message).toMatch(/outside of root/);
    expect({ line: e.line, column: e.column }).toEqual({ line: 2, column: 3 });
  });

  it('text only and garbage after root are errors', () => {
    expect(parseError('hello world\n').message).toMatch(/outside of root/);
    expect(parseError('<domain/>\nxyz').message).toMatch(/outside of root/);
    expect(parseError('  \n').message).toMatch(/root element/);
    expect(parseError('<!-- only a comment -->').message).toMatch(/root element/);
  });

  it('parseXml throws XmlSyntaxError', () => {
    expect(() => parseXml('<a>')).toThrow(XmlSyntaxError);
    expect(() => parseXml('<!DOCTYPE a><a/>')).toThrow(/DOCTYPE/);
  });
});

describe('non-domain roots', () => {
  it.each([
    ['<network><name>default</name></network>', 'network', 'network', ''],
    [`<?xml version="1.0"?>\n<pool type='dir'><name>p</name></pool>`, 'pool', 'pool', ''],
    // Its children inherit the namespace: libvirt reads none of them.
    [`<domain xmlns='urn:x' type='kvm'><name>x</name></domain>`, 'domain', 'domain', 'urn:x'],
    [`<l:domain xmlns:l='urn:l'><l:name>x</l:name></l:domain>`, 'l:domain', 'domain', 'urn:l'],
    [`<l:domain xmlns:l='http://libvirt.org/'/>`, 'l:domain', 'domain', 'http://libvirt.org/'],
    [`<l:network xmlns:l='urn:l'><name>x</name></l:network>`, 'l:network', 'network', 'urn:l'],
    ['<domainsnapshot/>', 'domainsnapshot', 'domainsnapshot', ''],
  ])('%s', (text, rootName, rootLocal, rootNamespace) => {
    expect(parseDomain(text)).toEqual({ kind: 'not-domain', rootName, rootLocal, rootNamespace });
  });

  it('a <domain> root in a namespace is a domain when libvirt can read its children', () => {
    const prefixed = domain(
      `<lv:domain xmlns:lv='http://libvirt.org/schemas/domain' type='kvm'><name>p</name>` +
        `<devices><disk type='file'><alias name='ua-a'/></disk><lv:disk type='file'/></devices></lv:domain>`,
    );
    expect(prefixed.name).toBe('p');
    // libvirt reads no element in a namespace: <lv:disk> is not one of its devices.
    expect(prefixed.devices.map((d) => d.alias?.name)).toEqual(['ua-a']);
    const reset = domain(`<domain xmlns='urn:x'><name xmlns=''>r</name></domain>`);
    expect(reset.name).toBe('r');
  });

  it('stops at a non-domain root: later well-formedness errors are not looked at', () => {
    expect(parseDomain('<network><name>x</nam></network>')).toMatchObject({
      kind: 'not-domain',
      rootName: 'network',
    });
  });

  it('parseXml with stopAtRoot returns the root only', () => {
    const tree = parseXml(`<network a='1'><name/></network>`, { stopAtRoot: () => true });
    expect(tree.root.name).toBe('network');
    expect(tree.root.children).toEqual([]);
    expect(tree.root.attributes[0]!.value).toBe('1');
  });
});

describe('parser reuse', () => {
  const good = (i: number) =>
    `<domain type='kvm'>\n  <name>g${i}</name>\n  <devices>\n    <disk type='file'><alias name='ua-${i}'/></disk>\n  </devices>\n</domain>\n`;
  const bad = [
    `<domain>\n  <devices>\n    <disk type='fi`,
    `<domain><a></b></domain>`,
    `<!DOCTYPE x [<!ENTITY e "x">]><domain/>`,
    '',
    'text',
    `<network/>`,
    `<domain><name>&x;</name>`,
  ];

  it('parses many documents in a row, good ones after each malformed one', () => {
    for (let round = 0; round < 3; round++) {
      for (const [k, b] of bad.entries()) {
        expect(parseDomain(b).kind).not.toBe('domain');
        const text = good(round * 100 + k);
        const doc = domain(text);
        expect(doc.name).toBe(`g${round * 100 + k}`);
        expect(doc.devices).toHaveLength(1);
        expect(doc.devices[0]!.alias!.name).toBe(`ua-${round * 100 + k}`);
        expect(slice(text, doc.devices[0]!.element.startTag)).toBe(`<disk type='file'>`);
        expect(doc.positionAt(doc.devices[0]!.element.startTag[0])).toEqual({ line: 4, column: 5 });
      }
    }
  });

  it('an error position does not leak from the previous document', () => {
    parseDomain(`<domain>\n\n\n\n<a></b></domain>`);
    expect(parseError(`<domain><a></b></domain>`)).toMatchObject({ line: 1, column: 15 });
    expect(parseError(`<domain><a></b></domain>`)).toMatchObject({ line: 1, column: 15 });
  });

  it('a document starting with no BOM after one with a BOM', () => {
    domain(`\uFEFF<domain/>`);
    const text = `<domain><devices><disk/></devices></domain>`;
    expect(slice(text, el(domain(text), 'disk').startTag)).toBe('<disk/>');
  });
});

describe('nesting depth: libxml2 refuses an element inside more than 256 others, as libvirt does', () => {
  /** `<domain>` holding `<devices><disk>` and then `<a>` elements: `depth` elements in all. */
  const nested = (depth: number, inside = ''): string => {
    const chain = depth - 3;
    return (
      `<domain type='kvm'><devices><disk type='file'>` +
      '<a>'.repeat(chain) +
      inside +
      '</a>'.repeat(chain) +
      `</disk></devices></domain>\n`
    );
  };
  const START = `<domain type='kvm'><devices><disk type='file'>`.length;

  it('257 nested elements (256 ancestors for the deepest) parse', () => {
    expect(parseDomain(nested(257)).kind).toBe('domain');
  });

  it("the 258th is refused at its `<`, with libvirt's message", () => {
    const e = parseError(nested(258));
    expect(e.message).toBe(
      'Excessive depth in document: 256 (virsh define refuses an element nested inside more than 256 others)',
    );
    // Its ancestors: domain, devices, disk and 254 <a>; it is the 255th <a>.
    expect({ line: e.line, column: e.column }).toEqual({ line: 1, column: START + 254 * 3 + 1 });
  });

  it('a self-closing element counts as well', () => {
    expect(parseError(nested(257, '<b/>')).column).toBe(START + 254 * 3 + 1);
  });

  it('100,000 levels end in that one finding, not a stack overflow', () => {
    const e = parseError(nested(100_000));
    expect(e.message).toMatch(/^Excessive depth in document: 256/);
    expect(e.column).toBe(START + 254 * 3 + 1);
  });

  it('an earlier error is reported first, as libxml2 reports the first error', () => {
    const text = `<domain>\n<x a='1' a='2'/>\n${'<a>'.repeat(300)}${'</a>'.repeat(300)}</domain>`;
    expect(parseError(text).line).toBe(2);
  });

  it('descendants walks a deep tree without recursion, in document order', () => {
    const doc = domain(nested(257));
    const all = [...descendants(doc.root)];
    expect(all).toHaveLength(256);
    expect(all.map((e) => e.name).slice(0, 3)).toEqual(['devices', 'disk', 'a']);
    const wide = domain(`<domain><a><b/><c><d/></c></a><e/></domain>`);
    expect([...descendants(wide.root)].map((e) => e.name)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});
