import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseDomain, type DomainDocument } from '@virt-alias/parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../config/resolve.js';
import type { LintSettings } from '../../lint-settings.js';
import { lintText } from '../../linter.js';
import { prepareRules } from '../../prepare-rules.js';
import { RuleConfigError } from '../../rule.js';
import { testRule } from '../../testing/rule-tester.js';
import { IN_CI } from '../../testing/programs.js';
import rule, { createLibvirtSchemaRule } from './index.js';
import { loadLibxml2, SchemaCompileError, type SchemaDiagnostic, type SchemaVerdict } from './relaxng.js';
import { elementAtPath } from './schema-findings.js';
import { DEFAULT_SCHEMA_DIR, DOMAIN_SCHEMA_FILE, type SchemaLoader } from './schema-loader.js';

/** A domain libvirt's schema accepts, as `virsh dumpxml --inactive` would show a tiny guest. */
const VALID = `<domain type='kvm'>
  <name>test</name>
  <memory>1048576</memory>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
  </os>
  <devices>
    <disk type='file' device='disk'>
      <source file='/var/lib/a.img'/>
      <target dev='vda' bus='virtio'/>
      <alias name='ua-disk0'/>
    </disk>
  </devices>
</domain>
`;

/** `VALID` with `from`, which must occur in it, replaced. */
function mutate(from: string, to: string): string {
  if (!VALID.includes(from)) throw new Error(`"${from}" is not in the valid domain`);
  return VALID.replace(from, to);
}

const schemaInstalled = existsSync(path.join(DEFAULT_SCHEMA_DIR, DOMAIN_SCHEMA_FILE));

// libxml2-wasm loads only when asked (the CLI and the engine ask when a config turns the rule on).
beforeAll(loadLibxml2);

describe('libvirt schema is installed', () => {
  it(`${DEFAULT_SCHEMA_DIR}/${DOMAIN_SCHEMA_FILE} exists`, (ctx) => {
    if (schemaInstalled) return;
    const message = `${DEFAULT_SCHEMA_DIR} has no ${DOMAIN_SCHEMA_FILE}: install Debian/Ubuntu package libvirt0`;
    if (IN_CI) throw new Error(`CI: the libvirt-schema tests must run, not be skipped. ${message}`);
    console.warn(`libvirt-schema tests against the real schema SKIPPED: ${message}`);
    ctx.skip(message);
  });
});

