/**
 * A wide file: `fix`'s dry run and `--check` once took 289 s on a domain of 23,749 disks (a
 * Myers diff of the whole text, quadratic in the number of changes) where `--write` took 8 s.
 * The diff is now built from the fixes' own changes. No time is measured: the test only has to
 * end before the hang guard.
 */
import { describe, expect, it } from 'vitest';
import { HANG_TEST_MS, spawnBin, tempTree } from './helpers.js';

const DISKS = 20_000;

/** `sda`, ..., `sdz`, `sdaa`, ...: as many distinct targets as needed. */
function target(i: number): string {
  let name = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(97 + ((n - 1) % 26)) + name;
  return `sd${name}`;
}

/** Two disks in three without an alias (one is added), the third with a name to correct. */
function wideDomain(count: number): string {
  let disks = '';
  for (let i = 0; i < count; i++) {
    disks +=
      `    <disk type='file' device='disk'>\n` +
      `      <source file='/var/lib/libvirt/images/wide-${i}.qcow2'/>\n` +
      `      <target dev='${target(i)}' bus='scsi'/>\n` +
      (i % 3 === 1 ? `      <alias name='ua-disk.${i}'/>\n` : '') +
      `    </disk>\n`;
  }
  return (
    `<domain type='kvm'>\n  <name>wide</name>\n  <memory unit='KiB'>1048576</memory>\n` +
    `  <os>\n    <type arch='x86_64'>hvm</type>\n  </os>\n  <devices>\n${disks}  </devices>\n</domain>\n`
  );
}

describe('fix on a domain of 20,000 disks', () => {
  it(
    'the dry run and --check print the whole diff and end',
    async () => {
      const cwd = await tempTree({ 'wide.xml': wideDomain(DISKS) }, { isolate: false });
      const dry = await spawnBin(['fix', '--preset', 'strict', 'wide.xml'], { cwd });
      expect(dry.stderr).toContain('13333 aliases added, 6667 renamed');
      expect(dry.code).toBe(0);
      expect(dry.stdout.startsWith(`${'='.repeat(67)}\n--- a/wide.xml\n+++ b/wide.xml\n@@ -`)).toBe(true);
      const added = dry.stdout.split('\n').filter((l) => l.startsWith('+ '));
      expect(added).toHaveLength(DISKS);
      expect(added[0]).toBe("+      <alias name='ua-disk-sda'/>");
      // The last disk (19,999 = 3 × 6,666 + 1) has its name corrected.
      expect(added.at(-1)).toBe(`+      <alias name='ua-disk-${DISKS - 1}'/>`);

      const check = await spawnBin(['fix', '--check', '--preset', 'strict', 'wide.xml'], { cwd });
      expect(check.code).toBe(1);
      expect(check.stdout).toBe(dry.stdout);
    },
    2 * HANG_TEST_MS,
  );
});
