import { parseDomain } from '@virt-alias/parser';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from './config/resolve.js';
import { lintDocument, lintText } from './linter.js';

const recommended = resolveConfig();
const VOL = '3e6a4c4e-7d1b-4b7e-9d7a-0f6f5e4d3c2b';

const lines = (...l: string[]) => `${l.join('\n')}\n`;

/** One domain with one instance of every finding, each on its own line. */
const EVERYTHING = lines(
  `<domain type='kvm'>`,
  `  <name>all</name>`,
  `  <devices>`,
  `    <disk type='network' device='disk'><serial>${VOL}</serial><target dev='vdb'/></disk>`,
  `    <disk type='file' device='disk'><target dev='vdc'/><alias name='virtio-disk2'/></disk>`,
  `    <disk type='file' device='disk'><target dev='vdd'/><alias name='ua-d.3'/></disk>`,
  `    <disk type='file' device='disk'><target dev='vde'/><alias name='ua-x'/></disk>`,
  `    <disk type='file' device='disk'><target dev='vdf'/><alias name='ua-x'/></disk>`,
  `    <disk type='file' device='disk'><target dev='vdg'/><alias name='ua-g'/><alias name='ua-g2'/></disk>`,
  `    <disk type='network' device='disk'><serial>${VOL}</serial><alias name='ua-vol'/></disk>`,
  `    <interface type='network'><mac address='52:54:00:00:00:01'/><alias name='ua-n1'/></interface>`,
  `    <interface type='network'><mac address='52:54:00:00:00:01'/><alias name='ua-n2'/><teaming type='transient' persistent='ua-nope'/></interface>`,
  `    <graphics type='vnc'><alias name='ua-vnc'/></graphics>`,
  `  </devices>`,
  `</domain>`,
);

describe('lintDocument', () => {
  it('reports every finding once, by one rule, sorted by position', () => {
    // libvirt-schema would add libvirt's schema's complaints about this sketch of a domain.
    const result = lintText(
      EVERYTHING,
      resolveConfig({ preset: 'strict', rules: { 'libvirt-schema': 'off' } }),
    );
    expect(result.messages.map((m) => [m.line, m.ruleId, m.messageId])).toEqual([
      [4, 'alias-required', 'volume'],
      [5, 'alias-user-prefix', 'generated'],
      [6, 'alias-charset', 'badCharacters'],
      [8, 'alias-unique', 'duplicate'],
      [9, 'alias-placement', 'extra'],
      [10, 'identifier-unique', 'duplicateSerial'],
      [10, 'alias-identity', 'volume'],
      [12, 'identifier-unique', 'duplicateMac'],
      [12, 'teaming-reference', 'dangling'],
      [13, 'alias-placement', 'ignoredDevice'],
    ]);
    expect(result.errorCount).toBe(10);
    expect(result.warningCount).toBe(0);
  });

  it('runs only the enabled rules, each at its severity', () => {
    const result = lintText(
      EVERYTHING,
      resolveConfig({ rules: { 'alias-unique': 'off', 'alias-charset': 'warn', 'alias-placement': 0 } }),
    );
    const byRule = new Map(result.messages.map((m) => [m.ruleId, m.severity]));
    expect(byRule.has('alias-unique')).toBe(false);
    expect(byRule.has('alias-placement')).toBe(false);
    expect(byRule.get('alias-charset')).toBe(1);
    expect(byRule.get('identifier-unique')).toBe(1);
    expect(byRule.get('alias-required')).toBe(2);
    expect(result.warningCount).toBe(3);
    expect(result.errorCount).toBe(4);
    expect(result.fatalErrorCount).toBe(0);
  });

  it('passes rule options through: recommended does not require a local disk alias, disk does', () => {
    const text = lines(
      `<domain>`,
      `<devices><disk type='file'><target dev='vda'/></disk></devices>`,
      `</domain>`,
    );
    expect(lintText(text, recommended).messages).toEqual([]);
    const messages = lintText(
      text,
      resolveConfig({ rules: { 'alias-required': ['error', { devices: ['disk'] }] } }),
    ).messages;
    expect(messages.map((m) => m.message)).toEqual(['<disk> vda has no user alias.']);
  });

  it('skips a rule id it does not know', () => {
    const parsed = parseDomain(EVERYTHING);
    if (parsed.kind !== 'domain') throw new Error('fixture does not parse');
    const messages = lintDocument(parsed.document, {
      preset: 'recommended',
      rules: new Map([
        ['no-such-rule', { severity: 2, options: {} }],
        ['alias-charset', { severity: 2, options: {} }],
      ]),
    });
    expect(messages.map((m) => m.ruleId)).toEqual(['alias-charset']);
  });

  it('interpolates every placeholder of the message', () => {
    const [message] = lintText(
      EVERYTHING,
      resolveConfig({ rules: { 'alias-unique': 'error' } }),
    ).messages.filter((m) => m.ruleId === 'alias-unique');
    expect(message?.message).toBe(
      'Alias "ua-x" is already used by the <disk> at line 7: virsh define fails with "non unique alias detected: ua-x".',
    );
  });
});