describe.skipIf(!schemaInstalled && !IN_CI)('libvirt-schema against libvirt’s domain.rng', () => {
  testRule(rule, {
    valid: [
      { name: 'a small complete domain', code: VALID },
      {
        name: 'an alias with a dot: the schema allows it (libvirt then drops it)',
        code: mutate('ua-disk0', 'ua-disk.0'),
      },
    ],
    invalid: [
      {
        name: 'an alias with a space: the reason is joined to the error of <devices>',
        code: mutate('ua-disk0', 'ua-disk 0'),
        errors: [
          {
            messageId: 'invalid',
            at: '<devices>',
            data: {
              reason: 'Element domain failed to validate content: Extra element devices in interleave',
            },
          },
        ],
      },
      {
        name: 'line numbers past 65535 stay exact (XML_PARSE_BIG_LINES)',
        code: mutate('ua-disk0', 'ua-disk 0').replace(
          "<domain type='kvm'>",
          `<domain type='kvm'>${'\n'.repeat(70_000)}`,
        ),
        errors: [{ messageId: 'invalid', at: '<devices>' }],
      },
      {
        name: 'no <name>: three errors of libxml2 at the root, one finding',
        code: mutate('  <name>test</name>\n', ''),
        errors: [
          {
            messageId: 'invalid',
            at: '<domain',
            data: {
              reason:
                'Expecting an element name, got nothing; Invalid sequence in interleave; Element domain failed to validate content',
            },
          },
        ],
      },
      {
        name: 'two mistakes: libxml2 stops at the first child of <domain> that fails',
        code: mutate('ua-disk0', 'ua-disk 0').replace(
          '<type arch',
          "<boot dev='floppy-drive'/>\n    <type arch",
        ),
        errors: [
          { messageId: 'invalid', at: '<os>', data: { reason: 'Extra element os in interleave' } },
          {
            messageId: 'invalid',
            at: '<boot',
            data: { reason: 'Element boot failed to validate attributes' },
          },
        ],
      },
      {
        name: 'a hypervisor type the schema does not know',
        code: mutate("type='kvm'", "type='kvmx'"),
        errors: [{ messageId: 'invalid', at: '<domain' }],
      },
      {
        name: 'an unknown element in <os>: libxml2 names its line',
        code: mutate('    <type arch', '    <bogus/>\n    <type arch'),
        errors: [{ messageId: 'invalid', at: '<os>' }],
      },
    ],
  });

  // The parser refuses such nesting itself, as libvirt does (libxml2's message), before any rule.
  it('too deep nesting is a parse error on the line and column libxml2 gives', () => {
    const nested = `<x:a xmlns:x='urn:x'>${'<x:b>'.repeat(300)}${'</x:b>'.repeat(300)}</x:a>`;
    const text = mutate('  <devices>', `  <metadata>\n    ${nested}\n  </metadata>\n  <devices>`);
    const only = new Map([[rule.id, { severity: 2 as const, options: rule.meta.defaultOptions }]]);
    const { messages } = lintText(text, { preset: 'strict', rules: only });
    // Well past the first 250 `<x:b>` (5 characters each) of line 8, before the last 50.
    expect(messages).toMatchObject([{ ruleId: null, fatal: true, line: 8 }]);
    expect(messages[0]!.message).toMatch(/Excessive depth in document: 256/);
    expect(messages[0]!.column).toBeGreaterThan(4 + 21 + 5 * 250);
    expect(messages[0]!.column).toBeLessThan(4 + 21 + 5 * 260);
  });
});

/** A loader whose schema gives this verdict for every document, recording what it was asked. */
function fakeLoader(verdict: SchemaVerdict) {
  const dirs: string[] = [];
  const texts: string[] = [];
  const load: SchemaLoader = (dir) => {
    dirs.push(dir);
    return {
      file: `${dir}/domain.rng`,
      validate(text) {
        texts.push(text);
        return verdict;
      },
    };
  };
  return { dirs, texts, load };
}

const diag = (message: string, line = 0, xpath?: string, column = 0): SchemaDiagnostic => ({
  message,
  line,
  column,
  xpath,
});

const TWO_DISKS = `<domain type='kvm'>
  <name>test</name>
  <devices>
    <disk type='file'>
      <target dev='vda'/>
    </disk>
    <disk type='file'
          device='cdrom'>
      <target dev='hdc'/>
    </disk>
  </devices>
</domain>
`;

interface Finding {
  readonly messageId: string;
  readonly reason: string;
  /** Line and column of the start and the end of the finding's range. */
  readonly from: string;
  readonly to: string;
}

/**
 * What a rule built on an injected loader reports for `text`: the linter runs the registered
 * rule, so this one is run by hand, as the linter would for one document.
 */
function findings(
  load: SchemaLoader,
  text: string,
  schemaDir = DEFAULT_SCHEMA_DIR,
  settings: LintSettings = {},
): Finding[] {
  const parsed = parseDomain(text);
  if (parsed.kind !== 'domain') throw new Error('not a domain');
  const document = parsed.document;
  const at = (offset: number): string => {
    const { line, column } = document.positionAt(offset);
    return `${line}:${column}`;
  };
  const out: Finding[] = [];
  createLibvirtSchemaRule(load).create({
    id: 'libvirt-schema',
    document,
    options: { schemaDir },
    settings,
    preset: 'strict',
    novaManaged: false,
    report(d) {
      if (!d.range) throw new Error('libvirt-schema reports ranges');
      out.push({
        messageId: d.messageId,
        reason: String(d.data?.reason),
        from: at(d.range[0]),
        to: at(d.range[1]),
      });
    },
  });
  return out;
}

