/**
 * Where libvirt itself refuses a document, virt-alias refuses it the same way: checked here
 * against the real `virsh define` (test driver, in-process) and `xmllint` (the libxml2 libvirt
 * parses with), never from prose.
 * - size: `virsh define` reads at most 10 MiB;
 * - nesting: libxml2 without XML_PARSE_HUGE refuses an element inside more than 256 others, at
 *   the element's `<`;
 * - namespaces: libvirt takes the root by its local name, whatever its namespace, and reads only
 *   elements in no namespace below it.
 */
import path from 'node:path';
import { parseDomain } from '@virt-alias/parser';
import { lintText, MAX_INPUT_BYTES, resolveConfig } from '@virt-alias/rules';
import { IN_CI, probeProgram, runProgram } from '@virt-alias/rules/testing';
import { describe, expect, it } from 'vitest';
import { domainOfSize, HANG_TEST_MS, tempTree } from './helpers.js';

const virsh = await probeProgram('virsh', ['--version']);
const xmllint = await probeProgram('xmllint', ['--version']);

describe('libvirt and libxml2 are installed', () => {
  const required = (name: string, found: string | null, pkg: string, skip: (note: string) => void) => {
    if (found) return;
    const message = `${name} not found on PATH: install the Debian/Ubuntu package ${pkg}`;
    if (IN_CI) throw new Error(`CI: the libvirt tests must run, not be skipped. ${message}`);
    skip(message);
  };
  it('virsh is on PATH', (ctx) => {
    required('virsh', virsh, 'libvirt-clients', (note) => ctx.skip(note));
  });
  it('xmllint is on PATH', (ctx) => {
    required('xmllint', xmllint, 'libxml2-utils', (note) => ctx.skip(note));
  });
});

const define = (file: string) => runProgram('virsh', ['-c', 'test:///default', `define '${file}'`]);

describe.skipIf(!virsh)(`virsh ${virsh ?? '(missing)'}: the size cap`, () => {
  it(
    'defines 10,485,760 bytes and refuses 10,485,761: "Value too large for defined data type"',
    async () => {
      expect(MAX_INPUT_BYTES).toBe(10_485_760);
      const cwd = await tempTree({
        'max.xml': domainOfSize(MAX_INPUT_BYTES),
        'over.xml': domainOfSize(MAX_INPUT_BYTES + 1),
      });
      const max = await define(path.join(cwd, 'max.xml'));
      expect(max.stdout).toMatch(/^Domain 'sized' defined from /m);
      expect(max.code).toBe(0);
      const over = await define(path.join(cwd, 'over.xml'));
      expect(over.code).not.toBe(0);
      expect(over.stderr).toContain(
        `error: Failed to read file '${path.join(cwd, 'over.xml')}': Value too large for defined data type`,
      );
    },
    HANG_TEST_MS,
  );
});

/**
 * A domain virsh defines, `depth` elements deep: `<domain>`, `<metadata>`, then `<a>` in a
 * namespace of its own, one per line, the last `tail` of them on one line.
 */
function deepDomain(depth: number, tail: number): string {
  const chain = depth - 2;
  const lines = [
    `<domain type='test'>`,
    `  <name>deep</name><memory>1024</memory><os><type>hvm</type></os>`,
    `  <metadata>`,
    `<a xmlns='urn:example:deep'>`,
    ...Array.from({ length: chain - 1 - tail }, () => '  <a>'),
    `  ${'<a>'.repeat(tail)}${'</a>'.repeat(chain)}`,
    `  </metadata>`,
    `</domain>`,
    ``,
  ];
  return lines.join('\n');
}

/** Where libvirt's parser stopped: the line it names, and the column its caret points at. */
function libxml2Position(stderr: string): { line: number; column: number; message: string } {
  const lines = stderr.split('\n');
  const at = lines.findIndex((l) => /:\d+: (parser error : )?Excessive depth/.test(l));
  if (at < 0) throw new Error(`no depth error in:\n${stderr}`);
  const [, line, message] = /:(\d+): (?:parser error : )?(.*)$/.exec(lines[at]!)!;
  // The source line follows, then a caret under the column (virsh draws `--^`, xmllint `  ^`).
  const column = lines[at + 2]!.indexOf('^') + 1;
  return { line: Number(line), column, message: message! };
}

const LIBXML2_MESSAGE = 'Excessive depth in document: 256 use XML_PARSE_HUGE option';

