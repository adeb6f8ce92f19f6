import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../config/resolve.js';
import { lintText } from '../../linter.js';
import { domainXml, expectFindings, fixOnce, testRule } from '../../testing/rule-tester.js';
import rule from './index.js';

const VOL = '3e6a4c4e-7d1b-4b7e-9d7a-0f6f5e4d3c2b';
const PORT = '9b1c2d3e-4f50-4a6b-8c7d-e8f9a0b1c2d3';
const OTHER_PORT = '0a1b2c3d-4e5f-4a6b-8c7d-000000000001';

const volumeDisk = (serial: string, alias: string) =>
  `    <disk type='network' device='disk'>\n      <source protocol='rbd' name='volumes/volume-${VOL}'/>\n      <target dev='vdb' bus='virtio'/>\n      <serial>${serial}</serial>\n      ${alias}\n    </disk>`;
const ovsInterface = (alias: string) =>
  `    <interface type='bridge'>\n      <mac address='fa:16:3e:00:00:01'/>\n      <source bridge='br-int'/>\n      <virtualport type='openvswitch'>\n        <parameters interfaceid='${PORT}'/>\n      </virtualport>\n      ${alias}\n    </interface>`;
const tapInterface = (alias: string) =>
  `    <interface type='ethernet'>\n      <mac address='fa:16:3e:00:00:02'/>\n      <target dev='tap${PORT.slice(0, 11)}'/>\n      ${alias}\n    </interface>`;
const novaPorts = (...uuids: string[]) =>
  `  <metadata>\n    <nova:instance xmlns:nova="http://openstack.org/xmlns/libvirt/nova/1.1">\n      <nova:ports>\n${uuids
    .map((u) => `        <nova:port uuid="${u}"/>\n`)
    .join('')}      </nova:ports>\n    </nova:instance>\n  </metadata>\n`;
const lunLiveDump = `\t<disk type='block' device='lun'>\n\t\t<source dev='/dev/sdx'/>\n\t\t<target dev='sda' bus='scsi'/>\n\t\t<serial>${VOL}</serial>\n\t\t<alias name='ua-lun'/>\n\t</disk>`;
const vhostUser = (alias: string) =>
  `    <interface type='vhostuser'>\n      <source type='unix' path='/var/run/openvswitch/vhu${PORT.slice(0, 11)}' mode='server'/>\n      ${alias}\n    </interface>`;
/** A second disk on the same volume (a copied serial): only one of them can be `ua-<volume>`. */
const sameVolume = (first: string) =>
  domainXml(
    [
      volumeDisk(VOL, `<alias name='${first}'/>`),
      volumeDisk(VOL, `<alias name='ua-${VOL}'/>`).replace('vdb', 'vdc'),
    ].join('\n'),
  );
const portlessNova = domainXml(
  `    <interface type='hostdev'>\n      <mac address='fa:16:3e:00:00:03'/>\n      <alias name='ua-vf'/>\n    </interface>\n    <disk type='block' device='lun'>\n      <target dev='sda' bus='scsi'/>\n      <alias name='ua-lun'/>\n    </disk>`,
  novaPorts(PORT),
);