describe('libvirt-schema findings from libxml2’s errors (injected loader)', () => {
  it('validates the document text with the schema of the configured directory', () => {
    const fake = fakeLoader({ kind: 'valid' });
    expect(findings(fake.load, TWO_DISKS, '/opt/schemas')).toEqual([]);
    expect(fake.dirs).toEqual(['/opt/schemas']);
    expect(fake.texts).toEqual([TWO_DISKS]);
  });

  it('takes the verdict made ahead on this text for its schema file (a worker thread validated), and validates nothing', () => {
    const fake = fakeLoader({ kind: 'valid' });
    const ahead: SchemaVerdict = {
      kind: 'invalid',
      diagnostics: [diag('Bad disk', 8, '/domain/devices/disk[2]')],
    };
    const asked: string[] = [];
    const settings: LintSettings = {
      schemaVerdict: (file) => {
        asked.push(file);
        return file === '/opt/schemas/domain.rng' ? ahead : undefined;
      },
    };
    expect(findings(fake.load, TWO_DISKS, '/opt/schemas', settings)).toMatchObject([{ reason: 'Bad disk' }]);
    expect(asked).toEqual(['/opt/schemas/domain.rng']);
    expect(fake.texts).toEqual([]);
    // A verdict made by another schema is not this one's: the rule validates the text itself.
    expect(findings(fake.load, TWO_DISKS, '/srv/other', settings)).toEqual([]);
    expect(fake.texts).toEqual([TWO_DISKS]);
  });

  it('points at the element libxml2 names when libxml2’s line is inside it (a start tag over two lines)', () => {
    const fake = fakeLoader({
      kind: 'invalid',
      diagnostics: [diag('Bad disk', 8, '/domain/devices/disk[2]')],
    });
    expect(findings(fake.load, TWO_DISKS)).toEqual([
      { messageId: 'invalid', reason: 'Bad disk', from: '7:5', to: '8:26' },
    ]);
    // Past line 65535 libxml2 gives an element the line of its first child.
    const child = fakeLoader({
      kind: 'invalid',
      diagnostics: [diag('Bad disk', 9, '/domain/devices/disk[2]')],
    });
    expect(findings(child.load, TWO_DISKS)).toEqual([
      { messageId: 'invalid', reason: 'Bad disk', from: '7:5', to: '8:26' },
    ]);
  });

  it('trusts libxml2’s line over a path that names an element around other lines: column 1 of that line', () => {
    const fake = fakeLoader({
      kind: 'invalid',
      diagnostics: [diag('Bad target', 5, '/domain/devices/disk[2]')],
    });
    expect(findings(fake.load, TWO_DISKS)).toEqual([
      { messageId: 'invalid', reason: 'Bad target', from: '5:1', to: '5:26' },
    ]);
  });

  it('uses libxml2’s column when it gives one, and a line past the end is the last (empty) line', () => {
    const fake = fakeLoader({
      kind: 'not-well-formed',
      diagnostics: [diag('Oops', 3, undefined, 5), diag('Later', 99)],
    });
    expect(findings(fake.load, TWO_DISKS)).toEqual([
      { messageId: 'notWellFormed', reason: 'Oops', from: '3:5', to: '3:12' },
      { messageId: 'notWellFormed', reason: 'Later', from: '13:1', to: '13:1' },
    ]);
  });

  it('joins the reasons libxml2 gives without a place to the next error, and leftovers to the root', () => {
    const fake = fakeLoader({
      kind: 'invalid',
      diagnostics: [
        diag('Extra element disk in interleave'),
        diag('Element domain failed to validate content', 3, '/domain/devices'),
        diag('Trailing reason'),
        diag('Trailing reason'),
      ],
    });
    expect(findings(fake.load, TWO_DISKS)).toEqual([
      {
        messageId: 'invalid',
        reason: 'Element domain failed to validate content: Extra element disk in interleave',
        from: '3:3',
        to: '3:12',
      },
      { messageId: 'invalid', reason: 'Trailing reason', from: '1:1', to: '1:20' },
    ]);
  });

  it('makes one finding of several errors at one place', () => {
    const fake = fakeLoader({
      kind: 'invalid',
      diagnostics: [diag('First', 1, '/domain'), diag('Second', 1, '/domain'), diag('First', 1, '/domain')],
    });
    expect(findings(fake.load, TWO_DISKS)).toEqual([
      { messageId: 'invalid', reason: 'First; Second', from: '1:1', to: '1:20' },
    ]);
  });

  it('still reports an invalid verdict without any message from libxml2', () => {
    const fake = fakeLoader({ kind: 'invalid', diagnostics: [] });
    expect(findings(fake.load, TWO_DISKS)).toEqual([
      { messageId: 'invalid', reason: 'libxml2 gave no reason', from: '1:1', to: '1:20' },
    ]);
  });

  it('turns a schema that cannot load into a configuration error naming the rule and the flag', () => {
    const failing: SchemaLoader = () => {
      throw new SchemaCompileError('cannot read /nope/domain.rng: no such file or directory (ENOENT)');
    };
    let thrown: unknown;
    try {
      createLibvirtSchemaRule(failing).prepare?.({ schemaDir: '/nope' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RuleConfigError);
    const error = thrown as RuleConfigError;
    expect(error.ruleId).toBe('libvirt-schema');
    expect(error.message).toMatch(
      /^rule libvirt-schema: cannot read \/nope\/domain\.rng: no such file or directory \(ENOENT\)\. .*--schema DIR/,
    );
    expect(() => findings(failing, TWO_DISKS)).toThrow(RuleConfigError);
  });

  it('lets any other failure of the loader through as it is (a bug, not a setting)', () => {
    const broken = createLibvirtSchemaRule(() => {
      throw new TypeError('bug');
    });
    expect(() => broken.prepare?.({ schemaDir: '/x' })).toThrow(TypeError);
  });
});

describe('prepareRules', () => {
  it('reports a missing schema directory once per distinct options, before any file', () => {
    const missing = '/nonexistent/virt-alias/schemas';
    const on = resolveConfig({ rules: { 'libvirt-schema': ['error', { schemaDir: missing }] } });
    const problems = prepareRules([on, on, resolveConfig({ preset: 'recommended' })]);
    expect(problems.map((p) => [p.ruleId, p.message.split('. ')[0]])).toEqual([
      [
        'libvirt-schema',
        `rule libvirt-schema: cannot read ${missing}/domain.rng: no such file or directory (ENOENT)`,
      ],
    ]);
  });

  it('has nothing to say when the rule is off', () => {
    const off = resolveConfig({ rules: { 'libvirt-schema': ['off', { schemaDir: '/nonexistent' }] } });
    expect(prepareRules([off])).toEqual([]);
  });
});

describe('elementAtPath', () => {
  const doc = (text: string): DomainDocument => {
    const parsed = parseDomain(text);
    if (parsed.kind !== 'domain') throw new Error('not a domain');
    return parsed.document;
  };
  const nova = doc(
    `<domain type='kvm'><name>n</name><metadata><nova:instance xmlns:nova='urn:n'><nova:name>x</nova:name></nova:instance><other xmlns='urn:o'/></metadata><devices><disk/><disk><target/></disk></devices></domain>`,
  );
  const nameOf = (xpath: string) => elementAtPath(nova.root, xpath)?.name;

  it('follows libxml2’s node paths, indexed among same-named siblings', () => {
    expect(nameOf('/domain')).toBe('domain');
    expect(elementAtPath(nova.root, '/domain/devices/disk[2]/target')?.startTag).toEqual(
      elementAtPath(nova.root, '/domain/devices/disk[2]')?.children[0]?.startTag,
    );
    expect(nameOf('/domain/metadata/nova:instance/nova:name')).toBe('nova:name');
    expect(nameOf('/domain/devices/disk[2]/text()')).toBe('disk');
    expect(nameOf('/domain/devices/disk[1]/@type')).toBe('disk');
  });

  it('gives up on what it cannot resolve for sure', () => {
    for (const xpath of [
      '',
      'domain',
      '/network',
      '/domain/devices/disk',
      '/domain/devices/disk[3]',
      "/domain/metadata/*[name()='other']",
    ]) {
      expect(elementAtPath(nova.root, xpath), xpath).toBeUndefined();
    }
  });
});
