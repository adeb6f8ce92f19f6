/**
 * `virt-alias fix` in-process through `main()`, on real files in temporary directories: the dry
 * run, --write (--backup), --out-dir, --check, standard input, parse errors, --quiet and usage
 * errors. The `recommended` preset (no config file) unless a test says otherwise: the Nova
 * fixtures' interfaces are then in scope, which is what these tests of the mechanics need.
 */
import { readFileSync } from 'node:fs';
import { chmod, lstat, readdir, readFile, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run, tempTree, type RunResult } from './helpers.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
const fixture = (rel: string): string => readFileSync(path.join(FIXTURES, rel), 'utf8');

const LUN = fixture('nova/lun-passthrough.xml');
const OVN = fixture('nova/ovn-tap.xml');
const RBD = fixture('nova/volume-rbd.xml');
const CLEAN = fixture('nova/migrated-clean.xml');
const LIVE = fixture('live/nova-running-q35.xml');
const INVALID_NAMES = fixture('fix/invalid-names/input.xml');
const MISMATCHED = fixture('malformed/mismatched-tag.xml');
const DOCTYPE = fixture('malformed/doctype-entity.xml');
const TRUNCATED = fixture('malformed/truncated.xml');
const NETWORK = fixture('other/network-default.xml');
const OTHER_NS = fixture('other/domain-other-namespace.xml');

/** Every fix run: no config file from anywhere above the temporary directory. */
const fix = (args: readonly string[], cwd: string, stdin?: string): Promise<RunResult> =>
  run(['fix', '--no-config', '--preset', 'recommended', ...args], { cwd, stdin });

/** A whole `<alias name='...'/>` line: the only kind of line fix may add, remove or change. */
const ALIAS_LINE = /^[ \t]*<alias name='[^']*'\/>$/;

/** The `+` and `-` lines of a unified diff, without the `+++`/`---` headers. */
function changedLines(diff: string): { added: string[]; removed: string[] } {
  const lines = diff.split('\n');
  return {
    added: lines.filter((l) => l.startsWith('+') && !l.startsWith('+++')).map((l) => l.slice(1)),
    removed: lines.filter((l) => l.startsWith('-') && !l.startsWith('---')).map((l) => l.slice(1)),
  };
}

/** The text with every alias line taken out: equal before and after a fix that edits only aliases. */
const withoutAliasLines = (text: string): string => text.replace(/^[ \t]*<alias name='[^']*'\/>\r?\n/gm, '');

interface Summary {
  files: number;
  changed: number;
  added: number;
  renamed: number;
  /** Shown only when there is one. */
  removed: number;
  left: number;
  unfixable: number;
}

const SUMMARY =
  /^virt-alias fix: (\d+) domain files?, (\d+) (?:would change|changed); (\d+) alias(?:es)? added, (\d+) renamed(?:, (\d+) removed)?; (\d+) findings? left, (\d+) of them unfixable$/m;

