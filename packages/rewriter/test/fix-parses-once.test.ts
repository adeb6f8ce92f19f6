/**
 * The fix loop parses each text once: the parse that is linted is also the one compared with the
 * next pass's (issue 7). Counted on the golden cases through the real parser.
 */
import * as parser from '@virt-alias/parser';
import { resolveConfig } from '@virt-alias/rules';
import { describe, expect, it, vi } from 'vitest';
import { fixText } from '../src/index.js';
import { readFixCases, settingsFor } from './helpers.js';

vi.mock('@virt-alias/parser', async (importOriginal) => {
  const real = await importOriginal<typeof parser>();
  return { ...real, parseDomain: vi.fn(real.parseDomain) };
});

describe('fixText parses each pass once', () => {
  const cases = readFixCases();

  it.each(cases)('$name: one parse for the input and one per pass', async (c) => {
    const settings = await settingsFor(c.mappingFile);
    const parseDomain = vi.mocked(parser.parseDomain);
    parseDomain.mockClear();
    const outcome = fixText(c.input, resolveConfig({ preset: c.preset }), { settings });
    expect(parseDomain).toHaveBeenCalledTimes(outcome.passes + 1);
  });

  it('some case takes more than one pass', async () => {
    const passes = await Promise.all(
      cases.map(async (c) => {
        const settings = await settingsFor(c.mappingFile);
        return fixText(c.input, resolveConfig({ preset: c.preset }), { settings }).passes;
      }),
    );
    expect(Math.max(...passes)).toBeGreaterThanOrEqual(2);
  });
});
