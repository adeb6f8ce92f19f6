import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPathInside, pathInside } from './path-inside.js';

describe('pathInside', () => {
  it('is the relative path below the directory, empty for the directory itself', () => {
    expect(pathInside('/a/b', '/a/b/c/d.xml')).toBe(path.join('c', 'd.xml'));
    expect(pathInside('/a/b', '/a/b')).toBe('');
    expect(pathInside('/a/b/', '/a/b/c/../d')).toBe('d');
  });

  it('is undefined outside, however the path is spelt', () => {
    expect(pathInside('/a/b', '/a')).toBeUndefined();
    expect(pathInside('/a/b', '/a/bc/d')).toBeUndefined();
    expect(pathInside('/a/b', '/a/b/../c')).toBeUndefined();
    expect(pathInside('/a/b', '/elsewhere')).toBeUndefined();
  });

  it('a name that only starts with two dots is inside', () => {
    expect(pathInside('/a', '/a/..hidden/x')).toBe(path.join('..hidden', 'x'));
    expect(isPathInside('/a', '/a/..hidden')).toBe(true);
  });

  it('relative paths are taken from the working directory', () => {
    expect(pathInside('.', 'x/y')).toBe(path.join('x', 'y'));
    expect(isPathInside('x', '.')).toBe(false);
  });
});