/** `text` with `from`, which must occur exactly once, replaced: the fix changed nothing else. */
function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`"${from}" must occur exactly once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

describe('alias-identity', () => {
  testRule(rule, {
    valid: [
      { name: 'volume disk aliased by its volume', devices: volumeDisk(VOL, `<alias name='ua-${VOL}'/>`) },
      {
        name: 'the uuid part compares case-insensitively',
        devices: volumeDisk(VOL.toUpperCase(), `<alias name='ua-${VOL.toUpperCase()}'/>`),
      },
      {
        name: 'a volume known only from its source name is a heuristic: not checked',
        devices: volumeDisk('not-a-uuid', `<alias name='ua-data'/>`),
      },
      {
        name: 'a local disk has no identifier to match',
        devices: `    <disk type='file' device='disk'><source file='/a'/><target dev='vda'/><alias name='ua-root'/></disk>`,
      },
      { name: 'no alias is alias-required’s finding', devices: volumeDisk(VOL, '') },
      {
        name: 'a dropped alias is another rule’s finding',
        devices: volumeDisk(VOL, `<alias name='virtio-disk1'/>`),
      },
      { name: 'interface aliased by its port', devices: ovsInterface(`<alias name='ua-${PORT}'/>`) },
      {
        name: 'interface matched through its tap name',
        code: domainXml(tapInterface(`<alias name='ua-${PORT}'/>`), novaPorts(PORT, OTHER_PORT)),
      },
      {
        name: 'a tap name without nova metadata determines no port',
        devices: tapInterface(`<alias name='ua-net-a'/>`),
      },
      {
        name: 'a tap prefix matching two ports determines no port',
        code: domainXml(
          tapInterface(`<alias name='ua-net-a'/>`),
          novaPorts(PORT, `${PORT.slice(0, 11)}ff-4a6b-8c7d-ffffffffffff`),
        ),
      },
      {
        name: 'SR-IOV interfaces have no port in the XML',
        devices: `    <interface type='hostdev'><mac address='fa:16:3e:00:00:03'/><alias name='ua-vf'/></interface>`,
      },
      {
        name: 'Nova domain: a port-less interface and a serial-less LUN have no identity to check',
        code: portlessNova,
      },
    ],
    invalid: [
      {
        name: 'volume disk with another alias',
        devices: volumeDisk(VOL, `<alias name='ua-data'/>`),
        errors: [
          {
            messageId: 'volume',
            at: `name='ua-data'`,
            data: { name: 'ua-data', expected: `ua-${VOL}`, uuid: VOL },
          },
        ],
        output: domainXml(volumeDisk(VOL, `<alias name='ua-${VOL}'/>`)),
      },
      {
        name: 'alias of another volume (CRLF)',
        code: domainXml(volumeDisk(VOL, `<alias name='ua-${OTHER_PORT}'/>`)).replace(/\n/g, '\r\n'),
        errors: [{ messageId: 'volume', at: `name='ua-${OTHER_PORT}'`, data: { expected: `ua-${VOL}` } }],
        output: domainXml(volumeDisk(VOL, `<alias name='ua-${VOL}'/>`)).replace(/\n/g, '\r\n'),
      },
      {
        name: 'SCSI LUN that still has a uuid serial',
        devices: lunLiveDump,
        errors: [{ messageId: 'volume', at: `name='ua-lun'`, data: { expected: `ua-${VOL}` } }],
        output: replaceOnce(domainXml(lunLiveDump), `'ua-lun'`, `'ua-${VOL}'`),
      },
      {
        name: 'interface with the port from virtualport',
        devices: ovsInterface(`<alias name='ua-net0'/>`),
        errors: [
          {
            messageId: 'port',
            at: `name='ua-net0'`,
            data: { name: 'ua-net0', expected: `ua-${PORT}`, source: 'virtualport> interfaceid' },
          },
        ],
        output: domainXml(ovsInterface(`<alias name='ua-${PORT}'/>`)),
      },
      {
        name: 'interface with the port from its tap name and nova:port',
        code: domainXml(tapInterface(`<alias name='ua-${OTHER_PORT}'/>`), novaPorts(OTHER_PORT, PORT)),
        errors: [
          {
            messageId: 'port',
            at: `name='ua-${OTHER_PORT}'`,
            data: { expected: `ua-${PORT}`, source: 'device name prefix matched against the nova:port' },
          },
        ],
        output: domainXml(tapInterface(`<alias name='ua-${PORT}'/>`), novaPorts(OTHER_PORT, PORT)),
      },
      {
        name: 'vhostuser socket name',
        code: domainXml(vhostUser(`<alias name='ua-vhu'/>`), novaPorts(PORT)),
        errors: [{ messageId: 'port', at: `name='ua-vhu'`, data: { expected: `ua-${PORT}` } }],
        output: domainXml(vhostUser(`<alias name='ua-${PORT}'/>`), novaPorts(PORT)),
      },
      {
        name: 'the right name is held by another disk on the same volume: unfixable',
        code: sameVolume(`ua-${VOL}-2`),
        errors: [{ messageId: 'volume', at: `name='ua-${VOL}-2'`, data: { expected: `ua-${VOL}` } }],
      },
    ],
  });

  describe('unfixable findings say why', () => {
    const findings = (text: string) =>
      lintText(text, resolveConfig()).messages.filter((m) => m.ruleId === rule.id);

    it('a port-less interface or a serial-less LUN draws no alias-identity finding to be unfixable', () => {
      // Their "unknown volume/port, give it in --mapping" findings are alias-required's and the
      // prefix rules': alias-identity reports only a device whose volume or port is known, and
      // so can always name it.
      expect(findings(portlessNova)).toEqual([]);
    });

    it('another disk on the same volume holds the right name: no --mapping can help', () => {
      const [m, ...rest] = findings(sameVolume(`ua-${VOL}-2`));
      expect(rest).toEqual([]);
      expect(m).toBeDefined();
      expect(m).not.toHaveProperty('fix');
      expect(m!.unfixable).toMatch(/another device keeps "ua-3e6a4c4e-7d1b-4b7e-9d7a-0f6f5e4d3c2b"/);
      expect(m!.unfixable).not.toMatch(/--mapping/);
    });
  });

  describe('fix keeps meaning and never fakes an identity', () => {
    const errors = [{ messageId: 'volume', at: `name='ua-data'`, data: { expected: `ua-${VOL}` } }];
    it('the right name is held by another disk on the same volume, from a meaningful alias: findings', () => {
      expectFindings(rule, sameVolume('ua-data'), errors);
    });
    it('the right name is held by another disk on the same volume, from a meaningful alias: no fix', () => {
      const { messages, output } = fixOnce(rule, sameVolume('ua-data'));
      expect(output).toBe(sameVolume('ua-data'));
      const [m] = messages;
      expect(m).not.toHaveProperty('fix');
      expect(m!.unfixable).toMatch(/another device keeps .*two devices claim this volume/);
    });
  });

  describe('a PCI hostdev mapped to a direct-physical port is checked like a port', () => {
    const INSTANCE = 'c0ffee00-0000-4000-8000-000000000001';
    const hostdev = (alias: string) =>
      `    <hostdev mode='subsystem' type='pci' managed='yes'>\n      <source>\n        <address domain='0x0000' bus='0x81' slot='0x00' function='0x1'/>\n      </source>\n      ${alias}\n    </hostdev>`;
    const text = (alias: string) => domainXml(hostdev(alias), `  <uuid>${INSTANCE}</uuid>\n`);
    const settings = {
      mappingFor: (uuid: string) =>
        uuid === INSTANCE
          ? { disks: new Map(), interfaces: new Map(), hostdevs: new Map([['0000:81:00.1', PORT]]) }
          : undefined,
    };
    const findings = (xml: string, withMapping = true) =>
      lintText(xml, resolveConfig(), withMapping ? { settings } : {}).messages.filter(
        (m) => m.ruleId === rule.id,
      );

    it('another alias is reported, with a fix to ua-<port uuid>', () => {
      const xml = text(`<alias name='ua-hostdev-pci-0000-81-00-1'/>`);
      const [m, ...rest] = findings(xml);
      expect(rest).toEqual([]);
      expect(m?.messageId).toBe('hostdevPort');
      expect(m?.message).toContain(
        `this host device does not name its Neutron port: the --mapping file gives port ${PORT}`,
      );
      expect(m?.message).toContain(`should be "ua-${PORT}"`);
      expect(m?.fix).toBeDefined();
      expect(findings(text(`<alias name='ua-${PORT.toUpperCase()}'/>`))).toEqual([]);
    });

    it('without the mapping, a hostdev has no identity to check', () => {
      expect(findings(text(`<alias name='ua-hostdev-pci-0000-81-00-1'/>`), false)).toEqual([]);
    });
  });
});
