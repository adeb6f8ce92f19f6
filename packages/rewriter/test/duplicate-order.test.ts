/**
 * A duplicate alias never survives `fix`, whatever the order of the devices (issue 12): three
 * disks of one volume and an `<rng>`, the rng and two of the disks holding `ua-data`, in every
 * order. Every input fails `virsh define` ("non unique alias detected"); every fixed text, under
 * every preset, defines, and libvirt keeps exactly the aliases it carries (each device's, in any
 * order: libvirt stores devices grouped by kind).
 */
import { PRESET_NAMES, resolveConfig } from '@virt-alias/rules';
import { requireTools } from '@virt-alias/rules/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixText } from '../src/index.js';
import { parseOrThrow } from './helpers.js';
import { defineAll, INSTALL_HINT, deviceAliases, virshVersion, type DefineOutcome } from './virsh-batch.js';

const VOLUME = '4c8e2a1f-6b3d-4e5a-9f7c-1d2e3f4a5b6c';

const disk = (dev: string, alias: string): string =>
  [
    `    <disk type='file' device='disk'>`,
    `      <source file='/var/lib/libvirt/images/${dev}.img'/>`,
    `      <target dev='${dev}' bus='virtio'/>`,
    `      <serial>${VOLUME}</serial>`,
    ...(alias ? [`      <alias name='${alias}'/>`] : []),
    `    </disk>`,
  ].join('\n');

const DEVICES = [
  disk('vda', ''),
  `    <rng model='virtio'>\n      <backend model='random'>/dev/urandom</backend>\n      <alias name='ua-data'/>\n    </rng>`,
  disk('vdb', 'ua-data'),
  disk('vdc', 'ua-data'),
];

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((x, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]),
  );
}

const domain = (devices: readonly string[]): string =>
  `<domain type='kvm'>\n  <name>dup-order</name>\n  <uuid>c0ffee00-0000-4000-8000-00000000d0d0</uuid>\n  <memory unit='KiB'>1048576</memory>\n  <os>\n    <type arch='x86_64'>hvm</type>\n  </os>\n  <devices>\n${devices.join('\n')}\n  </devices>\n</domain>\n`;

interface Subject {
  readonly label: string;
  readonly text: string;
  readonly input: boolean;
}

const subjects: Subject[] = permutations(DEVICES.map((d, i) => [i, d] as const)).flatMap((order) => {
  const name = order.map(([i]) => i).join('');
  const input = domain(order.map(([, d]) => d));
  const fixed = new Set(PRESET_NAMES.map((p) => fixText(input, resolveConfig({ preset: p })).output));
  return [
    { label: `order ${name}: input`, text: input, input: true },
    ...[...fixed].map((text, k) => ({ label: `order ${name}: fixed #${k + 1}`, text, input: false })),
  ];
});

const version = await virshVersion();

requireTools('the duplicate-order libvirt tests', { virsh: version }, INSTALL_HINT);

describe.skipIf(!version)(
  `virsh ${version ?? '(missing)'}: fix leaves no duplicate in any device order`,
  () => {
    const outcomes = new Map<string, DefineOutcome | Error>();

    beforeAll(async () => {
      const results = await defineAll(subjects);
      subjects.forEach((s, i) => outcomes.set(s.label, results[i]!));
    }, 60_000);

    it('covers every order of the four devices', () => {
      expect(subjects.filter((s) => s.input)).toHaveLength(24);
    });

    for (const s of subjects) {
      it(s.label, () => {
        const outcome = outcomes.get(s.label);
        if (outcome instanceof Error) throw outcome;
        if (!outcome) throw new Error('no outcome');
        if (s.input) {
          expect('defineError' in outcome ? outcome.defineError : 'defined').toMatch(
            /non unique alias detected: ua-data/,
          );
          return;
        }
        if ('defineError' in outcome) expect.fail(`virsh define: ${outcome.defineError}`);
        expect(deviceAliases(outcome.dump), 'aliases libvirt kept').toEqual(
          deviceAliases(parseOrThrow(s.text, s.label)),
        );
      });
    }
  },
);
