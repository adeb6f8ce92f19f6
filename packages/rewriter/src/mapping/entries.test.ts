import { describe, expect, it } from 'vitest';
import { lookupFromEntries, type MappingEntry } from './entries.js';
import { formatMappingProblem, MappingError } from './problem.js';

const A = 'c0ffee00-0000-4000-8000-000000000001';
const B = 'c0ffee00-0000-4000-8000-000000000002';
const VOL = '3e6a8f2b-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const PORT = 'A0B1C2D3-E4F5-4A6B-8C7D-9E0F1A2B3C4D';
const PORT2 = 'b0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d';

let line = 0;
const entry = (instance: string, kind: MappingEntry['kind'], key: string, uuid: string): MappingEntry => ({
  instance,
  kind,
  key,
  uuid,
  at: { line: ++line, column: 5 },
});

function problems(entries: MappingEntry[]): string[] {
  try {
    lookupFromEntries(entries, 'm');
  } catch (e) {
    expect(e).toBeInstanceOf(MappingError);
    return (e as MappingError).problems.map((p) => formatMappingProblem('m', p));
  }
  throw new Error('accepted');
}

describe('lookupFromEntries', () => {
  it('normalises as the parser does: uuids, MACs and PCI addresses lower-case, target devs as written', () => {
    line = 0;
    const lookup = lookupFromEntries(
      [
        entry(A.toUpperCase(), 'disk', 'sda', VOL.toUpperCase()),
        entry(A, 'interface', 'FA:16:3E:00:00:01', PORT),
        entry(A, 'hostdev', '0000:3B:02.4', PORT2),
        // Multi-attach: one volume in two instances.
        entry(B, 'disk', 'vdb', VOL),
      ],
      'm',
    );
    const a = lookup(A);
    expect(a?.disks).toEqual(new Map([['sda', VOL]]));
    expect(a?.interfaces).toEqual(new Map([['fa:16:3e:00:00:01', PORT.toLowerCase()]]));
    expect(a?.hostdevs).toEqual(new Map([['0000:3b:02.4', PORT2]]));
    expect(lookup(B.toUpperCase())?.disks.get('vdb')).toBe(VOL);
    expect(lookup('00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });

  it('refuses one device given twice, also in another case, naming both lines', () => {
    line = 0;
    expect(
      problems([
        entry(A, 'disk', 'sda', VOL),
        entry(A.toUpperCase(), 'disk', 'sda', PORT),
        entry(A, 'disk', 'SDA', PORT2),
        entry(A, 'interface', 'fa:16:3e:00:00:01', PORT),
        entry(A, 'interface', 'FA:16:3E:00:00:01', PORT),
      ]),
    ).toEqual([
      `m:2:5: disk sda of instance ${A.toUpperCase()} is given twice (line 1): which volume is meant?`,
      `m:3:5: disk SDA of instance ${A} differs only in case from sda (line 1): one device given twice`,
      `m:5:5: interface FA:16:3E:00:00:01 of instance ${A} differs only in case from fa:16:3e:00:00:01 (line 4): one device given twice`,
    ]);
  });

  it('refuses one uuid given to two devices of an instance (any kinds), and one port to two instances', () => {
    line = 0;
    const port = PORT.toLowerCase();
    expect(
      problems([
        entry(A, 'disk', 'vdb', VOL),
        entry(A, 'disk', 'vdc', VOL),
        entry(A, 'interface', 'fa:16:3e:00:00:01', PORT),
        entry(A, 'hostdev', '0000:81:00.1', port),
        entry(B, 'interface', 'fa:16:3e:00:00:02', port),
      ]),
    ).toEqual([
      `m:2:5: volume ${VOL} is already given to disk vdb of this instance (line 1): one volume cannot be two devices (ua-${VOL} would name both)`,
      `m:4:5: port ${port} is already given to interface fa:16:3e:00:00:01 of this instance (line 3): one port cannot be two devices (ua-${port} would name both)`,
      `m:5:5: port ${port} is also given to instance ${A} (line 3): a Neutron port is bound to one server`,
    ]);
  });
});
