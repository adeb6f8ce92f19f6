/**
 * Golden tests of `fixText`, one case per fix and per layout: fixtures/fix/<case>/input.xml, fixed
 * with the case's preset (a one-line `preset` file, else `recommended`) and mapping
 * (`mapping.json`, if any), must give expected.xml byte for byte, and fixing that output again
 * must change nothing. Every expected.xml was derived by hand from docs/naming.md and
 * docs/fix.md, not copied from the tool: see fixtures/fix/README.md.
 */
import { resolveConfig } from '@virt-alias/rules';
import { describe, expect, it } from 'vitest';
import { fixText } from '../src/index.js';
import { parseOrThrow, readFixCases, settingsFor, type FixCase } from './helpers.js';

/**
 * Cases where the tool disagrees with the expectation derived from docs/naming.md and the tool is
 * the one that is wrong. They run as `it.fails`: when the tool is fixed, the test fails and the
 * entry must go.
 */
const KNOWN_TOOL_BUGS: Readonly<Record<string, string>> = {};

/**
 * Devices a case leaves unfixed on purpose: each string must occur in the `cannot fix` reason of
 * a finding that is left in the output.
 */
const UNFIXABLE: Readonly<Record<string, readonly string[]>> = {
  'duplicate-blocked-identity-later': ['another device keeps "ua-4c8e2a1f-6b3d-4e5a-9f7c-1d2e3f4a5b6c"'],
  'lun-unfixable': ['target dev sdc', 'MAC fa:16:3e:aa:00:01'],
  'nova-port-not-uuid': ['MAC fa:16:3e:00:02:01'],
  'wrong-identity-tap': ['MAC fa:16:3e:00:00:05'],
  'wrong-identity-volume': ['target dev vdf'],
};

const cases = readFixCases();

async function fix(c: FixCase, text: string) {
  return fixText(text, resolveConfig({ preset: c.preset }), {
    settings: await settingsFor(c.mappingFile),
    filePath: `${c.name}/input.xml`,
  });
}

describe('golden fixes (fixtures/fix)', () => {
  it('has the cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
    for (const name of Object.keys({ ...KNOWN_TOOL_BUGS, ...UNFIXABLE })) {
      expect(cases.map((c) => c.name)).toContain(name);
    }
  });

  it.each(cases)('$name: input and expected output are domains, the same devices in the same order', (c) => {
    const input = parseOrThrow(c.input, `${c.name}/input.xml`);
    const expected = parseOrThrow(c.expected, `${c.name}/expected.xml`);
    expect(expected.devices.map((d) => d.kind)).toEqual(input.devices.map((d) => d.kind));
  });

  for (const c of cases) {
    const bug = KNOWN_TOOL_BUGS[c.name];
    const title = `${c.name} (${c.preset}${c.mappingFile ? ', mapping.json' : ''})${bug ? ` [known tool bug: ${bug}]` : ''}`;
    (bug ? it.fails : it)(title, async () => {
      const first = await fix(c, c.input);
      // Strings first, for a readable diff; then the bytes (BOM, CRLF and all).
      expect(first.output).toBe(c.expected);
      expect(Buffer.from(first.output, 'utf8').equals(c.expectedBytes)).toBe(true);
      expect(first.changed).toBe(c.expected !== c.input);

      const second = await fix(c, first.output);
      expect(second.changed).toBe(false);
      expect(second.output).toBe(first.output);
      expect(second.passes).toBe(0);

      const reasons = first.result.messages.flatMap((m) => (m.unfixable === undefined ? [] : [m.unfixable]));
      for (const what of UNFIXABLE[c.name] ?? []) {
        expect(
          reasons.some((r) => r.includes(what)),
          `a "cannot fix" reason mentioning ${what}`,
        ).toBe(true);
      }
    });
  }
});
