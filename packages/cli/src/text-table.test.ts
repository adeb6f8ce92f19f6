import { expect, it } from 'vitest';
import { textTable } from './text-table.js';

it('aligns columns, leaves the last unpadded, trims trailing spaces', () => {
  expect(
    textTable([
      ['a', 'bb', 'c'],
      ['aaa', 'b', ''],
    ]),
  ).toEqual(['a    bb  c', 'aaa  b']);
});

it('right-aligns on request and measures cells before decorating them', () => {
  expect(
    textTable(
      [
        ['1', 'x'],
        ['10', 'y'],
      ],
      { align: ['right'], decorate: (cell, column) => (column === 1 ? `<${cell}>` : cell) },
    ),
  ).toEqual([' 1  <x>', '10  <y>']);
});
