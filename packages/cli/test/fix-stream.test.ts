import fsPromises from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/main.js';
import { SURVEY_KEEPS_ENV } from '../src/test-hooks.js';
import { BAD_XML, countListings, run, tempTree } from './helpers.js';

afterEach(() => {
  vi.restoreAllMocks();
  syncBuiltinESMExports();
});

/** 40 files to fix in vms/a, one in vms/z: the walk reaches vms/z last. */
async function fleet(): Promise<string> {
  const files: Record<string, string> = { 'vms/z/last.xml': BAD_XML };
  for (let i = 0; i < 40; i++) files[`vms/a/vm${String(i).padStart(2, '0')}.xml`] = BAD_XML;
  return tempTree(files);
}

describe('fix of one directory streams its files', () => {
  it('hands the files to the engine as they are walked: the first diff comes before the last directory is walked again', async () => {
    const cwd = await fleet();
    const plain = await run(['fix', '--no-config', '--jobs', '1', '--check', 'vms'], { cwd });
    const last = path.join(cwd, 'vms/z');
    const counts = countListings();
    let stdout = '';
    let stderr = '';
    /** How often vms/z had been listed when the first diff was written. */
    let listedAtFirst: number | undefined;
    const code = await main(['fix', '--no-config', '--jobs', '1', '--check', 'vms'], {
      stdout: {
        write: (s: string) => {
          listedAtFirst ??= counts.get(last) ?? 0;
          stdout += s;
        },
      },
      stderr: { write: (s: string) => (stderr += s) },
      stdin: Readable.from([]),
      cwd,
      // A large tree's survey keeps no file: the run walks it again as the engine reads it.
      env: { [SURVEY_KEEPS_ENV]: '0' },
      isTTY: false,
    });
    expect({ code, stdout, stderr }).toEqual(plain);
    expect(plain.code).toBe(1);
    expect(stdout.match(/^--- /gm)).toHaveLength(41);
    // Listed by the survey only: a list of every file made before the run lists it once, first.
    expect(listedAtFirst).toBe(1);
    expect(counts.get(last)).toBe(2);
  });

  it('--out-dir inside the walked directory: its copies are never read as inputs on the second walk', async () => {
    const cwd = await fleet();
    const env = { [SURVEY_KEEPS_ENV]: '0' };
    const first = await run(['fix', '--no-config', '--jobs', '1', '--out-dir', 'vms/fixed', 'vms'], {
      cwd,
      env,
    });
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/fix: 41 domain files, 41 changed/);
    const copies = await fsPromises.readdir(path.join(cwd, 'vms/fixed/a'));
    expect(copies).toHaveLength(40);
    // Again: the copies are left out (the out-dir is marked), and nothing nests.
    const again = await run(['fix', '--no-config', '--jobs', '1', '--out-dir', 'vms/fixed', 'vms'], {
      cwd,
      env,
    });
    expect(again.stderr).toMatch(/left out: 41 files below --out-dir/);
    expect(again.stderr).toMatch(/fix: 41 domain files, 41 changed/);
    await expect(fsPromises.stat(path.join(cwd, 'vms/fixed/fixed'))).rejects.toThrow();
  });
});