describe.skipIf(!virsh || !xmllint)('nesting: virsh, xmllint and virt-alias stop at the same element', () => {
  it.each([
    [257, 1],
    [257, 6],
    [258, 1],
    [258, 6],
    [300, 50],
  ])('%i elements deep (the last %i on one line)', async (depth, tail) => {
    const text = deepDomain(depth, tail);
    const cwd = await tempTree({ 'deep.xml': text });
    const file = path.join(cwd, 'deep.xml');
    const [defined, linted] = await Promise.all([define(file), runProgram('xmllint', ['--noout', file])]);
    const ours = parseDomain(text);
    if (depth <= 257) {
      expect(defined.stdout).toMatch(/^Domain 'deep' defined from /m);
      expect(linted.stderr).toBe('');
      expect(ours.kind).toBe('domain');
      return;
    }
    expect(defined.code).not.toBe(0);
    const byVirsh = libxml2Position(defined.stderr);
    const byXmllint = libxml2Position(linted.stderr);
    expect(byVirsh.message).toBe(LIBXML2_MESSAGE);
    expect(byXmllint).toEqual(byVirsh);
    if (ours.kind !== 'error') throw new Error(`expected a parse error, got ${ours.kind}`);
    expect(ours.error.message).toMatch(/^Excessive depth in document: 256 /);
    expect({ line: ours.error.line, column: ours.error.column }).toEqual({
      line: byVirsh.line,
      column: byVirsh.column,
    });
  });
});

/**
 * A domain virsh defines when it can read it, with one aliased disk; `p` prefixes every element
 * below the root, `reset` puts `xmlns=''` on the root's children.
 */
function namespacedBody(p = '', reset = false): string {
  const top = (name: string, inner: string): string =>
    `<${p}${name}${reset ? ` xmlns=''` : ''}>${inner}</${p}${name}>`;
  return (
    top('name', 'ns') +
    top('memory', '1024') +
    top('os', `<${p}type>hvm</${p}type>`) +
    top(
      'devices',
      `<${p}disk type='file' device='disk'><${p}source file='/tmp/a.img'/><${p}target dev='vda' bus='virtio'/>` +
        `<${p}alias name='ua-x'/></${p}disk>`,
    )
  );
}

const LIBVIRT_NS = 'http://libvirt.org/schemas/domain';

describe.skipIf(!virsh)('root namespaces: virt-alias lints as a domain exactly what virsh defines', () => {
  it.each([
    [
      "a prefix for libvirt's namespace",
      `<lv:domain xmlns:lv='${LIBVIRT_NS}' type='test'>${namespacedBody()}</lv:domain>`,
      'defined',
    ],
    [
      'a prefix for another namespace',
      `<x:domain xmlns:x='urn:example' type='test'>${namespacedBody()}</x:domain>`,
      'defined',
    ],
    [
      'a default namespace reset on the children',
      `<domain xmlns='urn:example' type='test'>${namespacedBody('', true)}</domain>`,
      'defined',
    ],
    [
      "a default namespace (libvirt's)",
      `<domain xmlns='${LIBVIRT_NS}' type='test'>${namespacedBody()}</domain>`,
      'unread',
    ],
    [
      'a default namespace (another)',
      `<domain xmlns='urn:example' type='test'>${namespacedBody()}</domain>`,
      'unread',
    ],
    [
      'a prefix on every element',
      `<lv:domain xmlns:lv='${LIBVIRT_NS}' type='test'>${namespacedBody('lv:')}</lv:domain>`,
      'unread',
    ],
    ['an unbound prefix', `<x:domain type='test'>${namespacedBody()}</x:domain>`, 'malformed'],
  ] as const)('%s', async (_, text, expected) => {
    const cwd = await tempTree({ 'ns.xml': text });
    const file = path.join(cwd, 'ns.xml');
    const r = await runProgram('virsh', ['-c', 'test:///default', `define '${file}'; dumpxml --inactive ns`]);
    const ours = parseDomain(text);
    const lint = lintText(text, resolveConfig({ preset: 'recommended' }), { filePath: file });
    switch (expected) {
      case 'defined': {
        expect(r.stdout).toMatch(/^Domain 'ns' defined from /m);
        expect(r.stdout).toContain(`<alias name='ua-x'/>`);
        if (ours.kind !== 'domain') throw new Error(`expected a domain, got ${JSON.stringify(ours)}`);
        expect(ours.document.devices.map((d) => d.alias?.name)).toEqual(['ua-x']);
        expect(lint.skipped).toBeUndefined();
        expect(lint.errorCount).toBe(0);
        break;
      }
      case 'unread':
        expect(r.stderr).toContain('error: missing name information');
        expect(ours.kind).toBe('not-domain');
        expect(lint.skipped?.reason).toContain('"missing name information"');
        break;
      case 'malformed':
        expect(r.stderr).toContain("expecting root element of 'domain', not 'x:domain'");
        expect(ours.kind).toBe('error');
        expect(lint.fatalErrorCount).toBe(1);
        break;
    }
  });
});
