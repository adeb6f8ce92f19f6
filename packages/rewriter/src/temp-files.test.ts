import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeStaleTemps, tempPathFor } from './temp-files.js';

/** The id of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

describe('tempPathFor', () => {
  it('is hidden, beside the target, names this process, and is never *.xml', () => {
    const tmp = tempPathFor('/etc/libvirt/qemu/vm.xml');
    expect(dirname(tmp)).toBe('/etc/libvirt/qemu');
    expect(basename(tmp)).toMatch(new RegExp(`^\\.vm\\.xml\\.virt-alias-${process.pid}-[0-9a-f]{8}\\.tmp$`));
    expect(tempPathFor('/d/vm.xml')).not.toBe(tempPathFor('/d/vm.xml'));
  });
});

describe('removeStaleTemps', () => {
  it('removes the temporary files of processes that are gone, and only those', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'virt-alias-stale-'));
    const dead = deadPid();
    const names = {
      stale: `.vm.xml.virt-alias-${dead}-0123abcd.tmp`,
      staleBackup: `.vm.xml.bak.virt-alias-${dead}-deadbeef.tmp`,
      ours: `.vm.xml.virt-alias-${process.pid}-0123abcd.tmp`,
      // pid 1 always runs.
      running: `.vm.xml.virt-alias-1-0123abcd.tmp`,
      notOurs: `.vm.xml.other-tool-${dead}-0123abcd.tmp`,
      input: 'vm.xml',
    };
    for (const name of Object.values(names)) await writeFile(join(dir, name), 'x');
    await mkdir(join(dir, `.d.xml.virt-alias-${dead}-0123abcd.tmp`));

    expect(await removeStaleTemps(dir)).toEqual([join(dir, names.staleBackup), join(dir, names.stale)]);
    expect((await readdir(dir)).sort()).toEqual(
      [
        `.d.xml.virt-alias-${dead}-0123abcd.tmp`,
        names.ours,
        names.running,
        names.notOurs,
        names.input,
      ].sort(),
    );
    expect(await removeStaleTemps(dir)).toEqual([]);
  });
});