describe('lintText', () => {
  it('turns malformed XML into one fatal message without a rule', () => {
    const result = lintText(
      lines(`<domain>`, `  <devices>`, `    <disk type='file'>`, `  </devices>`),
      recommended,
      { filePath: 'a.xml' },
    );
    expect(result.filePath).toBe('a.xml');
    expect(result.messages).toHaveLength(1);
    const [m] = result.messages;
    expect(m).toMatchObject({ ruleId: null, fatal: true, severity: 2, line: 4 });
    expect(m?.message).toBe('unexpected close tag.');
    // saxes reports the close tag at its `>`.
    expect(m?.column).toBe('  </devices>'.length);
    expect(result).toMatchObject({ errorCount: 1, fatalErrorCount: 1, warningCount: 0 });
    expect(result.skipped).toBeUndefined();
  });

  it('points at the offending character of a syntax error', () => {
    const [m] = lintText(lines(`<domain>`, `  <devices><&/devices>`, `</domain>`), recommended).messages;
    expect(m).toMatchObject({ ruleId: null, fatal: true, line: 2, column: 13 });
  });

  it('an empty text is fatal too', () => {
    expect(lintText('', recommended).messages).toMatchObject([
      { ruleId: null, fatal: true, line: 1, column: 1 },
    ]);
  });

  it('refuses a DOCTYPE, entities or not', () => {
    for (const doctype of ['<!DOCTYPE domain>', `<!DOCTYPE domain [<!ENTITY x "ua-x">]>`]) {
      const result = lintText(
        lines(`<?xml version="1.0"?>`, doctype, `<domain><name>x</name></domain>`),
        recommended,
      );
      expect(result.messages).toHaveLength(1);
      expect(result.messages[0]).toMatchObject({ ruleId: null, fatal: true, severity: 2, line: 2 });
      expect(result.messages[0]?.message).toMatch(/DOCTYPE/);
    }
  });

  it('skips a document whose root is not <domain>', () => {
    const result = lintText(lines(`<network>`, `  <name>default</name>`, `</network>`), recommended, {
      filePath: 'net.xml',
    });
    expect(result).toMatchObject({
      filePath: 'net.xml',
      messages: [],
      errorCount: 0,
      fatalErrorCount: 0,
      skipped: { reason: 'root element is <network>, not <domain>' },
    });
  });

  it('a clean domain has no message and is not skipped', () => {
    const result = lintText(lines(`<domain type='kvm'>`, `  <name>x</name>`, `</domain>`), recommended);
    expect(result.messages).toEqual([]);
    expect(result.skipped).toBeUndefined();
  });
});

describe('positions', () => {
  const charset = (text: string) => {
    const messages = lintText(text, recommended).messages.filter((m) => m.ruleId === 'alias-charset');
    expect(messages).toHaveLength(1);
    const [m] = messages;
    return { line: m?.line, column: m?.column, endLine: m?.endLine, endColumn: m?.endColumn };
  };
  const ALIAS_LINE = `    <disk type='file'><target dev='vda'/><alias name='ua-a.b'/></disk>`;
  // 1-based column of `name=` on ALIAS_LINE, and of the character after the closing quote.
  const START = ALIAS_LINE.indexOf('name=') + 1;
  const END = ALIAS_LINE.lastIndexOf(`'/>`) + 2;

  it('are 1-based lines and columns of the reported attribute', () => {
    expect(charset(lines(`<domain>`, `  <devices>`, ALIAS_LINE, `  </devices>`, `</domain>`))).toEqual({
      line: 3,
      column: START,
      endLine: 3,
      endColumn: END,
    });
  });

  it('count CRLF as one line end', () => {
    const text = lines(`<domain>`, `  <devices>`, ALIAS_LINE, `  </devices>`, `</domain>`).replace(
      /\n/g,
      '\r\n',
    );
    expect(charset(text)).toEqual({ line: 3, column: START, endLine: 3, endColumn: END });
  });

  it('count a tab as one column', () => {
    const text = lines(
      `<domain>`,
      `\t<devices>`,
      ALIAS_LINE.replace('    ', '\t'),
      `\t</devices>`,
      `</domain>`,
    );
    expect(charset(text)).toEqual({ line: 3, column: START - 3, endLine: 3, endColumn: END - 3 });
  });

  it('count UTF-16 code units: an astral character takes two columns', () => {
    const text = lines(
      `<domain>`,
      `  <devices>`,
      ALIAS_LINE.replace('<disk ', `<disk x='😀' `),
      `  </devices>`,
      `</domain>`,
    );
    expect(charset(text)).toEqual({ line: 3, column: START + 7, endLine: 3, endColumn: END + 7 });
  });

  it('a BOM does not move the positions of later lines', () => {
    const text = `\uFEFF${lines(`<domain>`, `  <devices>`, ALIAS_LINE, `  </devices>`, `</domain>`)}`.replace(
      /\n/g,
      '\r\n',
    );
    expect(charset(text)).toEqual({ line: 3, column: START, endLine: 3, endColumn: END });
  });

  it('a finding may span lines', () => {
    const text = lines(
      `<domain>`,
      `  <devices>`,
      `    <disk type='file'><alias`,
      `      name='ua-a.b'/></disk>`,
      `  </devices>`,
      `</domain>`,
    );
    expect(charset(text)).toEqual({ line: 4, column: 7, endLine: 4, endColumn: 20 });
  });

  it('a fatal error after a BOM on a later line is not moved', () => {
    const [m] = lintText(`\uFEFF<domain>\r\n  <devices><&/devices>\r\n</domain>\r\n`, recommended).messages;
    expect(m).toMatchObject({ fatal: true, line: 2, column: 13 });
  });

  it('a BOM does not count as a column of line 1 (ESLint and editors strip it)', () => {
    const text = `\uFEFF<domain><devices>${ALIAS_LINE.trim()}</devices></domain>`;
    const column = `<domain><devices>${ALIAS_LINE.trim()}`.indexOf('name=') + 1;
    expect(charset(text).column).toBe(column);
  });

  it('a fatal error column counts UTF-16 code units after an astral character', () => {
    const [m] = lintText(`<domain>\n  <devices x='😀'><&/devices>\n</domain>\n`, recommended).messages;
    expect(m).toMatchObject({ fatal: true, line: 2, column: 13 + 7 });
  });
});

