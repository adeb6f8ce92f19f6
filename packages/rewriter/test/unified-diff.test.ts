/**
 * The dry run's diff (`unifiedDiff` with the changes `fixText` returns) against the `diff`
 * package's diff of the two whole texts, on wide files: many devices, many passes, every preset.
 * The property test (g) does the same on every fixture and on small random domains.
 */
import { createTwoFilesPatch } from 'diff';
import fc from 'fast-check';
import { PRESET_NAMES, resolveConfig } from '@virt-alias/rules';
import { describe, expect, it } from 'vitest';
import { fixText, mappingLookup, unifiedDiff, type FixOutcome } from '../src/index.js';
import { domainArbitrary } from './domain-arbitrary.js';

const CONFIGS = PRESET_NAMES.map((preset) => [preset, resolveConfig({ preset })] as const);

function expectSameDiff(label: string, text: string, outcome: FixOutcome): void {
  const expected = outcome.changed
    ? createTwoFilesPatch(`a/${label}`, `b/${label}`, text, outcome.output, undefined, undefined, {
        context: 3,
      })
    : '';
  expect(unifiedDiff(label, text, outcome.output, outcome.changes), label).toBe(expected);
}

/** `sda`, ..., `sdz`, `sdaa`, ...: as many distinct targets as needed. */
function target(i: number): string {
  let name = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(97 + ((n - 1) % 26)) + name;
  return `sd${name}`;
}

/**
 * A domain with `count` disks in turn without an alias, with libvirt's generated one, with a
 * valid one, with one nested where libvirt does not read it, and with two: fixes of every kind,
 * alike and close together, across a wide file.
 */
export function wideDomain(count: number): string {
  const disks = Array.from({ length: count }, (_, i) => {
    const alias = (
      [
        '',
        `      <alias name='scsi0-0-0-${i}'/>\n`,
        `      <alias name='ua-disk-${target(i)}'/>\n`,
        '',
        `      <alias name='ua-x'/>\n      <alias name='ua-x'/>\n`,
      ] as const
    )[i % 5]!;
    const targetLine =
      i % 5 === 3
        ? `      <target dev='${target(i)}' bus='scsi'>\n        <alias name='ua-nested-${i}'/>\n      </target>\n`
        : `      <target dev='${target(i)}' bus='scsi'/>\n`;
    return (
      `    <disk type='file' device='disk'>\n` +
      `      <driver name='qemu' type='qcow2'/>\n` +
      `      <source file='/var/lib/libvirt/images/wide-${i}.qcow2'/>\n` +
      targetLine +
      alias +
      `    </disk>\n`
    );
  });
  return (
    `<domain type='kvm'>\n  <name>wide</name>\n  <memory unit='KiB'>1048576</memory>\n` +
    `  <os>\n    <type arch='x86_64'>hvm</type>\n  </os>\n  <devices>\n${disks.join('')}  </devices>\n</domain>\n`
  );
}

describe('the dry run diff equals the diff package on wide files', () => {
  it('a generated domain of 600 disks with fixes of every kind, every preset', () => {
    const text = wideDomain(600);
    for (const [preset, config] of CONFIGS) {
      const outcome = fixText(text, config);
      expect(outcome.result.liveDump, preset).toBeFalsy();
      expect(outcome.changes.length, preset).toBeGreaterThan(400);
      expectSameDiff(`wide-${preset}.xml`, text, outcome);
    }
  }, 300_000);

  it('random domains of up to 150 devices, crowded or not, every preset', () => {
    for (const crowded of [false, true]) {
      fc.assert(
        fc.property(domainArbitrary({ maxDevices: 150, crowded }), ({ text, mapping }) => {
          const settings = mapping ? { mappingFor: mappingLookup(mapping) } : {};
          for (const [preset, config] of CONFIGS) {
            expectSameDiff(`random-${preset}.xml`, text, fixText(text, config, { settings }));
          }
        }),
        { numRuns: 15, seed: 20 + Number(crowded) },
      );
    }
  }, 120_000);
});
