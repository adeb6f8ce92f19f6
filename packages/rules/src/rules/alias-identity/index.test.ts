import { describe } from 'vitest';
import { domainXml, testRule } from '../../testing/rule-tester.js';
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
      },
      {
        name: 'alias of another volume (CRLF)',
        code: domainXml(volumeDisk(VOL, `<alias name='ua-${OTHER_PORT}'/>`)).replace(/\n/g, '\r\n'),
        errors: [{ messageId: 'volume', at: `name='ua-${OTHER_PORT}'`, data: { expected: `ua-${VOL}` } }],
      },
      {
        name: 'SCSI LUN that still has a uuid serial',
        devices: `\t<disk type='block' device='lun'>\n\t\t<source dev='/dev/sdx'/>\n\t\t<target dev='sda' bus='scsi'/>\n\t\t<serial>${VOL}</serial>\n\t\t<alias name='ua-lun'/>\n\t</disk>`,
        errors: [{ messageId: 'volume', at: `name='ua-lun'`, data: { expected: `ua-${VOL}` } }],
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
      },
      {
        name: 'vhostuser socket name',
        code: domainXml(
          `    <interface type='vhostuser'>\n      <source type='unix' path='/var/run/openvswitch/vhu${PORT.slice(0, 11)}' mode='server'/>\n      <alias name='ua-vhu'/>\n    </interface>`,
          novaPorts(PORT),
        ),
        errors: [{ messageId: 'port', at: `name='ua-vhu'`, data: { expected: `ua-${PORT}` } }],
      },
    ],
  });
});