describe('the preset that judges a domain', () => {
  const NOVA_2024 = lines(
    `<domain type='kvm'>`,
    `  <metadata>`,
    `    <nova:instance xmlns:nova="http://openstack.org/xmlns/libvirt/nova/1.1"/>`,
    `  </metadata>`,
    `  <devices>`,
    `    <disk type='network' device='disk'><target dev='vdb'/><serial>${VOL}</serial><alias name='ua-${VOL}'/></disk>`,
    `    <interface type='bridge'><mac address='fa:16:3e:00:00:01'/></interface>`,
    `  </devices>`,
    `</domain>`,
  );
  const plain = NOVA_2024.replace(/ {2}<metadata>[^]*<\/metadata>\n/, '');

  it('by default: a Nova-managed domain by nova, so XML exactly as Nova 2024.1+ writes it passes', () => {
    const result = lintText(NOVA_2024, resolveConfig());
    expect(result).toMatchObject({ preset: 'nova', errorCount: 0, warningCount: 0 });
  });

  it('by default: any other domain by recommended (the blueprint: its interface needs an alias)', () => {
    const result = lintText(plain, resolveConfig());
    expect(result.preset).toBe('recommended');
    expect(result.messages.map((m) => m.messageId)).toEqual(['interface']);
  });

  it('a preset from the command line or a config file judges every domain', () => {
    expect(lintText(NOVA_2024, resolveConfig({ preset: 'recommended' }))).toMatchObject({
      preset: 'recommended',
      errorCount: 1,
    });
    expect(lintText(plain, resolveConfig({ file: { extends: 'nova' } }))).toMatchObject({
      preset: 'nova',
      errorCount: 0,
    });
  });

  it('rule settings apply under either default preset', () => {
    const config = resolveConfig({ rules: { 'alias-required': 'off' } });
    expect(lintText(plain, config).errorCount).toBe(0);
    expect(lintText(NOVA_2024, config).preset).toBe('nova');
  });
});

describe('noInlineConfig (--no-inline-config)', () => {
  const text = lines(
    `<domain type='kvm'>`,
    `  <name>d</name>`,
    `  <devices>`,
    `    <!-- virt-alias-disable-next-line alias-charset -->`,
    `    <disk type='file' device='disk'><target dev='vda'/><alias name='ua-d.1'/></disk>`,
    `    <!-- virt-alias-disable-line no-such-rule -->`,
    `  </devices>`,
    `</domain>`,
  );

  it('directives suppress nothing, and none is reported (unknown rule, unused)', () => {
    const obeyed = lintText(text, recommended, { reportUnusedDisableDirectives: 'error' });
    expect(obeyed.messages.map((m) => m.ruleId)).toEqual(['directive']);
    expect(obeyed.suppressedMessages.map((m) => m.ruleId)).toEqual(['alias-charset']);
    const ignored = lintText(
      text,
      { ...recommended, noInlineConfig: true },
      { reportUnusedDisableDirectives: 'error' },
    );
    expect(ignored.messages.map((m) => [m.ruleId, m.line])).toEqual([['alias-charset', 5]]);
    expect(ignored.suppressedMessages).toEqual([]);
  });
});
