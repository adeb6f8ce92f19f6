import { describe, expect, it } from 'vitest';
import { parseMappingJson } from './json.js';
import { formatMappingProblem, MappingError } from './problem.js';

const INSTANCE = 'c0ffee00-0000-4000-8000-000000000001';
const VOL = '3e6a8f2b-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const PORT = 'a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d';

/** The formatted problems of a text that must be refused. */
function problems(text: string): string[] {
  try {
    parseMappingJson(text, 'm.json');
  } catch (e) {
    expect(e).toBeInstanceOf(MappingError);
    return (e as MappingError).problems.map((p) => formatMappingProblem('m.json', p));
  }
  throw new Error('accepted');
}

const lines = (...l: string[]): string => `${l.join('\n')}\n`;

describe('parseMappingJson', () => {
  it('gives every device of every instance with the place of its key', () => {
    const text = lines(
      '{',
      `  "instances": {`,
      `    "${INSTANCE}": {`,
      `      "disks": { "sda": "${VOL}" },`,
      `      "interfaces": { "FA:16:3E:00:00:01": "${PORT}" },`,
      `      "hostdevs": { "0000:81:00.1": "${PORT.replace('a0', 'b0')}" }`,
      '    }',
      '  }',
      '}',
    );
    expect(parseMappingJson(text, 'm.json')).toEqual([
      { instance: INSTANCE, kind: 'disk', key: 'sda', uuid: VOL, at: { line: 4, column: 18 } },
      {
        instance: INSTANCE,
        kind: 'interface',
        key: 'FA:16:3E:00:00:01',
        uuid: PORT,
        at: { line: 5, column: 23 },
      },
      {
        instance: INSTANCE,
        kind: 'hostdev',
        key: '0000:81:00.1',
        uuid: PORT.replace('a0', 'b0'),
        at: { line: 6, column: 21 },
      },
    ]);
  });

  it('reports the first syntax error at its line and column (a BOM is not a column)', () => {
    expect(problems('{\n  "instances": {\n    "a": 1,\n  }\n}\n')).toEqual([
      'm.json:4:3: invalid JSON: a double-quoted property name expected',
    ]);
    expect(problems('\uFEFF{ "instances": ')).toEqual(['m.json:1:16: invalid JSON: a value expected']);
    expect(problems('// exported\n{}')).toEqual([
      'm.json:1:1: invalid JSON: comments are not allowed in JSON',
    ]);
    expect(problems('')).toEqual(['m.json:1:1: invalid JSON: a value expected']);
    expect(problems('{} {}')).toEqual([
      'm.json:1:4: invalid JSON: end of file expected after the JSON value',
    ]);
  });

  it('refuses arrays and objects nested thousands deep at the first too deep (no stack overflow)', () => {
    const deep = `{\n  "instances": ${'['.repeat(20000)}${']'.repeat(20000)}\n}\n`;
    expect(problems(deep)).toEqual([
      'm.json:2:115: invalid JSON: arrays and objects nested more than 100 deep',
    ]);
  });

  it('refuses a key given twice, or differing only in case, in any object', () => {
    expect(
      problems(
        lines(
          '{',
          '  "instances": {',
          `    "${INSTANCE}": { "disks": { "sda": "${VOL}", "sda": "${PORT}" } },`,
          `    "${INSTANCE.toUpperCase()}": {}`,
          '  },',
          '  "instances": {}',
          '}',
        ),
      ),
    ).toEqual([
      'm.json:3:105: key "sda" appears twice (also on line 3): JSON readers keep only the last',
      `m.json:4:5: key "${INSTANCE.toUpperCase()}" differs only in case from "${INSTANCE}" on line 3: one key given twice`,
      'm.json:6:3: key "instances" appears twice (also on line 2): JSON readers keep only the last',
    ]);
    const oneLine = `{"instances":{"${INSTANCE}":{"interfaces":{"fa:16:3e:00:00:01":"${VOL}","FA:16:3E:00:00:01":"${PORT}"}}}}`;
    expect(problems(oneLine)).toEqual([
      `m.json:1:${oneLine.indexOf('"FA:') + 1}: key "FA:16:3E:00:00:01" differs only in case from "fa:16:3e:00:00:01" on line 1: one key given twice`,
    ]);
  });

  it('reports every schema problem at its place, in words', () => {
    const text = lines(
      '{',
      '  "instances": {',
      '    "__proto__": {},',
      `    "${INSTANCE}": {`,
      '      "disks": { "sda": "nope", "s d": "' + VOL + '" },',
      '      "interfaces": { "fa:16:3e": "' + PORT + '" },',
      '      "hostdevs": { "81:00.1": "' + PORT + '" },',
      '      "nics": {}',
      '    }',
      '  },',
      '  "extra": true',
      '}',
    );
    expect(problems(text)).toEqual([
      `m.json:3:5: "__proto__" is not an instance uuid (the domain's <uuid>)`,
      'm.json:5:25: "nope" is not a uuid',
      'm.json:5:33: "s d" is not a disk target dev (vdb, sda)',
      'm.json:6:23: "fa:16:3e" is not a MAC address (fa:16:3e:12:34:56)',
      'm.json:7:21: "81:00.1" is not a PCI address dddd:bb:ss.f (0000:81:00.1)',
      'm.json:8:7: unknown property "nics": expected "disks", "interfaces" or "hostdevs"',
      'm.json:11:3: unknown property "extra": expected "instances" (and "$schema")',
    ]);
    expect(problems('[]')).toEqual(['m.json:1:1: must be object']);
    expect(problems('{}')).toEqual(['m.json:1:1: property "instances" is missing']);
  });

  it('keeps keys such as __proto__ and constructor as data', () => {
    const text = `{"instances":{"${INSTANCE}":{"disks":{"__proto__":"${VOL}","constructor":"${PORT}"}}}}`;
    expect(parseMappingJson(text, 'm.json').map((e) => [e.key, e.uuid])).toEqual([
      ['__proto__', VOL],
      ['constructor', PORT],
    ]);
  });
});
