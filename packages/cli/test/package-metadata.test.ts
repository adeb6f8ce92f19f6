/**
 * Every package of the workspace is publishable on its own (decision 11: the library packages
 * stay usable with `import`): the same license text, the fields npm shows, and a build before
 * packing. A package added later is held to it too.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PACKAGES = path.join(ROOT, 'packages');
const names = (await readdir(PACKAGES, { withFileTypes: true }))
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

interface Manifest {
  readonly name: string;
  readonly license?: string;
  readonly repository?: { readonly url?: string; readonly directory?: string };
  readonly bugs?: { readonly url?: string };
  readonly engines?: { readonly node?: string };
  readonly files?: readonly string[];
  readonly scripts?: Readonly<Record<string, string>>;
}

describe('package metadata', () => {
  it('finds the workspace packages', () => {
    expect(names).toEqual(
      expect.arrayContaining(['apply', 'audit', 'cli', 'engine', 'parser', 'rewriter', 'rules']),
    );
  });

  it.each(names)('packages/%s: LICENSE, license, repository, bugs, engines, files, prepack', async (name) => {
    const dir = path.join(PACKAGES, name);
    const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as Manifest;
    expect(await readFile(path.join(dir, 'LICENSE'), 'utf8')).toBe(
      await readFile(path.join(ROOT, 'LICENSE'), 'utf8'),
    );
    expect(manifest.license).toBe('Apache-2.0');
    expect(manifest.repository?.url).toMatch(/^git\+https:\/\//u);
    expect(manifest.repository?.directory).toBe(`packages/${name}`);
    expect(manifest.bugs?.url).toMatch(/^https:\/\//u);
    expect(manifest.engines?.node).toMatch(/^>=20/u);
    expect(manifest.files).toEqual(expect.arrayContaining(['dist']));
    // A tarball packed before `pnpm build` would silently have no dist/: the CLI builds its
    // bundle in `pnpm run package`, the libraries with tsc.
    if (name !== 'cli') expect(manifest.scripts?.prepack).toBe('tsc -b');
  });
});
