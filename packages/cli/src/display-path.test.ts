import path from 'node:path';
import { expect, it } from 'vitest';
import { displayPath } from './display-path.js';

it('is relative inside the cwd, absolute outside, as is for <stdin>', () => {
  const cwd = path.resolve('/srv/vms');
  expect(displayPath(cwd, path.join(cwd, 'a/b.xml'))).toBe(path.join('a', 'b.xml'));
  expect(displayPath(cwd, path.join(cwd, '..foo.xml'))).toBe('..foo.xml');
  expect(displayPath(cwd, path.resolve('/etc/x.xml'))).toBe(path.resolve('/etc/x.xml'));
  expect(displayPath(cwd, '<stdin>')).toBe('<stdin>');
});
