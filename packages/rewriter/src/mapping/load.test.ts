import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMapping, MAPPING_MAX_BYTES, mappingLookup } from './load.js';
import { MappingError } from './problem.js';

const INSTANCE = 'C0FFEE00-0000-4000-8000-000000000001';
const VOL = '3e6a8f2b-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const PORT = 'A0B1C2D3-E4F5-4A6B-8C7D-9E0F1A2B3C4D';

const dir = await mkdtemp(join(tmpdir(), 'virt-alias-mapping-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

async function file(name: string, text: string): Promise<string> {
  await writeFile(join(dir, name), text);
  return join(dir, name);
}

async function refusal(path: string): Promise<string> {
  const error: unknown = await loadMapping(path).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MappingError);
  return (error as MappingError).message;
}

describe('loadMapping', () => {
  it('loads JSON by default and CSV by its extension, into one lookup', async () => {
    const json = await file(
      'm.json',
      JSON.stringify({
        instances: { [INSTANCE]: { disks: { sda: VOL }, hostdevs: { '0000:81:00.1': PORT } } },
      }),
    );
    const csv = await file(
      'm.CSV',
      `instance_uuid,kind,key,uuid\n${INSTANCE},disk,sda,${VOL}\n${INSTANCE},hostdev,0000:81:00.1,${PORT}\n`,
    );
    for (const path of [json, csv]) {
      const m = (await loadMapping(path))(INSTANCE.toLowerCase());
      expect(m?.disks.get('sda')).toBe(VOL);
      expect(m?.hostdevs.get('0000:81:00.1')).toBe(PORT.toLowerCase());
    }
  });

  it('says why a file cannot be read, with its name', async () => {
    expect(await refusal(join(dir, 'missing.json'))).toBe(
      `${join(dir, 'missing.json')}: cannot read: ENOENT`,
    );
    expect(await refusal('/dev/zero')).toBe('/dev/zero: a character device, not a regular file: not read');
    const fifo = join(dir, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    expect(await refusal(fifo)).toBe(`${fifo}: a FIFO (named pipe), not a regular file: not read`);
    const huge = join(dir, 'huge.json');
    await writeFile(huge, '');
    await truncate(huge, MAPPING_MAX_BYTES + 1);
    expect(await refusal(huge)).toBe(
      `${huge}: larger than 64 MiB (67108864 bytes), the most that is read: not read`,
    );
    const bad = join(dir, 'bad.json');
    await writeFile(bad, Buffer.from([0x7b, 0xff, 0x7d]));
    expect(await refusal(bad)).toBe(`${bad}: not valid UTF-8`);
  });

  it('a parsed value gets the same checks', () => {
    expect(() =>
      mappingLookup({
        instances: { [INSTANCE]: { interfaces: { 'fa:16:3e:00:00:01': PORT, 'FA:16:3E:00:00:01': PORT } } },
      }),
    ).toThrow(/<mapping>: interface FA:16:3E:00:00:01 of instance .* differs only in case/);
  });
});
