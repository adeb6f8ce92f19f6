import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BAD_XML, CLEAN_XML, run, tempTree } from './helpers.js';

describe('lint --cache', () => {
  it('writes .virt-alias-cache in the working directory; a second run reports the same', async () => {
    const cwd = await tempTree({ 'vms/a.xml': BAD_XML, 'vms/b.xml': CLEAN_XML });
    const plain = await run(['lint', '-f', 'json', 'vms'], { cwd });
    const first = await run(['lint', '--cache', '-f', 'json', 'vms'], { cwd });
    expect(existsSync(path.join(cwd, '.virt-alias-cache'))).toBe(true);
    const second = await run(['lint', '--cache', '-f', 'json', 'vms'], { cwd });
    expect(first).toEqual(plain);
    expect(second).toEqual(plain);
    await writeFile(path.join(cwd, 'vms/b.xml'), BAD_XML);
    const changed = await run(['lint', '--cache', 'vms'], { cwd });
    expect(changed.stdout).toContain('2 problems (2 errors, 0 warnings)');
  });

  it('--cache-location: a file, or a directory to keep it in; a damaged one is no error', async () => {
    const cwd = await tempTree({ 'a.xml': BAD_XML });
    await mkdir(path.join(cwd, 'caches'));
    expect((await run(['lint', '--cache', '--cache-location', 'caches', 'a.xml'], { cwd })).code).toBe(1);
    expect(existsSync(path.join(cwd, 'caches/.virt-alias-cache'))).toBe(true);
    await run(['lint', '--cache', '--cache-location', 'my.cache', 'a.xml'], { cwd });
    await writeFile(path.join(cwd, 'my.cache'), '{');
    const r = await run(['lint', '--cache', '--cache-location', 'my.cache', 'a.xml'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('1 problem (1 error, 0 warnings)');
  });

  it('--cache-location naming a file the run lints: the cache is not written over it', async () => {
    const cwd = await tempTree({ 'a.xml': BAD_XML, 'vms/b.xml': BAD_XML });
    for (const [location, args] of [
      ['a.xml', ['a.xml']],
      ['vms/b.xml', ['vms']],
    ] as const) {
      const r = await run(['lint', '--cache', '--cache-location', location, ...args], { cwd });
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `virt-alias: ${location}: cannot write the cache: it is one of the files this run read, which it would replace: name another file\n`,
      );
      expect(await readFile(path.join(cwd, location), 'utf8')).toBe(BAD_XML);
    }
  });

  it('a cache that cannot be written: said on stderr, the exit code is the findings', async () => {
    const cwd = await tempTree({ 'a.xml': CLEAN_XML });
    const r = await run(['lint', '--cache', '--cache-location', 'a.xml/cache', 'a.xml'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^virt-alias: a\.xml\/cache: cannot write the cache: .*ENOTDIR/);
  });
});
