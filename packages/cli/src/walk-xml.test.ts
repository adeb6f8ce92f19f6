import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { glob } from 'glob';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { byCodeUnits, escapeBytes, unreadableLine, walkXmlFiles } from './walk-xml.js';

const root = await mkdtemp(path.join(os.tmpdir(), 'virt-alias-walk-'));
afterAll(() => rm(root, { recursive: true, force: true }));

describe('walkXmlFiles', () => {
  it('reports a directory whose name is not UTF-8 (Node cannot open it), never skips it silently', async () => {
    const dir = path.join(root, 'latin1');
    // 'caf\xe9' in Latin-1: not UTF-8. Node lists it as 'caf\uFFFD', a name that does not exist.
    const bytes = Buffer.concat([Buffer.from(`${dir}/caf`), Buffer.from([0xe9])]);
    mkdirSync(bytes, { recursive: true });
    writeFileSync(Buffer.concat([bytes, Buffer.from('/vm.xml')]), '');
    await writeFile(path.join(dir, 'ok.xml'), '');
    const walked = [];
    for await (const item of walkXmlFiles(dir, '/shown')) walked.push(item);
    expect(walked).toEqual([
      { unreadable: { path: '/shown/caf\\xe9', notUtf8: 'directory' } },
      { file: '/shown/ok.xml', link: false },
    ]);
  });

  it('reports a file whose name is not UTF-8 by its bytes, in its place; a true U+FFFD is a name like any', async () => {
    // Not below `root`, which another test globs.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'virt-alias-walk-bytes-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const named = (...parts: (string | number[])[]): Buffer =>
      Buffer.concat([
        Buffer.from(`${dir}/`),
        ...parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))),
      ]);
    // Two names Node lists alike ('a\uFFFD.xml'), a valid 'é' beside a bad byte, a true U+FFFD.
    for (const name of [
      named('a', [0xff], '.xml'),
      named('a', [0xfe], '.xml'),
      named('b\u00e9', [0xc3], '.xml'),
      named('c\uFFFD.xml'),
      named('d.xml'),
    ])
      writeFileSync(name, '');
    // Bad bytes outside the walk's names: a hidden file, another extension.
    writeFileSync(named('.h', [0xff], '.xml'), '');
    writeFileSync(named('e.xm', [0xff]), '');
    const walked = [];
    for await (const item of walkXmlFiles(dir, '/shown')) walked.push(item);
    expect(walked).toEqual([
      { unreadable: { path: '/shown/a\\xfe.xml', notUtf8: 'file' } },
      { unreadable: { path: '/shown/a\\xff.xml', notUtf8: 'file' } },
      { unreadable: { path: '/shown/b\u00e9\\xc3.xml', notUtf8: 'file' } },
      { file: '/shown/c\uFFFD.xml', link: false },
      { file: '/shown/d.xml', link: false },
    ]);
  });

  it('escapeBytes: UTF-8 as it is, every other byte as \\xNN; unreadableLine words both kinds', () => {
    expect(escapeBytes(Buffer.from([0x61, 0xff, 0xc3, 0xa9, 0xe2, 0x82, 0xe2, 0x82, 0xac]))).toBe(
      'a\\xff\u00e9\\xe2\\x82\u20ac',
    );
    expect(unreadableLine({ path: '/x/a\\xff.xml', notUtf8: 'file' }, 'x/a\\xff.xml')).toBe(
      'file name is not valid UTF-8: x/a\\xff.xml (virt-alias cannot open it: rename it)',
    );
    expect(unreadableLine({ path: '/x/d', reason: 'permission denied' }, 'x/d')).toBe(
      'x/d: cannot read directory: permission denied',
    );
  });

  it("gives glob's files for **/*.xml, in the order of the whole list sorted", async () => {
    const files = [
      'a.xml',
      'a/b.xml',
      'a/b-c.xml',
      'a/b0.xml',
      'a/b/c.xml',
      'd.xml',
      'd-x/1.xml',
      'd/e/2.xml',
      'sub.xml/in.xml',
      'sp ace/s.xml',
      'real/r.xml',
      '.hidden/h.xml',
      '.h.xml',
      'A.XML',
      'x.xmlx',
    ];
    for (const f of files) {
      await mkdir(path.dirname(path.join(root, f)), { recursive: true });
      await writeFile(path.join(root, f), '');
    }
    await symlink(path.join(root, 'real'), path.join(root, 'link'));
    await symlink(path.join(root, 'real'), path.join(root, 'dirlink.xml'));
    await symlink(path.join(root, 'gone.xml'), path.join(root, 'dangling.xml'));
    const walked: string[] = [];
    const links: string[] = [];
    for await (const item of walkXmlFiles(root, '/shown')) {
      if ('file' in item) walked.push(item.file);
      if ('file' in item && item.link) links.push(item.file);
    }
    // The out-dir checks take a file's being a link from the listing (no lstat of each file).
    expect(links).toEqual(['/shown/dangling.xml', '/shown/dirlink.xml']);
    const globbed = (await glob('**/*.xml', { cwd: root, nodir: true, absolute: true }))
      .map((f) => path.join('/shown', path.relative(root, f)))
      .sort(byCodeUnits);
    expect(walked).toEqual(globbed);
    expect(walked).toContain('/shown/dangling.xml');
    expect(walked).not.toContain('/shown/link/r.xml');
  });

  it('a link to a file the walk finds by itself is left out: each file once (/etc/libvirt/qemu/autostart/)', async () => {
    const tree = path.join(root, 'qemu');
    for (const f of ['vm.xml', 'autostart/', '.hidden/h.xml', 'notes.txt'])
      if (f.endsWith('/')) await mkdir(path.join(tree, f), { recursive: true });
      else {
        await mkdir(path.dirname(path.join(tree, f)), { recursive: true });
        await writeFile(path.join(tree, f), '');
      }
    await writeFile(path.join(root, 'outside.xml'), '');
    await symlink('../vm.xml', path.join(tree, 'autostart/vm.xml'));
    await symlink(path.join(tree, 'vm.xml'), path.join(tree, 'absolute.xml'));
    // The walk does not reach these by themselves: each is read through its link.
    await symlink('../outside.xml', path.join(tree, 'out.xml'));
    await symlink('.hidden/h.xml', path.join(tree, 'hidden.xml'));
    await symlink('notes.txt', path.join(tree, 'notes.xml'));
    await symlink('autostart', path.join(tree, 'dir.xml'));
    const walked: string[] = [];
    for await (const item of walkXmlFiles(tree, 'qemu')) if ('file' in item) walked.push(item.file);
    expect(walked).toEqual([
      'qemu/dir.xml',
      'qemu/hidden.xml',
      'qemu/notes.xml',
      'qemu/out.xml',
      'qemu/vm.xml',
    ]);
  });

  it('a directory that is not there: nothing, no error', async () => {
    const items = [];
    for await (const item of walkXmlFiles(path.join(root, 'missing'), 'missing')) items.push(item);
    expect(items).toEqual([]);
  });
});
