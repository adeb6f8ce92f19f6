import { expect, it } from 'vitest';
import { FORMAT_NAMES, getFormatter } from './index.js';

it('registers stylish and json, and nothing by a prototype name', () => {
  expect(FORMAT_NAMES).toEqual(expect.arrayContaining(['stylish', 'json']));
  expect(getFormatter('json')).toBeTypeOf('function');
  expect(getFormatter('toString')).toBeUndefined();
});
