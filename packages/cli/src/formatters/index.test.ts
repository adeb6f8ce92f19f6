import { expect, it } from 'vitest';
import { FORMAT_NAMES, getFormatter } from './index.js';

it('registers every format, and nothing by a prototype name', () => {
  expect([...FORMAT_NAMES].sort()).toEqual(
    ['checkstyle', 'compact', 'github', 'gitlab', 'json', 'junit', 'markdown', 'sarif', 'stylish'].sort(),
  );
  for (const name of FORMAT_NAMES) expect(getFormatter(name)).toBeTypeOf('function');
  expect(getFormatter('toString')).toBeUndefined();
});
