import { describe, expect, it } from 'vitest';
import { parseMappingCsv } from './csv.js';
import { formatMappingProblem, MappingError } from './problem.js';

const INSTANCE = 'c0ffee00-0000-4000-8000-000000000001';
const VOL = '3e6a8f2b-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const PORT = 'a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d';
const HEADER = 'instance_uuid,kind,key,uuid';

function problems(text: string): string[] {
  try {
    parseMappingCsv(text, 'm.csv');
  } catch (e) {
    expect(e).toBeInstanceOf(MappingError);
    return (e as MappingError).problems.map((p) => formatMappingProblem('m.csv', p));
  }
  throw new Error('accepted');
}

describe('parseMappingCsv', () => {
  it('reads rows of the three kinds, skipping comments and blank lines (CRLF, BOM, spaces)', () => {
    const text = `\uFEFF# exported\r\n${HEADER}\r\n\r\n${INSTANCE}, disk ,sda,${VOL}\r\n${INSTANCE},interface,FA:16:3E:00:00:01,${PORT}\r\n${INSTANCE},hostdev,0000:81:00.1,${PORT.replace('a0', 'b0')}\r\n`;
    expect(parseMappingCsv(text, 'm.csv')).toEqual([
      { instance: INSTANCE, kind: 'disk', key: 'sda', uuid: VOL, at: { line: 4, column: 45 } },
      {
        instance: INSTANCE,
        kind: 'interface',
        key: 'FA:16:3E:00:00:01',
        uuid: PORT,
        at: { line: 5, column: 48 },
      },
      {
        instance: INSTANCE,
        kind: 'hostdev',
        key: '0000:81:00.1',
        uuid: PORT.replace('a0', 'b0'),
        at: { line: 6, column: 46 },
      },
    ]);
  });

  it('refuses instances such as __proto__, constructor and toString, each at its cell', () => {
    const text = [
      HEADER,
      ...['__proto__', 'constructor', 'toString'].map((i) => `${i},disk,vda,${VOL}`),
      '',
    ].join('\n');
    expect(problems(text)).toEqual([
      `m.csv:2:1: "__proto__" is not an instance uuid (the domain's <uuid>)`,
      `m.csv:3:1: "constructor" is not an instance uuid (the domain's <uuid>)`,
      `m.csv:4:1: "toString" is not an instance uuid (the domain's <uuid>)`,
    ]);
  });

  it('reports every bad cell at its line and column', () => {
    const text = [
      'instance,kind,key,uuid',
      `${INSTANCE},volume,sda,${VOL}`,
      `${INSTANCE},interface,fa:16:3e,zzz`,
      `${INSTANCE},hostdev,81:00.1,${PORT}`,
      `${INSTANCE},disk,sda`,
      '',
    ].join('\n');
    const cell = (line: number, start: string): number => text.split('\n')[line - 1]!.indexOf(start) + 1;
    expect(problems(text)).toEqual([
      'm.csv:1:1: the header must be instance_uuid,kind,key,uuid',
      `m.csv:2:${cell(2, 'volume')}: kind must be "disk", "interface" or "hostdev", not "volume"`,
      `m.csv:3:${cell(3, 'fa:')}: "fa:16:3e" is not a MAC address (fa:16:3e:12:34:56)`,
      `m.csv:3:${cell(3, 'zzz')}: "zzz" is not a uuid`,
      `m.csv:4:${cell(4, '81:')}: "81:00.1" is not a PCI address dddd:bb:ss.f (0000:81:00.1)`,
      'm.csv:5:1: expected 4 cells (instance_uuid,kind,key,uuid), found 3',
    ]);
  });
});
