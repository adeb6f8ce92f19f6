import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BAD_XML, CLEAN_XML, MALFORMED_XML, NETWORK_XML, run, runBin, tempTree } from './helpers.js';

/** The file names stylish lists, in order. */
/** The file headers of stylish output, without the preset that judged each file. */
const listed = (stdout: string) =>
  stdout
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith(' ') && !l.startsWith('\u2716'))
    .map((l) => l.replace(/ \(preset \w+\)$/, ''));

describe('paths', () => {
  it('a directory: every **/*.xml below it, sorted, hidden directories skipped', async () => {
    const cwd = await tempTree({
      'vms/z.xml': BAD_XML,
      'vms/a.xml': BAD_XML,
      'vms/sub/m.xml': BAD_XML,
      'vms/notes.txt': BAD_XML,
      'vms/.git/x.xml': BAD_XML,
      'vms/dir.xml/inner.xml': BAD_XML,
    });
    const r = await run(['lint', 'vms'], { cwd });
    expect(r.code).toBe(1);
    expect(listed(r.stdout)).toEqual(['vms/a.xml', 'vms/dir.xml/inner.xml', 'vms/sub/m.xml', 'vms/z.xml']);
  });

  it('a file given by name is linted whatever its extension', async () => {
    const cwd = await tempTree({ 'domain.txt': BAD_XML });
    expect(listed((await run(['lint', 'domain.txt'], { cwd })).stdout)).toEqual(['domain.txt']);
  });

  it('globs, output in argument order, a file named twice linted once', async () => {
    const cwd = await tempTree({ 'b/1.xml': BAD_XML, 'b/2.xml': BAD_XML, 'a.xml': BAD_XML });
    const r = await run(['lint', 'b/*.xml', 'a.xml', 'b/1.xml'], { cwd });
    expect(listed(r.stdout)).toEqual(['b/1.xml', 'b/2.xml', 'a.xml']);
    expect(r.stdout).toContain('3 problems (3 errors, 0 warnings)');
  });

  it('a glob whose ** passes a linked directory (as bash, once) finds each file once: fix --write writes it once', async () => {
    const cwd = await tempTree({ 'vms/a/vm.xml': BAD_XML, 'vms/b/': '' });
    await symlink('../a', path.join(cwd, 'vms/b/to-a'));
    await symlink('..', path.join(cwd, 'vms/a/up'));
    await symlink('loop.xml', path.join(cwd, 'vms/loop.xml'));
    const linted = await run(['lint', 'vms/**/*.xml'], { cwd });
    expect(listed(linted.stdout)).toEqual(['vms/a/vm.xml']);
    // The loop is a file that cannot be read, told once, not a directory too.
    expect(linted.stderr).toBe(
      'virt-alias: vms/loop.xml: cannot read: too many levels of symbolic links (ELOOP)\n',
    );
    const fixed = await run(['fix', '--write', '--quiet', 'vms/**/*.xml'], { cwd });
    expect(fixed.stderr).toBe(
      'virt-alias: vms/loop.xml: cannot read: too many levels of symbolic links (ELOOP)\n',
    );
    expect(await readFile(path.join(cwd, 'vms/a/vm.xml'), 'utf8')).not.toBe(BAD_XML);
  });

  it('a directory with autostart/ links to its own files (/etc/libvirt/qemu): each domain linted and fixed once', async () => {
    const cwd = await tempTree({ 'qemu/vm.xml': BAD_XML, 'qemu/autostart/': '' });
    await symlink('../vm.xml', path.join(cwd, 'qemu/autostart/vm.xml'));
    expect(listed((await run(['lint', 'qemu'], { cwd })).stdout)).toEqual(['qemu/vm.xml']);
    const fixed = await run(['fix', '--write', 'qemu'], { cwd });
    expect(fixed.stderr).toMatch(/^virt-alias fix: 1 domain file, 1 changed;/);
    expect(fixed.code).toBe(0);
    expect(await readFile(path.join(cwd, 'qemu/autostart/vm.xml'), 'utf8')).not.toBe(BAD_XML);
  });

  it('an absolute path and a path outside the cwd are shown absolute', async () => {
    const root = await tempTree({ 'x/bad.xml': BAD_XML, 'y/': '' });
    const r = await run(['lint', path.join(root, 'x/bad.xml')], { cwd: path.join(root, 'y') });
    expect(listed(r.stdout)).toEqual([path.join(root, 'x/bad.xml')]);
  });

  it('many files: read concurrently, reported in input order', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++)
      files[`many/f${String(i).padStart(2, '0')}.xml`] = i % 2 ? BAD_XML : CLEAN_XML;
    const cwd = await tempTree(files);
    const names = Object.keys(files).reverse();
    const r = await run(['lint', ...names], { cwd });
    expect(listed(r.stdout)).toEqual(names.filter((n) => Number(/\d+/.exec(n)![0]) % 2));
  });

  it('a missing path and a glob that matches nothing: named on stderr, the others still linted, exit 2', async () => {
    const cwd = await tempTree({ 'bad.xml': BAD_XML });
    const r = await run(['lint', 'missing.xml', 'bad.xml', 'nothing/*.xml'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'virt-alias: missing.xml: no such file or directory\nvirt-alias: nothing/*.xml: no files match this pattern\n',
    );
    expect(listed(r.stdout)).toEqual(['bad.xml']);
  });

  it('an unreadable file (a dangling symlink, explicit or found in a directory): exit 2, the others still linted', async () => {
    const cwd = await tempTree({ 'dir/bad.xml': BAD_XML });
    await symlink(path.join(cwd, 'gone.xml'), path.join(cwd, 'dir/dangling.xml'));
    const r = await run(['lint', 'dir/dangling.xml', 'dir'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('virt-alias: dir/dangling.xml: cannot read: broken symbolic link (ENOENT)\n');
    expect(listed(r.stdout)).toEqual(['dir/bad.xml']);
  });

  it('a directory without *.xml: an error, as ESLint; --no-error-on-unmatched-pattern: a notice', async () => {
    const cwd = await tempTree({ 'empty/': '' });
    expect(await run(['lint', 'empty'], { cwd })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'virt-alias: empty: no *.xml files in this directory\n',
    });
    expect(await run(['lint', '--no-error-on-unmatched-pattern', 'empty'], { cwd })).toEqual({
      code: 0,
      stdout: '',
      stderr: 'virt-alias: empty: no *.xml files in this directory\n',
    });
    expect(await run(['lint', '--quiet', '--no-error-on-unmatched-pattern', 'empty'], { cwd })).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
  });

  it('a symbolic link to a directory given by name is entered', async () => {
    const cwd = await tempTree({ 'real/bad.xml': BAD_XML });
    await symlink(path.join(cwd, 'real'), path.join(cwd, 'link'));
    expect(listed((await run(['lint', 'link'], { cwd })).stdout)).toEqual(['link/bad.xml']);
  });

  it('a path that is not a directory in the middle', async () => {
    const cwd = await tempTree({ 'bad.xml': BAD_XML });
    const r = await run(['lint', 'bad.xml/x.xml'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.xml/x.xml: ');
  });
});

describe('standard input', () => {
  it('- reads the document from stdin, shown as <stdin>', async () => {
    const cwd = await tempTree();
    const r = await run(['lint', '-'], { cwd, stdin: BAD_XML });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('<stdin> (preset recommended)\n  7:14  error');
  });

  it('--stdin-filename names it (absolute in json)', async () => {
    const cwd = await tempTree();
    const r = await run(['lint', '--format', 'json', '--stdin-filename', 'vm1.xml', '-'], {
      cwd,
      stdin: BAD_XML,
    });
    expect((JSON.parse(r.stdout) as { filePath: string }[])[0]!.filePath).toBe(path.join(cwd, 'vm1.xml'));
  });

  it('with files, in argument order', async () => {
    const cwd = await tempTree({ 'a.xml': BAD_XML });
    const r = await run(['lint', 'a.xml', '-'], { cwd, stdin: BAD_XML });
    expect(listed(r.stdout)).toEqual(['a.xml', '<stdin>']);
  });

  it('clean stdin: 0; empty stdin is a parse error', async () => {
    const cwd = await tempTree();
    expect(await run(['lint', '-'], { cwd, stdin: CLEAN_XML })).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await run(['lint', '-'], { cwd, stdin: '' })).code).toBe(1);
  });
});

