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
/** A Nova guest whose SR-IOV port is named nowhere in the XML. */
const novaInterface = (alias: string) =>
  domainXml(
    `    <interface type='hostdev'>\n      <mac address='fa:16:3e:00:00:03'/>\n      ${alias}\n    </interface>`,
    `  <metadata>\n    <nova:instance xmlns:nova="http://openstack.org/xmlns/libvirt/nova/1.1">\n      <nova:ports>\n        <nova:port uuid="${PORT}"/>\n      </nova:ports>\n    </nova:instance>\n  </metadata>\n`,
  );

const pciHostdev = (alias: string) =>
  `    <hostdev mode='subsystem' type='pci' managed='yes'>\n      <source>\n        <address domain='0x0000' bus='0x81' slot='0x00' function='0x1'/>\n      </source>\n      ${alias}\n    </hostdev>`;

describe('alias-charset', () => {
  testRule(rule, {
    valid: [
      { name: 'letters, digits, - and _', devices: disk(`<alias name='ua-Disk_0-a'/>`) },
      { name: 'the bare prefix', devices: disk(`<alias name='ua-'/>`) },
      { name: 'no alias', devices: disk('') },
      { name: 'no ua- prefix is another rule', devices: disk(`<alias name='disk.0'/>`) },
      {
        name: 'graphics takes no alias (another rule)',
        devices: `<graphics type='vnc'><alias name='ua-g.0'/></graphics>`,
      },
      { name: 'unknown device element', devices: `<crypto model='virtio'><alias name='ua-c.0'/></crypto>` },
    ],
    invalid: [
      {
        name: 'a dot',
        devices: disk(`<alias name='ua-disk.0'/>`),
        errors: [{ messageId: 'badCharacters', at: `name='ua-disk.0'`, data: { characters: '"."' } }],
        output: domainXml(disk(`<alias name='ua-disk-0'/>`)),
      },
      {
        name: 'colon and non-ASCII, each named once',
        devices: disk(`<alias name="ua-d:ï:sk"/>`),
        errors: [{ messageId: 'badCharacters', at: `name="ua-d`, data: { characters: '":", "ï"' } }],
        // A run of bad characters becomes one dash; the file's quotes stay.
        output: domainXml(disk(`<alias name="ua-d-sk"/>`)),
      },
      {
        name: 'an entity-encoded space is still a space',
        devices: disk(`<alias name='ua-a&#32;b'/>`),
        errors: [{ messageId: 'badCharacters', at: `name='ua-a`, data: { characters: '" "' } }],
        output: domainXml(disk(`<alias name='ua-a-b'/>`)),
      },
      {
        name: 'a character that prints as nothing, or reorders the line, is shown by its code',
        devices: disk(`<alias name='ua-a&#x200b;b&#xa0;c&#x202e;d&#x301;&#10;'/>`),
        errors: [
          {
            messageId: 'badCharacters',
            at: `name='ua-a`,
            data: {
              name: 'ua-a\\u200bb\\u00a0c\\u202ed\\u0301\\n',
              characters: '"\\u200b", "\\u00a0", "\\u202e", "\\u0301", "\\n"',
            },
          },
        ],
        output: domainXml(disk(`<alias name='ua-a-b-c-d'/>`)),
      },
      {
        name: 'a repaired name that is taken gets -2, in document order',
        devices: [
          disk(`<alias name='ua-disk.0'/>`),
          disk(`<alias name='ua-disk-0'/>`).replace('vda', 'vdb'),
          disk(`<alias name='ua-disk_0.'/>`).replace('vda', 'vdc'),
          disk(`<alias name='ua-disk:0'/>`).replace('vda', 'vdd'),
        ].join('\n'),
        errors: [
          { messageId: 'badCharacters', at: `name='ua-disk.0'` },
          { messageId: 'badCharacters', at: `name='ua-disk_0.'` },
          { messageId: 'badCharacters', at: `name='ua-disk:0'` },
        ],
        output: domainXml(
          [
            disk(`<alias name='ua-disk-0-2'/>`),
            disk(`<alias name='ua-disk-0'/>`).replace('vda', 'vdb'),
            disk(`<alias name='ua-disk_0'/>`).replace('vda', 'vdc'),
            disk(`<alias name='ua-disk-0-3'/>`).replace('vda', 'vdd'),
          ].join('\n'),
        ),
      },
      {
        name: 'a volume disk gets its volume alias, not a repair of the bad one',
        devices: `    <disk type='network' device='disk'>\n      <target dev='vdb'/>\n      <serial>3e6a4c4e-7d1b-4b7e-9d7a-0f6f5e4d3c2b</serial>\n      <alias name='ua-data.1'/>\n    </disk>`,
        errors: [{ messageId: 'badCharacters', at: `name='ua-data.1'` }],
        output: domainXml(
          `    <disk type='network' device='disk'>\n      <target dev='vdb'/>\n      <serial>3e6a4c4e-7d1b-4b7e-9d7a-0f6f5e4d3c2b</serial>\n      <alias name='ua-3e6a4c4e-7d1b-4b7e-9d7a-0f6f5e4d3c2b'/>\n    </disk>`,
        ),
      },
      {
        name: 'Nova domain: a meaningful name on a port-less interface is repaired',
        code: novaInterface(`<alias name='ua-sriov.1'/>`),
        errors: [{ messageId: 'badCharacters', at: `name='ua-sriov.1'` }],
        output: novaInterface(`<alias name='ua-sriov-1'/>`),
      },
      {
        // libvirt drops it anyway; alias-required then says why there is no name (below).
        name: 'Nova domain: nothing left to repair on a port-less interface: removed',
        code: novaInterface(`<alias name='ua-..'/>`),
        errors: [{ messageId: 'badCharacters', at: `name='ua-..'` }],
        output: novaInterface(`<alias name='ua-..'/>`).replace(`      <alias name='ua-..'/>\n`, ''),
      },
      {
        name: 'a LUN whose alias has nothing left to repair: removed',
        devices: lunDisk(`<alias name='ua-ü'/>`),
        errors: [{ messageId: 'badCharacters', at: `name='ua-ü'` }],
        output: domainXml(lunDisk(`<alias name='ua-ü'/>`).replace(`      <alias name='ua-ü'/>\n`, '')),
      },
    ],
  });

  describe('an alias removed for want of a name: what is left says why, and points to --mapping', () => {
    it('an interface whose port is unknown in a Nova domain', () => {
      const left = leftAfterFix(rule, novaInterface(`<alias name='ua-..'/>`));
      expect(left.map((m) => m.ruleId)).toEqual(['alias-required']);
      expect(left[0]!.unfixable).toMatch(/Neutron port .*MAC fa:16:3e:00:00:03.*--mapping/);
    });

    it('a SCSI LUN', () => {
      const left = leftAfterFix(rule, domainXml(lunDisk(`<alias name='ua-ü'/>`)));
      expect(left.map((m) => m.ruleId)).toEqual(['alias-required']);
      expect(left[0]!.unfixable).toMatch(/SCSI LUN.*--mapping for target dev sda/);
    });
  });

  describe('fix keeps meaning and never fakes an identity', () => {
    const code = domainXml(pciHostdev(`<alias name='ua-gpu.0'/>`));
    const errors: ExpectedError[] = [
      { messageId: 'badCharacters', at: `name='ua-gpu.0'`, data: { kind: 'hostdev' } },
    ];
    it("a dot in a host device's alias: findings", () => {
      expectFindings(rule, code, errors);
    });
    it("a dot in a host device's alias: output", () => {
      expect(fixOnce(rule, code).output).toBe(domainXml(pciHostdev(`<alias name='ua-gpu-0'/>`)));
    });
  });
});
