import { describe, expect, it } from 'vitest';
import {
  domainXml,
  expectFindings,
  fixOnce,
  testRule,
  type ExpectedError,
  leftAfterFix,
} from '../../testing/rule-tester.js';
import rule from './index.js';

const PORT = '9b1c2d3e-4f50-4a6b-8c7d-e8f9a0b1c2d3';

const disk = (alias: string) =>
  `    <disk type='file' device='disk'>\n      <source file='/a'/>\n      <target dev='vda'/>\n      ${alias}\n    </disk>`;
const lunDisk = (alias: string) =>
  `    <disk type='block' device='lun'>\n      <source dev='/dev/sdx'/>\n      <target dev='sda' bus='scsi'/>\n      ${alias}\n    </disk>`;
/** Generated names beside a user alias: no live dump (see the rule `live-dump`), so each is reported. */
const generatedNames = [
  `\t<rng model='virtio'><alias name='ua-rng'/></rng>`,
  `\t<interface type='network'>\n\t\t<source network='default'/>\n\t\t<alias name='net0'/>\n\t</interface>`,
  `\t<hostdev mode='subsystem' type='pci'><alias name='hostdev0'/></hostdev>`,
  `\t<disk type='block' device='lun'><target dev='sda' bus='scsi'/><alias name='scsi0-0-0-1'/></disk>`,
  `\t<controller type='pci' index='0' model='pci-root'><alias name='pci.0'/></controller>`,
].join('\n');
/** A live dump of a Nova guest: the SR-IOV port is named nowhere in the XML. */
const novaLiveDump = domainXml(
  `    <interface type='hostdev'>\n      <mac address='fa:16:3e:00:00:03'/>\n      <alias name='hostdev0'/>\n    </interface>`,
  `  <metadata>\n    <nova:instance xmlns:nova="http://openstack.org/xmlns/libvirt/nova/1.1">\n      <nova:ports>\n        <nova:port uuid="${PORT}"/>\n      </nova:ports>\n    </nova:instance>\n  </metadata>\n`,
);

/** `text` with each `[from, to]` applied in turn; every `from` occurs exactly once. */
function edited(text: string, ...edits: readonly (readonly [string, string])[]): string {
  return edits.reduce((t, [from, to]) => {
    const at = t.indexOf(from);
    if (at < 0 || t.indexOf(from, at + 1) >= 0) throw new Error(`"${from}" must occur exactly once`);
    return t.slice(0, at) + to + t.slice(at + from.length);
  }, text);
}

const pciHostdev = (alias: string) =>
  `    <hostdev mode='subsystem' type='pci' managed='yes'>\n      <source>\n        <address domain='0x0000' bus='0x81' slot='0x00' function='0x1'/>\n      </source>\n      ${alias}\n    </hostdev>`;

