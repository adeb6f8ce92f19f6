/**
 * The rules against the real libvirt: every fixture in fixtures/conformance, fixtures/nova and
 * fixtures/live is defined with `virsh` (test driver, in-process, fresh state per process) and
 * dumped back. What libvirt kept, dropped or refused is the truth the lint findings must match.
 * See docs/reference/libvirt-aliases.md.
 */
import { availableParallelism } from 'node:os';
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  descendants,
  looksGeneratedAlias,
  parseDomain,
  type DomainDocument,
  type XmlElement,
} from '@virt-alias/parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFixes, lintText, resolveConfig, type LintMessage } from '../src/index.js';
import { mapLimit, probeProgram, requireTools, runProgram } from '../src/testing/index.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
const CORPORA = ['conformance', 'nova', 'live'] as const;

/** The rules whose findings say "libvirt drops or refuses this alias". */
const ALIAS_RULES: ReadonlySet<string> = new Set([
  'alias-user-prefix',
  'alias-charset',
  'alias-placement',
  'alias-unique',
]);

const INSTALL_HINT = 'install Debian/Ubuntu package libvirt-clients (virsh, virt-xml-validate)';

const virshVersion = await probeProgram('virsh', ['--version']);
const validatorFound = (await probeProgram('virt-xml-validate', ['--version'])) !== null;

function parseOrThrow(text: string, what: string): DomainDocument {
  const r = parseDomain(text);
  if (r.kind !== 'domain') throw new Error(`${what} does not parse as a domain: ${JSON.stringify(r)}`);
  return r.document;
}

/** Every `<alias>` element inside `<devices>`, at any depth (nested and misplaced ones included). */
function aliasElements(doc: DomainDocument): XmlElement[] {
  if (!doc.devicesElement) return [];
  return [...descendants(doc.devicesElement)].filter((e) => e.local === 'alias' && e.uri === '');
}

const nameOf = (alias: XmlElement): string | undefined =>
  alias.attributes.find((a) => a.name === 'name')?.value;

/**
 * An alias as libvirt keeps it: its name on a device of its kind. By name alone, a console whose
 * alias libvirt replaces would look kept when a disk carries the same name.
 */
function keptKey(alias: XmlElement): string | undefined {
  let device = alias;
  while (device.parent?.parent && device.parent.local !== 'devices') device = device.parent;
  const name = nameOf(alias);
  return name === undefined ? undefined : `${device.local} ${name}`;
}

/** What libvirt did with a definition. */
type Verdict =
  /** `keptNames`: what keptKey gives for each alias in the dump. */
  | { readonly kind: 'defined'; readonly keptNames: ReadonlySet<string> }
  | { readonly kind: 'duplicate'; readonly name: string };

interface Input {
  readonly text: string;
  /** Shown in messages: the fixture's path under fixtures/, or a probe's name. */
  readonly label: string;
  /** A fixture file to copy; without it, `text` is written out. */
  readonly source?: string;
}

/**
 * `define FILE; dumpxml --inactive NAME` in one virsh process (fresh in-memory state; the exit
 * status is the last command's), on a copy of the input in its own directory under `workDir`.
 */
