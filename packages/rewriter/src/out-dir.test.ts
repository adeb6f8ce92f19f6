import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commonBase, outputPathFor } from './out-dir.js';

describe('commonBase', () => {
  it('is the deepest directory holding every input', () => {
    expect(commonBase(['/a/b/c/x.xml', '/a/b/d/y.xml'])).toBe('/a/b');
    expect(commonBase(['/a/b/x.xml'])).toBe('/a/b');
    expect(commonBase(['/a/x.xml', '/b/y.xml'])).toBe('/');
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
