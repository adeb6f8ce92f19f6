import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMapping, MappingError, parseMappingCsv, validateMapping } from './load.js';

const INSTANCE = 'C0FFEE00-0000-4000-8000-000000000001';
const VOL = '3e6a8f2b-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const PORT = 'A0B1C2D3-E4F5-4A6B-8C7D-9E0F1A2B3C4D';

async function file(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'virt-alias-mapping-'));
  await writeFile(join(dir, name), text);
  return join(dir, name);
}

describe('mapping files', () => {
  it('loads JSON and normalises case for lookups', async () => {
    const path = await file(
      'm.json',
      JSON.stringify({
        instances: { [INSTANCE]: { disks: { sda: VOL }, interfaces: { 'FA:16:3E:00:00:01': PORT } } },
      }),
    );
    const lookup = await loadMapping(path);
    const m = lookup(INSTANCE.toLowerCase());
    expect(m?.disks.get('sda')).toBe(VOL);
    expect(m?.interfaces.get('fa:16:3e:00:00:01')).toBe(PORT.toLowerCase());
    expect(lookup('00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });

  it('loads CSV with comments and blank lines', async () => {
    const path = await file(
      'm.csv',
      `# exported 2026-11-24\ninstance_uuid,kind,key,uuid\n${INSTANCE},disk,sda,${VOL}\n\n${INSTANCE},interface,fa:16:3e:00:00:01,${PORT}\n`,
    );
    expect((await loadMapping(path))(INSTANCE)?.disks.get('sda')).toBe(VOL);
  });

  it('names every problem with its place', () => {
    expect(() => validateMapping({ instances: { 'not-a-uuid': {} } }, 'm.json')).toThrow(MappingError);
    const error = (() => {
      try {
        validateMapping({ instances: { [INSTANCE]: { disks: { sda: 'nope' }, nics: {} } } }, 'm.json');
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(MappingError);
    const problems = (error as MappingError).problems.join('\n');
    expect(problems).toContain(`/instances/${INSTANCE}/disks/sda: must match pattern`);
    expect(problems).toContain('unknown property "nics"');
    expect(() =>
      parseMappingCsv(`instance_uuid,kind,key,uuid\n${INSTANCE},volume,sda,${VOL}\n`, 'm.csv'),
    ).toThrow(/line 2: kind must be "disk" or "interface"/);
    expect(() => parseMappingCsv(`a,b\n`, 'm.csv')).toThrow(/line 1: the header must be/);
  });

  it('reports unreadable and malformed files', async () => {
    await expect(loadMapping('/nonexistent/m.json')).rejects.toThrow(/cannot read: ENOENT/);
    await expect(loadMapping(await file('m.json', '{'))).rejects.toThrow(/not valid JSON/);
  });
});