async function libvirtVerdict(input: Input, workDir: string): Promise<Verdict> {
  const { text, label: fileName } = input;
  const name = parseOrThrow(text, fileName).name;
  if (!name || /['"\\\s]/.test(name))
    throw new Error(`${fileName}: needs a plain <name>, got ${String(name)}`);
  const path = join(await mkdtemp(join(workDir, 'case-')), basename(fileName));
  if (input.source) await copyFile(input.source, path);
  else await writeFile(path, text);
  if (/['"\\]/.test(path)) throw new Error(`temp path cannot be quoted for virsh: ${path}`);
  const r = await runProgram('virsh', [
    '-c',
    'test:///default',
    `define '${path}'; dumpxml --inactive '${name}'`,
  ]);
  const defined = /^Domain '.*' defined from /m.test(r.stdout);
  if (!defined) {
    const dup = /non unique alias detected: (.+)$/m.exec(r.stderr);
    if (dup) return { kind: 'duplicate', name: dup[1]!.trim() };
    throw new Error(`virsh define failed for ${fileName} (exit ${r.code}):\n${r.stderr}`);
  }
  const start = r.stdout.indexOf('<domain');
  if (r.code !== 0 || start < 0) {
    throw new Error(`virsh dumpxml failed for ${fileName} (exit ${r.code}):\n${r.stderr}`);
  }
  const dump = parseOrThrow(r.stdout.slice(start), `virsh dumpxml of ${fileName}`);
  const keptNames = new Set(aliasElements(dump).flatMap((a) => keptKey(a) ?? []));
  return { kind: 'defined', keptNames };
}

const strict = resolveConfig({ preset: 'strict' });

/** The UTF-16 offset a finding starts at (inverse of `positionAt`). */
function startOffset(doc: DomainDocument, m: LintMessage): number {
  return doc.lines.lineStarts[m.line - 1]! + m.column - 1;
}

/** The innermost alias element whose range holds `offset`: a nested alias owns its own findings. */
function owningAlias(aliases: readonly XmlElement[], offset: number): XmlElement | undefined {
  let best: XmlElement | undefined;
  for (const a of aliases) {
    if (offset >= a.range[0] && offset < a.range[1] && (!best || a.range[0] >= best.range[0])) best = a;
  }
  return best;
}

interface Fixture {
  readonly rel: string;
  readonly path: string;
  readonly text: string;
}

async function listFixtures(): Promise<Fixture[]> {
  const out: Fixture[] = [];
  for (const dir of CORPORA) {
    const names = (await readdir(join(FIXTURES, dir))).filter((n) => n.endsWith('.xml')).sort();
    for (const n of names) {
      const path = join(FIXTURES, dir, n);
      out.push({ rel: `${dir}/${n}`, path, text: await readFile(path, 'utf8') });
    }
  }
  return out;
}

const fixtures = await listFixtures();
const ruleDirs = (await readdir(join(FIXTURES, 'rules'))).sort();

requireTools(
  'the libvirt agreement tests',
  { virsh: virshVersion, 'virt-xml-validate': validatorFound },
  INSTALL_HINT,
);

const AGREEMENT = `fixtures agree with virsh ${virshVersion ?? '(missing)'} (test driver)`;

describe.skipIf(!virshVersion)(AGREEMENT, () => {
  const verdicts = new Map<string, Verdict | Error>();
  let workDir = '';

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'virt-alias-libvirt-'));
    const results = await mapLimit(fixtures, Math.max(2, Math.min(8, availableParallelism())), async (f) => {
      try {
        return await libvirtVerdict({ text: f.text, label: f.rel, source: f.path }, workDir);
      } catch (e) {
        return e instanceof Error ? e : new Error(String(e));
      }
    });
    fixtures.forEach((f, i) => verdicts.set(f.rel, results[i]!));
  });

  afterAll(async () => {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('has fixtures in every corpus', () => {
    const dirs = new Set(fixtures.map((f) => f.rel.split('/')[0]));
    expect([...dirs].sort()).toEqual([...CORPORA].sort());
  });

  for (const fixture of fixtures) {
    it(fixture.rel, () => {
      const verdict = verdicts.get(fixture.rel);
      if (verdict instanceof Error) throw verdict;
      if (!verdict) throw new Error('no verdict (beforeAll failed?)');
      const doc = parseOrThrow(fixture.text, fixture.rel);
      const result = lintText(fixture.text, strict, { filePath: fixture.rel });
      expect(result.fatalErrorCount, 'the fixture must parse').toBe(0);
      const errors = result.messages.filter(
        (m) => m.severity === 2 && m.ruleId !== null && ALIAS_RULES.has(m.ruleId),
      );

      if (verdict.kind === 'duplicate') {
        const unique = errors.filter((m) => m.ruleId === 'alias-unique' && m.message.includes(verdict.name));
        expect(
          unique.length,
          `libvirt refused the definition: "non unique alias detected: ${verdict.name}"; expected an alias-unique error naming it`,
        ).toBeGreaterThan(0);
        return;
      }

      const aliases = aliasElements(doc);
      const byAlias = new Map<XmlElement, LintMessage[]>(aliases.map((a) => [a, []]));
      for (const m of errors) {
        const owner = owningAlias(aliases, startOffset(doc, m));
        if (owner) byAlias.get(owner)!.push(m);
      }
      // In a live dump, the generated names libvirt drops are reported once, by `live-dump`.
      const liveDump = result.messages.some((m) => m.ruleId === 'live-dump' && m.severity === 2);
      const problems: string[] = [];
      for (const alias of aliases) {
        const key = keptKey(alias);
        const kept = key !== undefined && verdict.keptNames.has(key);
        const found = byAlias.get(alias)!;
        const name = nameOf(alias);
        if (!kept && found.length === 0 && liveDump && name !== undefined && looksGeneratedAlias(name))
          continue;
        const where = `line ${doc.positionAt(alias.range[0]).line} ${fixture.text.slice(...alias.startTag)}`;
        if (kept && found.length > 0) {
          problems.push(
            `libvirt KEPT ${where}, but lint reports: ${found.map((m) => `[${String(m.ruleId)}] ${m.message}`).join(' | ')}`,
          );
        } else if (!kept && found.length === 0) {
          problems.push(
            `libvirt DROPPED ${where}, but no ${[...ALIAS_RULES].join('/')} error starts inside it`,
          );
        }
      }
      expect(problems).toEqual([]);
    });
  }
});

const SCHEMA = "libvirt's RelaxNG schema and define agree with the docs";

describe.skipIf(!virshVersion || !validatorFound)(SCHEMA, () => {
  const domain = (devices: string): string =>
    `<domain type='kvm'>\n  <name>rng-probe</name>\n  <memory unit='KiB'>1048576</memory>\n` +
    `  <os>\n    <type arch='x86_64' machine='q35'>hvm</type>\n  </os>\n  <devices>\n${devices}\n  </devices>\n</domain>\n`;
  const disk = (alias: string, dev = 'vda'): string =>
    `    <disk type='file' device='disk'>\n      <source file='/var/lib/libvirt/images/${dev}.qcow2'/>\n` +
    `      <target dev='${dev}' bus='virtio'/>\n      ${alias}\n    </disk>`;

  /** [what, devices, schema accepts it, what define does with the probed alias] */
  const cases: readonly [string, string, boolean, 'kept' | 'dropped' | 'duplicate'][] = [
    ['ua-disk.0: the schema allows ".", define drops it', disk(`<alias name='ua-disk.0'/>`), true, 'dropped'],
    ['a name without ua- passes the schema, is dropped', disk(`<alias name='mydisk'/>`), true, 'dropped'],
    ['a generated name passes the schema, is dropped', disk(`<alias name='virtio-disk0'/>`), true, 'dropped'],
    ['a valid user alias passes and is kept', disk(`<alias name='ua-disk-0'/>`), true, 'kept'],
    [
      'duplicates pass the schema, define fails',
      `${disk(`<alias name='ua-x'/>`)}\n${disk(`<alias name='ua-x'/>`, 'vdb')}`,
      true,
      'duplicate',
    ],
    ['":" fails the schema, is dropped', disk(`<alias name='ua-disk:0'/>`), false, 'dropped'],
    ['a space fails the schema, is dropped', disk(`<alias name='ua-disk 0'/>`), false, 'dropped'],
    ['"/" fails the schema, is dropped', disk(`<alias name='ua-disk/0'/>`), false, 'dropped'],
    ['non-ASCII fails the schema, is dropped', disk(`<alias name='ua-dïsk'/>`), false, 'dropped'],
    ['an empty name fails the schema, is dropped', disk(`<alias name=''/>`), false, 'dropped'],
    [
      'two aliases fail the schema, the second is dropped',
      disk(`<alias name='ua-one'/>\n      <alias name='ua-two'/>`),
      false,
      'dropped',
    ],
    [
      'a smartcard alias fails the schema, yet define keeps it',
      `    <controller type='ccid' index='0'/>\n    <smartcard mode='passthrough' type='spicevmc'>\n      <alias name='ua-card'/>\n    </smartcard>`,
      false,
      'kept',
    ],
    [
      'a graphics alias fails the schema, is dropped',
      `    <graphics type='vnc' port='-1' autoport='yes'>\n      <alias name='ua-vnc'/>\n    </graphics>`,
      false,
      'dropped',
    ],
  ];

  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'virt-alias-rng-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  // Concurrent: each virt-xml-validate loads the whole schema (~0.5 s). The context's `expect`
  // attributes failures to the right test.
  it.concurrent.for(cases)('%s', async ([, devices, schemaValid, outcome], { expect }) => {
    const text = domain(devices);
    const file = join(await mkdtemp(join(dir, 'case-')), 'probe.xml');
    await writeFile(file, text);
    const rng = await runProgram('virt-xml-validate', [file, 'domain']);
    expect(rng.code, `virt-xml-validate: ${rng.stdout}${rng.stderr}`).toBe(schemaValid ? 0 : 3);
    const probedAlias = aliasElements(parseOrThrow(text, 'probe')).at(-1);
    const probed = probedAlias && nameOf(probedAlias);
    const probedKey = probedAlias && keptKey(probedAlias);
    const verdict = await libvirtVerdict({ text, label: 'probe.xml' }, dir);
    if (outcome === 'duplicate') {
      expect(verdict).toEqual({ kind: 'duplicate', name: probed });
    } else {
      expect(verdict.kind).toBe('defined');
      if (verdict.kind === 'defined') expect(verdict.keptNames.has(probedKey ?? '')).toBe(outcome === 'kept');
    }
  });

  it('what strict fixes defines with --validate: no alias on a smartcard or nvram, which the schema rejects', async () => {
    const text = domain(
      `    <controller type='ccid' index='0'/>\n    <smartcard mode='passthrough' type='spicevmc'/>\n` +
        `    <memballoon model='virtio'/>`,
    );
    const fixes = lintText(text, strict)
      .messages.map((m) => m.fix)
      .filter((f) => f !== undefined);
    const fixed = applyFixes(text, fixes);
    expect(fixed.skipped).toEqual([]);
    expect(fixed.output).toContain(`<alias name='ua-memballoon-0'/>`);
    const file = join(await mkdtemp(join(dir, 'case-')), 'strict.xml');
    await writeFile(file, fixed.output);
    const r = await runProgram('virsh', [
      '-c',
      'test:///default',
      `define --validate '${file}'; dumpxml --inactive rng-probe`,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`<alias name='ua-memballoon-0'/>`);
  });

  it('define --validate does not catch ua-disk.0 either', async () => {
    const file = join(await mkdtemp(join(dir, 'case-')), 'validate.xml');
    await writeFile(file, domain(disk(`<alias name='ua-disk.0'/>`)));
    const r = await runProgram('virsh', [
      '-c',
      'test:///default',
      `define --validate '${file}'; dumpxml --inactive rng-probe`,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('<alias');
  });
});

describe('fixture corpus', () => {
  it('nova/migrated-clean.xml lints clean with the recommended preset', async () => {
    const text = await readFile(join(FIXTURES, 'nova', 'migrated-clean.xml'), 'utf8');
    const result = lintText(text, resolveConfig({ preset: 'recommended' }), {
      filePath: 'nova/migrated-clean.xml',
    });
    expect(result.messages).toEqual([]);
  });

  it.each(ruleDirs)('rules/%s: invalid.xml has several findings of the rule, valid.xml none', async (id) => {
    const only = resolveConfig({ preset: 'recommended', rules: { [id]: 'error' } });
    const count = async (kind: string): Promise<number> => {
      const text = await readFile(join(FIXTURES, 'rules', id, `${kind}.xml`), 'utf8');
      const result = lintText(text, only, { filePath: `rules/${id}/${kind}.xml` });
      expect(result.fatalErrorCount).toBe(0);
      return result.messages.filter((m) => m.ruleId === id).length;
    };
    expect(await count('invalid')).toBeGreaterThanOrEqual(2);
    expect(await count('valid')).toBe(0);
  });

  const corpus = async (dir: string): Promise<[string, string][]> =>
    Promise.all(
      (await readdir(join(FIXTURES, dir)))
        .filter((n) => n.endsWith('.xml'))
        .sort()
        .map(async (n): Promise<[string, string]> => [n, await readFile(join(FIXTURES, dir, n), 'utf8')]),
    );

  it('layout/: domains whose BOM, line endings and declaration are what their names say', async () => {
    for (const [n, text] of await corpus('layout')) {
      const doc = parseOrThrow(text, `layout/${n}`);
      expect(doc.hasBom, n).toBe(n.startsWith('bom'));
      expect(doc.newline, n).toBe(n.includes('crlf') ? '\r\n' : '\n');
      if (n.includes('declaration'))
        expect(doc.xmlDeclaration === null, n).toBe(n.includes('no-declaration'));
    }
  });

  it('malformed/: every file is refused with a position', async () => {
    const files = await corpus('malformed');
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const [n, text] of files) {
      const r = parseDomain(text);
      expect(r.kind, n).toBe('error');
      if (r.kind === 'error') expect(r.error.line, n).toBeGreaterThanOrEqual(1);
    }
  });

  it('other/: no domain', async () => {
    for (const [n, text] of await corpus('other')) expect(parseDomain(text).kind, n).toBe('not-domain');
  });
});