describe('alias-user-prefix', () => {
  testRule(rule, {
    valid: [
      { name: 'a user alias', devices: disk(`<alias name='ua-disk0'/>`) },
      { name: 'the bare prefix', devices: disk(`<alias name='ua-'/>`) },
      { name: 'no alias', devices: disk('') },
      { name: 'no name and empty name are alias-placement findings', devices: disk(`<alias/>`) },
      { name: 'empty name', devices: disk(`<alias name=''/>`) },
      {
        name: 'bad characters after ua- are alias-charset findings',
        devices: disk(`<alias name='ua-disk.0'/>`),
      },
      { name: 'trailing space is a bad character', devices: disk(`<alias name='ua-x '/>`) },
      { name: 'only the first alias is read', devices: disk(`<alias name='ua-a'/><alias name='net0'/>`) },
      {
        name: 'nested alias is not read',
        devices: `<hub type='usb'><address type='usb'><alias name='hub0'/></address></hub>`,
      },
      {
        name: 'graphics ignores aliases (alias-placement)',
        devices: `<graphics type='vnc'><alias name='video0'/></graphics>`,
      },
      {
        name: 'unknown device element',
        devices: `<pstore backend='acpi-erst'><alias name='pstore0'/></pstore>`,
      },
      {
        name: 'a live dump: its generated names are reported once, by live-dump',
        code: domainXml(disk(`<alias name='virtio-disk0'/>`)).replace(
          `<domain type='kvm'>`,
          `<domain type='kvm' id='7'>`,
        ),
      },
    ],
    invalid: [
      {
        name: 'live dump: virtio-disk0',
        devices: disk(`<alias name='virtio-disk0'/>`),
        errors: [
          { messageId: 'generated', at: `name='virtio-disk0'`, data: { name: 'virtio-disk0', kind: 'disk' } },
        ],
        // A generated name means nothing: the disk gets the deterministic one.
        output: domainXml(disk(`<alias name='ua-disk-vda'/>`)),
      },
      {
        name: 'generated names on several kinds, tab-indented',
        devices: generatedNames,
        errors: [
          { messageId: 'generated', at: `name='net0'`, data: { kind: 'interface' } },
          { messageId: 'generated', at: `name='hostdev0'`, data: { kind: 'hostdev' } },
          { messageId: 'generated', at: `name='scsi0-0-0-1'` },
          { messageId: 'generated', at: `name='pci.0'`, data: { kind: 'controller' } },
        ],
        // The LUN's goes: its volume uuid is not in the XML (see below), so there is no name to give.
        output: edited(
          domainXml(generatedNames),
          [`'net0'`, `'ua-net-0'`],
          [`'hostdev0'`, `'ua-hostdev-0'`],
          [`<alias name='scsi0-0-0-1'/>`, ''],
          [`'pci.0'`, `'ua-controller-pci-0'`],
        ),
      },
      {
        name: 'the prefix is case-sensitive',
        devices: disk(`<alias name='UA-disk0'/>`),
        errors: [
          { messageId: 'wrongCase', at: `name='UA-disk0'`, data: { name: 'UA-disk0', prefix: 'UA-' } },
        ],
        output: domainXml(disk(`<alias name='ua-disk0'/>`)),
      },
      {
        name: 'a name with a bidi override and a tab: shown by their escapes, not printed',
        devices: disk(`<alias name='UA-&#x202e;x&#9;'/>`),
        errors: [
          {
            messageId: 'wrongCase',
            at: `name='UA-&#x202e;`,
            data: { name: 'UA-\\u202ex\\t', prefix: 'UA-' },
          },
        ],
        output: domainXml(disk(`<alias name='ua-x'/>`)),
      },
      {
        name: 'mixed case',
        devices: disk(`<alias name="Ua-x"/>`),
        errors: [{ messageId: 'wrongCase', at: `name="Ua-x"`, data: { prefix: 'Ua-' } }],
        output: domainXml(disk(`<alias name="ua-x"/>`)),
      },
      {
        name: 'leading space (CRLF file)',
        code: domainXml(disk(`<alias name=' ua-x'/>`)).replace(/\n/g, '\r\n'),
        errors: [{ messageId: 'leadingSpace', at: `name=' ua-x'`, data: { name: ' ua-x' } }],
        output: domainXml(disk(`<alias name='ua-x'/>`)).replace(/\n/g, '\r\n'),
      },
      {
        name: 'a leading tab, as a character reference, is whitespace too',
        devices: disk(`<alias name='&#9;ua-x'/>`),
        errors: [{ messageId: 'leadingSpace', at: `name='&#9;ua-x'` }],
        output: domainXml(disk(`<alias name='ua-x'/>`)),
      },
      {
        name: 'no prefix at all',
        devices: disk(`<alias name='mydisk'/>`),
        errors: [{ messageId: 'missingPrefix', at: `name='mydisk'`, data: { name: 'mydisk' } }],
        output: domainXml(disk(`<alias name='ua-mydisk'/>`)),
      },
      {
        name: 'underscore instead of dash',
        devices: disk(`<alias name='ua_disk'/>`),
        errors: [{ messageId: 'missingPrefix', at: `name='ua_disk'` }],
        // The whole name is kept behind the prefix: the repair never guesses at a typo.
        output: domainXml(disk(`<alias name='ua-ua_disk'/>`)),
      },
      {
        name: 'smartcard keeps aliases although the schema rejects them',
        devices: `<smartcard mode='passthrough' type='spicevmc'><alias name='smartcard0'/></smartcard>`,
        errors: [{ messageId: 'generated', at: `name='smartcard0'`, data: { kind: 'smartcard' } }],
        output: domainXml(
          `<smartcard mode='passthrough' type='spicevmc'><alias name='ua-smartcard-0'/></smartcard>`,
        ),
      },
      {
        name: 'a repaired name that is taken gets -2',
        devices: [
          disk(`<alias name='UA-disk0'/>`),
          disk(`<alias name='ua-disk0'/>`).replace('vda', 'vdb'),
        ].join('\n'),
        errors: [{ messageId: 'wrongCase', at: `name='UA-disk0'` }],
        output: domainXml(
          [disk(`<alias name='ua-disk0-2'/>`), disk(`<alias name='ua-disk0'/>`).replace('vda', 'vdb')].join(
            '\n',
          ),
        ),
      },
      {
        // libvirt drops it anyway; alias-required then says why there is no name (below).
        name: 'a LUN with a generated name: removed, no <serial> gives its volume',
        devices: lunDisk(`<alias name='scsi0-0-0-1'/>`),
        errors: [{ messageId: 'generated', at: `name='scsi0-0-0-1'` }],
        output: domainXml(
          lunDisk(`<alias name='scsi0-0-0-1'/>`).replace(`      <alias name='scsi0-0-0-1'/>\n`, ''),
        ),
      },
      {
        name: 'Nova domain: a generated name on an interface whose port is unknown: removed',
        code: novaLiveDump,
        errors: [{ messageId: 'generated', at: `name='hostdev0'`, data: { kind: 'interface' } }],
        output: edited(novaLiveDump, [`      <alias name='hostdev0'/>\n`, '']),
      },
      {
        name: 'Nova domain: a name that only lacks the prefix is still repaired',
        code: novaLiveDump.replace(`'hostdev0'`, `'sriov-a'`),
        errors: [{ messageId: 'missingPrefix', at: `name='sriov-a'` }],
        output: novaLiveDump.replace(`'hostdev0'`, `'ua-sriov-a'`),
      },
    ],
  });

  describe('an alias removed for want of a name: what is left says why, and points to --mapping', () => {
    it('an interface whose port is unknown in a Nova domain', () => {
      const left = leftAfterFix(rule, novaLiveDump);
      expect(left.map((m) => m.ruleId)).toEqual(['alias-required']);
      expect(left[0]!.unfixable).toMatch(/Neutron port .*MAC fa:16:3e:00:00:03.*--mapping/);
    });

    it('a SCSI LUN', () => {
      const left = leftAfterFix(rule, domainXml(lunDisk(`<alias name='scsi0-0-0-1'/>`)));
      expect(left.map((m) => m.ruleId)).toEqual(['alias-required']);
      expect(left[0]!.unfixable).toMatch(/SCSI LUN.*--mapping for target dev sda/);
    });
  });

  describe('fix keeps meaning and never fakes an identity', () => {
    const code = domainXml(pciHostdev(`<alias name='gpu'/>`));
    const errors: ExpectedError[] = [
      { messageId: 'missingPrefix', at: `name='gpu'`, data: { kind: 'hostdev' } },
    ];
    it('no prefix on a host device: findings', () => {
      expectFindings(rule, code, errors);
    });
    it('no prefix on a host device: output', () => {
      expect(fixOnce(rule, code).output).toBe(domainXml(pciHostdev(`<alias name='ua-gpu'/>`)));
    });
  });
});