function summary(stderr: string): Summary {
  const m = SUMMARY.exec(stderr);
  if (!m) throw new Error(`no summary in stderr:\n${stderr}`);
  const [files, changed, added, renamed, removed, left, unfixable] = m
    .slice(1)
    // An optional group that did not match is undefined.
    .map((n: string | undefined) => Number(n ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return { files, changed, added, renamed, removed, left, unfixable };
}

interface Entry {
  readonly content: string;
  readonly mtimeMs: number;
  readonly mode: number;
}

/** Every file below `dir` (relative path -> content, mtime, mode). */
async function snapshot(dir: string): Promise<Record<string, Entry>> {
  const out: Record<string, Entry> = {};
  for (const rel of (await readdir(dir, { recursive: true })).sort()) {
    const file = path.join(dir, rel);
    const s = await stat(file);
    if (!s.isFile()) continue;
    out[rel.split(path.sep).join('/')] = {
      content: await readFile(file, 'utf8'),
      mtimeMs: s.mtimeMs,
      mode: s.mode & 0o7777,
    };
  }
  return out;
}

const LONG_AGO = new Date('2001-02-03T04:05:06Z');

/** Sets every file's mtime far in the past, so that any rewrite shows in the mtime. */
async function age(dir: string): Promise<void> {
  for (const rel of await readdir(dir, { recursive: true })) {
    const file = path.join(dir, rel);
    if ((await stat(file)).isFile()) await utimes(file, LONG_AGO, LONG_AGO);
  }
}

/** A temporary tree (no config file), its mtimes aged. */
async function tree(files: Readonly<Record<string, string>>): Promise<string> {
  const dir = await tempTree(files, { isolate: false });
  await age(dir);
  return dir;
}

const read = (dir: string, rel: string): Promise<string> => readFile(path.join(dir, rel), 'utf8');

describe('fix: dry run (the default)', () => {
  it('prints a unified diff of alias lines only, writes nothing, reports what cannot be fixed: exit 1', async () => {
    const cwd = await tree({
      'nova/lun-passthrough.xml': LUN,
      'nova/ovn-tap.xml': OVN,
      'nova/migrated-clean.xml': CLEAN,
    });
    const before = await snapshot(cwd);
    const r = await fix(['nova'], cwd);

    expect(r.code).toBe(1);
    expect(await snapshot(cwd)).toEqual(before);
    // One diff per changed file, git-style names relative to cwd; none for the clean file.
    expect(r.stdout).toContain('--- a/nova/lun-passthrough.xml\n+++ b/nova/lun-passthrough.xml\n');
    expect(r.stdout).toContain('--- a/nova/ovn-tap.xml\n+++ b/nova/ovn-tap.xml\n');
    expect(r.stdout).not.toContain('migrated-clean');
    const { added, removed } = changedLines(r.stdout);
    expect(removed).toEqual([]);
    expect(added.length).toBeGreaterThan(0);
    for (const line of added) expect(line).toMatch(ALIAS_LINE);
    // The interface of the LUN domain gets its port uuid (from its tap name and nova:port).
    expect(added).toContain(`      <alias name='ua-db5b5fab-8f4d-4e27-9da1-494c73cf256d'/>`);

    // The LUN disk without a mapping is left, with where, what and why.
    expect(r.stderr).toMatch(
      /^nova\/lun-passthrough\.xml:88:5: error: <disk> sdc \(SCSI LUN\) has no user alias.* \[alias-required\]\n {4}cannot fix: a SCSI LUN disk .*give it in --mapping for target dev sdc of instance 6b0d549b-6f03-475a-9600-a35a099950d8$/m,
    );
    expect(summary(r.stderr)).toEqual({
      files: 3,
      changed: 2,
      added: added.length,
      renamed: 0,
      removed: 0,
      left: 1,
      unfixable: 1,
    });
    expect(r.stderr).toMatch(/would change/);
  });

  it('renames in place: each removed alias line has its replacement, counted as renamed', async () => {
    const cwd = await tree({ 'in/invalid-names.xml': INVALID_NAMES });
    const before = await snapshot(cwd);
    const r = await fix(['in'], cwd);
    expect(await snapshot(cwd)).toEqual(before);
    const { added, removed } = changedLines(r.stdout);
    for (const line of [...added, ...removed]) expect(line).toMatch(/^[ \t]*<alias name=(['"]).*\1\/>$/);
    for (const line of added) expect(line).toMatch(/'ua-[A-Za-z0-9_-]+'/);
    expect(removed).toContain(`      <alias name='ua-disk.0'/>`);
    expect(added).toContain(`      <alias name='ua-disk-0'/>`);
    expect(removed).toContain(`      <alias name='mydisk'/>`);
    expect(added).toContain(`      <alias name='ua-mydisk'/>`);
    const s = summary(r.stderr);
    expect(s).toMatchObject({ files: 1, changed: 1, added: 0, renamed: removed.length });
    expect(added).toHaveLength(removed.length);
  });

  it('exit 0 when nothing is left that fix cannot fix, and no finding on stderr', async () => {
    const cwd = await tree({ 'ovn-tap.xml': OVN, 'volume-rbd.xml': RBD, 'clean.xml': CLEAN });
    const before = await snapshot(cwd);
    const r = await fix(['.'], cwd);
    expect(r.code).toBe(0);
    expect(await snapshot(cwd)).toEqual(before);
    expect(r.stdout).toContain('+++ b/ovn-tap.xml');
    expect(r.stdout).toContain('+++ b/volume-rbd.xml');
    expect(r.stderr).not.toContain('cannot fix');
    expect(r.stderr).not.toMatch(/: (error|warning): /);
    expect(summary(r.stderr)).toMatchObject({ files: 3, changed: 2, left: 0, unfixable: 0 });
  });

  it('nothing to change: empty stdout, exit 0', async () => {
    const cwd = await tree({ 'clean.xml': CLEAN });
    const r = await fix(['clean.xml'], cwd);
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(summary(r.stderr)).toEqual({
      files: 1,
      changed: 0,
      added: 0,
      renamed: 0,
      removed: 0,
      left: 0,
      unfixable: 0,
    });
  });

  it('XML that is not a libvirt domain is skipped with a notice, not counted', async () => {
    const cwd = await tree({ 'network.xml': NETWORK, 'other-ns.xml': OTHER_NS, 'ovn-tap.xml': OVN });
    const r = await fix(['.'], cwd);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('network.xml: skipped: root element is <network>, not <domain>');
    expect(r.stderr).toContain('other-ns.xml: skipped:');
    expect(r.stdout).not.toContain('network.xml');
    expect(r.stdout).not.toContain('other-ns.xml');
    expect(summary(r.stderr)).toMatchObject({ files: 1, changed: 1 });
  });
});

describe('fix --write', () => {
  it('through a symbolic link rewrites the file it points at; the link stays a link', async () => {
    const cwd = await tree({ 'repo/ovn-tap.xml': OVN });
    await symlink(path.join(cwd, 'repo/ovn-tap.xml'), path.join(cwd, 'linked.xml'));
    const r = await fix(['--write', '--backup', 'linked.xml'], cwd);
    expect(r.code).toBe(0);
    expect((await lstat(path.join(cwd, 'linked.xml'))).isSymbolicLink()).toBe(true);
    expect(await readFile(path.join(cwd, 'repo/ovn-tap.xml'), 'utf8')).not.toBe(OVN);
    expect(await readFile(path.join(cwd, 'repo/ovn-tap.xml.bak'), 'utf8')).toBe(OVN);
  });

  it('rewrites in place with alias edits only, keeps the mode, leaves no temporary file', async () => {
    const cwd = await tree({ 'w/ovn-tap.xml': OVN, 'w/volume-rbd.xml': RBD, 'w/clean.xml': CLEAN });
    await chmod(path.join(cwd, 'w/ovn-tap.xml'), 0o600);
    const before = await snapshot(cwd);
    const r = await fix(['--write', 'w'], cwd);

    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(summary(r.stderr)).toMatchObject({ files: 3, changed: 2, left: 0, unfixable: 0 });
    expect(r.stderr).toMatch(/, 2 changed;/);
    const after = await snapshot(cwd);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const rel of ['w/ovn-tap.xml', 'w/volume-rbd.xml']) {
      expect(after[rel]!.content).not.toBe(before[rel]!.content);
      expect(withoutAliasLines(after[rel]!.content)).toBe(withoutAliasLines(before[rel]!.content));
      expect(after[rel]!.mtimeMs).not.toBe(before[rel]!.mtimeMs);
    }
    expect(after['w/ovn-tap.xml']!.mode).toBe(0o600);
    expect(after['w/volume-rbd.xml']!.mode).toBe(before['w/volume-rbd.xml']!.mode);
    // An unchanged file is not rewritten at all.
    expect(after['w/clean.xml']).toEqual(before['w/clean.xml']);
    // And lint agrees with the result.
    expect((await run(['lint', '--no-config', 'w'], { cwd })).code).toBe(0);
  });

  it('-w is --write', async () => {
    const cwd = await tree({ 'ovn-tap.xml': OVN });
    expect((await fix(['-w', 'ovn-tap.xml'], cwd)).code).toBe(0);
    expect(await read(cwd, 'ovn-tap.xml')).not.toBe(OVN);
  });

  it('is idempotent: a second --write changes nothing (bytes and mtime), and --check then exits 0', async () => {
    const cwd = await tree({ 'ovn-tap.xml': OVN, 'volume-rbd.xml': RBD, 'names.xml': INVALID_NAMES });
    await fix(['--write', '.'], cwd);
    await age(cwd);
    const once = await snapshot(cwd);
    const again = await fix(['--write', '.'], cwd);
    expect(again.stdout).toBe('');
    expect(summary(again.stderr)).toMatchObject({ changed: 0, added: 0, renamed: 0 });
    expect(await snapshot(cwd)).toEqual(once);
    const check = await fix(['--check', 'ovn-tap.xml', 'volume-rbd.xml'], cwd);
    expect(check).toMatchObject({ code: 0, stdout: '' });
    expect(await snapshot(cwd)).toEqual(once);
  });

  it('--backup keeps the original as FILE.bak; an unchanged file gets none', async () => {
    const cwd = await tree({ 'ovn-tap.xml': OVN, 'clean.xml': CLEAN });
    const r = await fix(['--write', '--backup', '.'], cwd);
    expect(r.code).toBe(0);
    expect(await read(cwd, 'ovn-tap.xml.bak')).toBe(OVN);
    expect(await read(cwd, 'ovn-tap.xml')).not.toBe(OVN);
    expect((await readdir(cwd)).sort()).toEqual(['clean.xml', 'ovn-tap.xml', 'ovn-tap.xml.bak']);
  });

  it('--backup with FILE.bak already there: that file is reported and left alone, exit 2, the others written', async () => {
    const cwd = await tree({ 'a.xml': OVN, 'a.xml.bak': 'an older backup\n', 'b.xml': RBD });
    const r = await fix(['--write', '--backup', 'a.xml', 'b.xml'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^virt-alias: a\.xml: not written: /m);
    expect(await read(cwd, 'a.xml')).toBe(OVN);
    expect(await read(cwd, 'a.xml.bak')).toBe('an older backup\n');
    expect(await read(cwd, 'b.xml.bak')).toBe(RBD);
    expect(await read(cwd, 'b.xml')).not.toBe(RBD);
    expect((await readdir(cwd)).sort()).toEqual(['a.xml', 'a.xml.bak', 'b.xml', 'b.xml.bak']);
  });

  it('--backup with FILE.bak already there: the summary counts only the file written', async () => {
    const cwd = await tree({ 'a.xml': OVN, 'a.xml.bak': 'an older backup\n', 'b.xml': OVN });
    const r = await fix(['--write', '--backup', 'a.xml', 'b.xml'], cwd);
    expect(r.code).toBe(2);
    expect(summary(r.stderr)).toMatchObject({ files: 2, changed: 1, added: 2 });
  });

  it('--backup without --write is a usage error: exit 2, nothing written', async () => {
    const cwd = await tree({ 'ovn-tap.xml': OVN });
    const before = await snapshot(cwd);
    for (const args of [['--backup'], ['--backup', '--check'], ['--backup', '--out-dir', 'out']]) {
      const r = await fix([...args, 'ovn-tap.xml'], cwd);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`Run 'virt-alias fix --help' for usage.`);
      expect(await snapshot(cwd)).toEqual(before);
    }
    expect((await fix(['--backup', 'ovn-tap.xml'], cwd)).stderr).toContain('--backup goes with --write');
  });

  // A live dump is runtime state, not a definition: fix never turns its generated names into aliases.
  it('a live dump is refused: not written, said why, exit 1; the other files are fixed', async () => {
    const cwd = await tree({ 'live.xml': LIVE, 'ovn-tap.xml': OVN });
    const r = await fix(['--write', '.'], cwd);
    expect(r.code).toBe(1);
    expect(await read(cwd, 'live.xml')).toBe(LIVE);
    expect(await read(cwd, 'ovn-tap.xml')).not.toBe(OVN);
    expect(r.stderr).toMatch(
      /^virt-alias: live\.xml: not written: a live dump is not fixed: .*virsh dumpxml --inactive/m,
    );
    expect(r.stderr).toMatch(
      /^live\.xml:\d+:1: error: A live dump of a running guest \(<domain id='\d+'>; \d+ generated aliases: .*\[live-dump\]/m,
    );
    expect(r.stderr).toMatch(/1 live dump refused; /);
  });

  it('a live dump on standard input passes through unchanged, exit 1', async () => {
    const cwd = await tree({});
    const r = await fix(['-'], cwd, LIVE);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(LIVE);
  });

  it('a live dump with --out-dir: no copy is written', async () => {
    const cwd = await tree({ 'in/live.xml': LIVE, 'in/ovn-tap.xml': OVN });
    const r = await fix(['--out-dir', 'out', 'in'], cwd);
    expect(r.code).toBe(1);
    expect((await readdir(path.join(cwd, 'out'))).sort()).toEqual(['.virt-alias-out-dir', 'ovn-tap.xml']);
  });
});

describe('fix --out-dir', () => {
  const INPUTS = {
    'in/a/b/ovn-tap.xml': OVN,
    'in/a/truncated.xml': TRUNCATED,
    'in/c/clean.xml': CLEAN,
    'in/c/network.xml': NETWORK,
    'in/c/d/doctype.xml': DOCTYPE,
    'in/c/d/other-ns.xml': OTHER_NS,
  };

  it('writes every processed domain file under DIR, mirroring the inputs, and nothing else', async () => {
    const cwd = await tree(INPUTS);
    await chmod(path.join(cwd, 'in/c/clean.xml'), 0o640);
    const before = await snapshot(cwd);
    const r = await fix(['--out-dir', 'out/fixed', 'in/a', 'in/c'], cwd);

    // The malformed files are findings: exit 1.
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^in\/a\/truncated\.xml:\d+:\d+: error: /m);
    expect(r.stderr).toMatch(/^in\/c\/d\/doctype\.xml:\d+:\d+: error: /m);
    const after = await snapshot(cwd);
    // The inputs are untouched; the only new files are under DIR (created, with its parent),
    // with the marker that keeps a later run from reading them as inputs.
    for (const [rel, entry] of Object.entries(before)) expect(after[rel]).toEqual(entry);
    expect(Object.keys(after).filter((rel) => !(rel in before))).toEqual([
      'out/fixed/.virt-alias-out-dir',
      'out/fixed/a/b/ovn-tap.xml',
      'out/fixed/c/clean.xml',
    ]);
    // A changed file holds what the stdin filter gives; an unchanged one is copied as it is.
    const viaStdin = await fix(['-'], cwd, OVN);
    expect(after['out/fixed/a/b/ovn-tap.xml']!.content).toBe(viaStdin.stdout);
    expect(after['out/fixed/a/b/ovn-tap.xml']!.content).not.toBe(OVN);
    expect(after['out/fixed/c/clean.xml']!.content).toBe(CLEAN);
    expect(after['out/fixed/c/clean.xml']!.mode).toBe(0o640);
    expect(summary(r.stderr)).toMatchObject({ changed: 1 });
    expect(r.stderr).toMatch(/, 1 changed;/);
  });

  it('an absolute DIR, and the base is the inputs common directory', async () => {
    const cwd = await tree(INPUTS);
    const out = path.join(await tree({}), 'deep', 'er');
    const r = await fix(['--out-dir', out, 'in/a/b', 'in/c/clean.xml'], cwd);
    expect(r.code).toBe(0);
    expect(Object.keys(await snapshot(out))).toEqual([
      '.virt-alias-out-dir',
      'a/b/ovn-tap.xml',
      'c/clean.xml',
    ]);
  });

  it('a single input file lands directly in DIR', async () => {
    const cwd = await tree(INPUTS);
    const r = await fix(['--out-dir', 'out', 'in/a/b/ovn-tap.xml'], cwd);
    expect(r.code).toBe(0);
    expect(Object.keys(await snapshot(path.join(cwd, 'out')))).toEqual([
      '.virt-alias-out-dir',
      'ovn-tap.xml',
    ]);
  });

  // Writing over the inputs is what --write (and --backup) are for: --out-dir refuses it.
  it('DIR that is the input directory itself: refused, the inputs are not overwritten', async () => {
    const cwd = await tree({ 'in/ovn-tap.xml': OVN });
    const before = await snapshot(cwd);
    const r = await fix(['--out-dir', 'in', 'in'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^virt-alias: --out-dir in holds inputs \(in\/ovn-tap\.xml\)/);
    expect(await snapshot(cwd)).toEqual(before);
  });
});

describe('fix --check', () => {
  it('exit 1 when a file would change, nothing written', async () => {
    const cwd = await tree({ 'ovn-tap.xml': OVN, 'clean.xml': CLEAN });
    const before = await snapshot(cwd);
    const r = await fix(['--check', '.'], cwd);
    expect(r.code).toBe(1);
    expect(await snapshot(cwd)).toEqual(before);
    expect(summary(r.stderr)).toMatchObject({ files: 2, changed: 1 });
    expect(r.stderr).toMatch(/1 would change/);
  });

  it('exit 0 when none would', async () => {
    const cwd = await tree({ 'clean.xml': CLEAN });
    const before = await snapshot(cwd);
    const r = await fix(['--check', '.'], cwd);
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(await snapshot(cwd)).toEqual(before);
  });
});

describe('fix: modes that do not go together', () => {
  it.each([
    [['--write', '--check'], '--write and --check cannot be used together'],
    [['--out-dir', 'out', '--write'], '--write and --out-dir cannot be used together'],
    [['--out-dir', 'out', '--check'], '--out-dir and --check cannot be used together'],
    [['-w', '--out-dir', 'out', '--check'], '--write and --out-dir and --check cannot be used together'],
  ])('%j: usage error, exit 2, nothing written', async (args, message) => {
    const cwd = await tree({ 'ovn-tap.xml': OVN });
    const before = await snapshot(cwd);
    const r = await fix([...args, 'ovn-tap.xml'], cwd);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`virt-alias: ${message}\nRun 'virt-alias fix --help' for usage.\n`);
    expect(await snapshot(cwd)).toEqual(before);
  });

  it('no path: usage error', async () => {
    const cwd = await tree({});
    const r = await fix([], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^virt-alias: no path given/);
  });
});

describe('fix - (standard input)', () => {
  const INPUT = [
    `<domain type='kvm'>`,
    `  <name>t</name>`,
    `  <devices>`,
    `    <disk type='file' device='disk'>`,
    `      <source file='/var/lib/libvirt/images/a.qcow2'/>`,
    `      <target dev='vda' bus='virtio'/>`,
    `      <address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>`,
    `    </disk>`,
    `    <interface type='network'>`,
    `      <mac address='52:54:00:aa:bb:cc'/>`,
    `      <source network='default'/>`,
    `      <alias name='net0'/>`,
    `    </interface>`,
    `    <serial type='pty'/>`,
    `  </devices>`,
    `</domain>`,
    ``,
  ].join('\n');
  const EXPECTED = [
    `<domain type='kvm'>`,
    `  <name>t</name>`,
    `  <devices>`,
    `    <disk type='file' device='disk'>`,
    `      <source file='/var/lib/libvirt/images/a.qcow2'/>`,
    `      <target dev='vda' bus='virtio'/>`,
    `      <alias name='ua-disk-vda'/>`,
    `      <address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>`,
    `    </disk>`,
    `    <interface type='network'>`,
    `      <mac address='52:54:00:aa:bb:cc'/>`,
    `      <source network='default'/>`,
    `      <alias name='ua-net-525400aabbcc'/>`,
    `    </interface>`,
    `    <serial type='pty'>`,
    `      <alias name='ua-serial-0'/>`,
    `    </serial>`,
    `  </devices>`,
    `</domain>`,
    ``,
  ].join('\n');
  const EVERY_DEVICE = ['--rule', 'alias-required=["error",{"devices":["*"]}]'];

  it('the fixed XML, exactly, and nothing else on stdout; the summary on stderr', async () => {
    const cwd = await tree({});
    const r = await fix([...EVERY_DEVICE, '-'], cwd, INPUT);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(EXPECTED);
    expect(summary(r.stderr)).toEqual({
      files: 1,
      changed: 1,
      added: 2,
      renamed: 1,
      removed: 0,
      left: 0,
      unfixable: 0,
    });
  });

  it('already fixed: the same text back', async () => {
    const cwd = await tree({});
    const r = await fix([...EVERY_DEVICE, '--quiet', '-'], cwd, EXPECTED);
    expect(r).toEqual({ code: 0, stdout: EXPECTED, stderr: '' });
  });

  it('a byte-order mark and CRLF line ends survive', async () => {
    const cwd = await tree({});
    const text = fixture('layout/bom-crlf-no-declaration.xml');
    const r = await fix(['--quiet', '-'], cwd, text);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toBe(text);
    expect(r.stdout.startsWith('\uFEFF')).toBe(true);
    expect(r.stdout.replace(/\r\n/g, '')).not.toContain('\n');
    expect(withoutAliasLines(r.stdout)).toBe(withoutAliasLines(text));
  });

  it('--stdin-filename names it in findings', async () => {
    const cwd = await tree({});
    const r = await fix(['--stdin-filename', 'vm1.xml', '-'], cwd, LUN);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^vm1\.xml:88:5: error: /m);
    expect(r.stdout).toContain(`<alias name='ua-db5b5fab-8f4d-4e27-9da1-494c73cf256d'/>`);
    expect(r.stdout).not.toContain('---');
  });

  it('aliases libvirt ignores: moved up or removed, and counted', async () => {
    const cwd = await tree({});
    const r = await fix(['-'], cwd, fixture('fix/misplaced-aliases/input.xml'));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(fixture('fix/misplaced-aliases/expected.xml'));
    // Three nested aliases moved up (each one added and one removed), eight others removed.
    expect(summary(r.stderr)).toEqual({
      files: 1,
      changed: 1,
      added: 3,
      renamed: 0,
      removed: 11,
      left: 0,
      unfixable: 0,
    });
  });

  it('malformed input: passed through unchanged on stdout, the error on stderr, exit 1', async () => {
    const cwd = await tree({});
    const r = await fix(['-'], cwd, MISMATCHED);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(MISMATCHED);
    expect(r.stderr).toMatch(/^<stdin>:12:\d+: error: /m);
  });

  it.each([
    [['-', 'ovn-tap.xml'], 'cannot be mixed with files'],
    [['ovn-tap.xml', '-'], 'cannot be mixed with files'],
    [['-', '--write'], '--write and --out-dir do not apply'],
    [['-w', '-'], '--write and --out-dir do not apply'],
    [['-', '--out-dir', 'out'], '--write and --out-dir do not apply'],
  ])('%j: usage error, exit 2, nothing read or written', async (args, message) => {
    const cwd = await tree({ 'ovn-tap.xml': OVN });
    const before = await snapshot(cwd);
    const r = await fix(args, cwd, INPUT);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
    expect(await snapshot(cwd)).toEqual(before);
  });
});

describe('fix: files that do not parse', () => {
  it('reported with file:line:col and never written, even with --write; the others still fixed: exit 1', async () => {
    const cwd = await tree({ 'mal/mismatched.xml': MISMATCHED, 'mal/doctype.xml': DOCTYPE, 'ok.xml': OVN });
    const before = await snapshot(cwd);

    const dry = await fix(['mal', 'ok.xml'], cwd);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain('+++ b/ok.xml');
    expect(dry.stdout).not.toContain('mal/');
    expect(await snapshot(cwd)).toEqual(before);

    const r = await fix(['--write', 'mal', 'ok.xml'], cwd);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^mal\/mismatched\.xml:12:\d+: error: \S/m);
    expect(r.stderr).toMatch(/^mal\/doctype\.xml:\d+:\d+: error: DOCTYPE declarations are refused/m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const after = await snapshot(cwd);
    expect(after['mal/mismatched.xml']).toEqual(before['mal/mismatched.xml']);
    expect(after['mal/doctype.xml']).toEqual(before['mal/doctype.xml']);
    expect(after['ok.xml']!.content).not.toBe(OVN);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    // Every finding left says why it is left: a file that does not parse is fixed by hand.
    expect(summary(r.stderr)).toMatchObject({ changed: 1, left: 2, unfixable: 2 });
  });
});

describe('fix: paths that name nothing', () => {
  it('a nonexistent path: exit 2, the others still fixed', async () => {
    const cwd = await tree({ 'ovn-tap.xml': OVN });
    const r = await fix(['--write', 'nope.xml', 'ovn-tap.xml'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('virt-alias: nope.xml: no such file or directory\n');
    expect(await read(cwd, 'ovn-tap.xml')).not.toBe(OVN);
    expect(summary(r.stderr)).toMatchObject({ files: 1, changed: 1 });
  });

  it('a nonexistent path in a dry run: exit 2, the other diffs still shown', async () => {
    const cwd = await tree({ 'ovn-tap.xml': OVN });
    const r = await fix(['ovn-tap.xml', 'missing/'], cwd);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('+++ b/ovn-tap.xml');
  });

  it('a glob that matches nothing and a dangling symlink: exit 2, the others still fixed', async () => {
    const cwd = await tree({ 'ovn-tap.xml': OVN });
    await symlink(path.join(cwd, 'deleted.xml'), path.join(cwd, 'gone.xml'));
    const r = await fix(['--write', 'gone.xml', 'nope-*.xml', 'ovn-tap.xml'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('virt-alias: nope-*.xml: no files match this pattern\n');
    expect(r.stderr).toMatch(/^virt-alias: gone\.xml: cannot read: /m);
    expect(await read(cwd, 'ovn-tap.xml')).not.toBe(OVN);
  });
});

describe('fix --quiet', () => {
  it('no summary and no notices; the exit code is the same', async () => {
    const cwd = await tree({ 'lun.xml': LUN, 'network.xml': NETWORK });
    const loud = await fix(['.'], cwd);
    const quiet = await fix(['--quiet', '.'], cwd);
    expect(loud.stderr).toMatch(SUMMARY);
    expect(quiet.stderr).not.toMatch(SUMMARY);
    expect(quiet.stderr).not.toContain('virt-alias fix:');
    expect(quiet.stderr).not.toContain('skipped');
    expect(quiet.code).toBe(loud.code);
    expect(quiet.stdout).toBe(loud.stdout);
  });

  it('errors are still reported', async () => {
    const cwd = await tree({ 'ovn-tap.xml': OVN });
    const r = await fix(['--quiet', '--write', 'ovn-tap.xml', 'nope.xml'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('virt-alias: nope.xml: no such file or directory\n');
  });
});

describe('fix: a config file', () => {
  it('is found as for lint, and --no-config ignores it', async () => {
    const cwd = await tree({
      'virt-alias.config.json': JSON.stringify({ rules: { 'alias-required': 'off' } }),
      'ovn-tap.xml': OVN,
    });
    const withConfig = await run(['fix', 'ovn-tap.xml'], { cwd });
    expect(withConfig).toMatchObject({ code: 0, stdout: '' });
    const without = await fix(['ovn-tap.xml'], cwd);
    expect(without.stdout).toContain('+++ b/ovn-tap.xml');
  });

  it('a broken config file: exit 2, nothing written', async () => {
    const cwd = await tree({ 'bad.json': '{ "rules": ', 'ovn-tap.xml': OVN });
    const r = await run(['fix', '--config', 'bad.json', '--write', 'ovn-tap.xml'], { cwd });
    expect(r.code).toBe(2);
    expect(await read(cwd, 'ovn-tap.xml')).toBe(OVN);
  });
});

// Keeps the helper honest: writeFile here is the only other writer in these tests.
it('snapshot sees content and mtime changes', async () => {
  const cwd = await tree({ 'x.xml': 'a' });
  const before = await snapshot(cwd);
  await writeFile(path.join(cwd, 'x.xml'), 'a');
  expect(await snapshot(cwd)).not.toEqual(before);
});
