import { mkdir, mkdtemp, realpath, rename, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commonBase, CommonBase, outputLocation, outputPathFor, realPathOf } from './out-dir.js';

describe('commonBase', () => {
  it('is the deepest directory holding every input', () => {
    expect(commonBase(['/a/b/c/x.xml', '/a/b/d/y.xml'])).toBe('/a/b');
    expect(commonBase(['/a/b/x.xml'])).toBe('/a/b');
    expect(commonBase(['/a/x.xml', '/b/y.xml'])).toBe('/');
    expect(commonBase([])).toBe(resolve('.'));
  });

  it('is the same folded one file at a time (CommonBase)', () => {
    const common = new CommonBase();
    expect(common.base).toBe(resolve('.'));
    common.add('/a/b/c/x.xml');
    expect(common.base).toBe('/a/b/c');
    common.add('/a/b/d/y.xml');
    expect(common.base).toBe('/a/b');
    common.add('/a/b/c/z.xml');
    expect(common.base).toBe('/a/b');
    common.add('/b/y.xml');
    expect(common.base).toBe('/');
  });
});

describe('outputPathFor', () => {
  it('mirrors the input path under the output directory', () => {
    expect(outputPathFor('/a/b/c/x.xml', '/a/b', '/out')).toBe('/out/c/x.xml');
    expect(outputPathFor('rel/x.xml', resolve('.'), 'o')).toBe(join(resolve('o'), 'rel/x.xml'));
  });

  it('refuses anything that would land outside it', () => {
    expect(() => outputPathFor('/elsewhere/x.xml', '/a/b', '/out')).toThrow(/outside --out-dir/);
    expect(() => outputPathFor('/a/b', '/a/b', '/out')).toThrow(/outside --out-dir/);
  });
});

describe('realPathOf', () => {
  it('resolves the existing part, links included, and appends the rest', async () => {
    const dir = await realpath(await mkdtemp(join(tmpdir(), 'virt-alias-outdir-')));
    await mkdir(join(dir, 'real'));
    await symlink(join(dir, 'real'), join(dir, 'link'));
    expect(await realPathOf(join(dir, 'link', 'new', 'x.xml'))).toBe(join(dir, 'real', 'new', 'x.xml'));
    // A last name that is a link stays: a rename replaces it, never writes through it.
    await symlink('/etc/passwd', join(dir, 'real', 'vm.xml'));
    expect(await realPathOf(join(dir, 'link', 'vm.xml'))).toBe(join(dir, 'real', 'vm.xml'));
  });
});

describe('outputLocation', () => {
  it('is the real location of a path under the out-dir', async () => {
    const dir = await realpath(await mkdtemp(join(tmpdir(), 'virt-alias-outdir-')));
    await mkdir(join(dir, 'o', 'inner'), { recursive: true });
    await symlink('inner', join(dir, 'o', 'alias'));
    expect(await outputLocation(join(dir, 'o'), join(dir, 'o', 'alias', 'a', 'vm.xml'))).toBe(
      join(dir, 'o', 'inner', 'a', 'vm.xml'),
    );
  });

  it('an out-dir that is itself a symbolic link is where it points', async () => {
    const dir = await realpath(await mkdtemp(join(tmpdir(), 'virt-alias-outdir-')));
    await mkdir(join(dir, 'elsewhere'));
    await symlink(join(dir, 'elsewhere'), join(dir, 'o'));
    expect(await outputLocation(join(dir, 'o'), join(dir, 'o', 'a', 'vm.xml'))).toBe(
      join(dir, 'elsewhere', 'a', 'vm.xml'),
    );
  });

  it('refuses a path a symbolic link below the out-dir leads out of it', async () => {
    const dir = await realpath(await mkdtemp(join(tmpdir(), 'virt-alias-outdir-')));
    await mkdir(join(dir, 'o'));
    await mkdir(join(dir, 'outside'));
    await symlink('../outside', join(dir, 'o', 'sub'));
    await expect(outputLocation(join(dir, 'o'), join(dir, 'o', 'sub', 'vm.xml'))).rejects.toThrow(
      `${join(dir, 'o', 'sub', 'vm.xml')} would be written to ${join(dir, 'outside', 'vm.xml')}, outside the out-dir ${join(dir, 'o')}: a symbolic link below the out-dir leads out of it`,
    );
  });

  it('refuses a link to a sibling whose name starts with the out-dir name, and the out-dir itself', async () => {
    const dir = await realpath(await mkdtemp(join(tmpdir(), 'virt-alias-outdir-')));
    await mkdir(join(dir, 'o'));
    await mkdir(join(dir, 'o2'));
    await symlink('../o2', join(dir, 'o', 'sub'));
    await symlink('.', join(dir, 'o', 'self'));
    await expect(outputLocation(join(dir, 'o'), join(dir, 'o', 'sub', 'vm.xml'))).rejects.toThrow(
      `would be written to ${join(dir, 'o2', 'vm.xml')}, outside the out-dir`,
    );
    await expect(outputLocation(join(dir, 'o'), join(dir, 'o', 'self', 'vm.xml'))).resolves.toBe(
      join(dir, 'o', 'vm.xml'),
    );
    await expect(outputLocation(join(dir, 'o'), join(dir, 'o'))).rejects.toThrow('outside the out-dir');
  });
});

describe('outputLocation against the real root found before the run', () => {
  it('refuses every path once the out-dir was replaced by a link elsewhere', async () => {
    const dir = await realpath(await mkdtemp(join(tmpdir(), 'virt-alias-outdir-')));
    await mkdir(join(dir, 'o', 'a'), { recursive: true });
    await mkdir(join(dir, 'elsewhere', 'a'), { recursive: true });
    const realRoot = join(dir, 'o');
    const target = join(dir, 'o', 'a', 'vm.xml');
    expect(await outputLocation(realRoot, target, realRoot)).toBe(target);
    // Swapped meanwhile: the bound stays where the run started, so nothing goes elsewhere.
    await rename(join(dir, 'o'), join(dir, 'was-o'));
    await symlink(join(dir, 'elsewhere'), join(dir, 'o'));
    await expect(outputLocation(join(dir, 'o'), target, realRoot)).rejects.toThrow(
      `would be written to ${join(dir, 'elsewhere', 'a', 'vm.xml')}, outside the out-dir ${realRoot}`,
    );
  });
});

describe('outputLocation through a dangling link', () => {
  it('refuses it: creating the directories would create them where it points', async () => {
    const dir = await realpath(await mkdtemp(join(tmpdir(), 'virt-alias-outdir-')));
    await mkdir(join(dir, 'o'));
    await symlink('../not-yet', join(dir, 'o', 'sub'));
    await expect(outputLocation(join(dir, 'o'), join(dir, 'o', 'sub', 'a', 'vm.xml'))).rejects.toThrow(
      `would be written to ${join(dir, 'not-yet', 'a', 'vm.xml')}, outside the out-dir`,
    );
  });
});