describe('documents', () => {
  it('a byte-order mark is kept and handled by the parser', async () => {
    const cwd = await tempTree({ 'bom.xml': `\uFEFF${BAD_XML}` });
    const r = await run(['lint', 'bom.xml'], { cwd });
    expect(r.stdout).toContain('7:14  error');
  });

  it('non-domain XML: a notice on stderr, not a finding, exit unaffected', async () => {
    const cwd = await tempTree({ 'net.xml': NETWORK_XML, 'ok.xml': CLEAN_XML });
    const r = await run(['lint', 'net.xml', 'ok.xml'], { cwd });
    expect(r).toEqual({
      code: 0,
      stdout: '',
      stderr: 'virt-alias: net.xml: skipped: root element is <network>, not <domain>\n',
    });
    const j = await run(['lint', '--format', 'json', 'net.xml', 'ok.xml'], { cwd });
    expect((JSON.parse(j.stdout) as { filePath: string }[]).map((f) => f.filePath)).toEqual([
      path.join(cwd, 'ok.xml'),
    ]);
  });

  it('a <domain> root with a namespace prefix is linted, as libvirt defines it; lint and fix agree', async () => {
    const prefixed = BAD_XML.replace(
      `<domain type='kvm'>`,
      `<lv:domain xmlns:lv='http://libvirt.org/schemas/domain' type='kvm'>`,
    ).replace('</domain>', '</lv:domain>');
    const cwd = await tempTree({ 'prefixed.xml': prefixed });
    const r = await runBin(['lint', 'prefixed.xml'], cwd);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^\s+7:14\s+error\s.*alias-charset$/m);
    const fixed = await runBin(['fix', 'prefixed.xml'], cwd);
    expect(fixed.stdout).toContain(`+      <alias name='ua-disk-0'/>`);
  });

  it('a parse failure in one file does not hide the others', async () => {
    const cwd = await tempTree({ 'a.xml': MALFORMED_XML, 'b.xml': BAD_XML });
    const r = await run(['lint', 'a.xml', 'b.xml'], { cwd });
    expect(r.code).toBe(1);
    expect(listed(r.stdout)).toEqual(['a.xml', 'b.xml']);
    expect(r.stdout).toContain('2 problems (2 errors, 0 warnings)');
  });

  it('creates no file', async () => {
    const cwd = await tempTree({ 'bad.xml': BAD_XML });
    await mkdir(path.join(cwd, 'out'), { recursive: true });
    await run(['lint', 'bad.xml'], { cwd });
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(cwd)).sort()).toEqual(['bad.xml', 'out', 'virt-alias.config.json']);
  });
});

describe('encodings', () => {
  it('a file that is not UTF-8 is refused, never decoded lossily, and fix leaves it byte for byte', async () => {
    const latin1 = Buffer.from(BAD_XML.replace('<name>test</name>', '<name>caf\u00e9</name>'), 'latin1');
    const cwd = await tempTree({ 'ok.xml': BAD_XML });
    await writeFile(path.join(cwd, 'latin1.xml'), latin1);
    const lint = await run(['lint', 'latin1.xml', 'ok.xml'], { cwd });
    expect(lint.code).toBe(2);
    expect(lint.stderr).toMatch(/latin1\.xml: not valid UTF-8 at line 2, column 12 \(byte offset 31\)/);
    expect(lint.stdout).toContain('ok.xml');
    const fix = await run(['fix', '--write', 'latin1.xml'], { cwd });
    expect(fix.code).toBe(2);
    expect(await readFile(path.join(cwd, 'latin1.xml'))).toEqual(latin1);
  });
});
