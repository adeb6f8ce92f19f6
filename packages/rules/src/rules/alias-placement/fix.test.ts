/** What alias-placement's fixes do, one pass each (index.test.ts holds the findings). */
import { describe } from 'vitest';
import { domainXml, testRule } from '../../testing/rule-tester.js';
import rule from './index.js';

const VOL = '3e6a8f2b-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const disk = (inner: string) =>
  `    <disk type='file' device='disk'>\n      <source file='/a'/>\n      <target dev='vda'/>\n${inner}    </disk>`;

describe('alias-placement fixes', () => {
  testRule(rule, {
    valid: [],
    invalid: [
      {
        name: 'a nested alias beside a direct one is removed, with its line',
        devices: disk(
          `      <driver name='qemu'>\n        <alias name='ua-d'/>\n      </driver>\n      <alias name='ua-a'/>\n`,
        ),
        errors: [{ messageId: 'nested', at: `<alias name='ua-d'/>` }],
        output: domainXml(disk(`      <driver name='qemu'>\n      </driver>\n      <alias name='ua-a'/>\n`)),
      },
      {
        name: "a generated name moved up is replaced by the device's name; a volume's by the volume's",
        devices: [
          disk(`      <driver name='qemu'><alias name='virtio-disk0'/></driver>\n`),
          disk(
            `      <serial>${VOL}</serial>\n      <driver name='qemu'><alias name='ua-data'/></driver>\n`,
          ).replace('vda', 'vdb'),
        ].join('\n'),
        errors: [
          { messageId: 'nested', at: `<alias name='virtio-disk0'/>` },
          { messageId: 'nested', at: `<alias name='ua-data'/>` },
        ],
        output: domainXml(
          [
            disk(`      <driver name='qemu'></driver>\n      <alias name='ua-disk-vda'/>\n`),
            disk(
              `      <serial>${VOL}</serial>\n      <driver name='qemu'></driver>\n      <alias name='ua-${VOL}'/>\n`,
            ).replace('vda', 'vdb'),
          ].join('\n'),
        ),
      },
      {
        name: 'a nested alias never takes a name libvirt reads elsewhere',
        devices: [
          disk(`      <alias name='ua-x'/>\n`),
          disk(`      <driver name='qemu'><alias name='ua-x'/></driver>\n`).replace('vda', 'vdb'),
        ].join('\n'),
        errors: [{ messageId: 'nested', at: `<alias name='ua-x'/></driver>` }],
        output: domainXml(
          [
            disk(`      <alias name='ua-x'/>\n`),
            disk(`      <driver name='qemu'></driver>\n      <alias name='ua-x-2'/>\n`).replace('vda', 'vdb'),
          ].join('\n'),
        ),
      },
      {
        name: "placeholders for no device: model='none' USB controller and memballoon",
        devices: `    <controller type='usb' index='0' model='none'>\n      <alias name='ua-usb'/>\n    </controller>\n    <memballoon model='none'><alias name='ua-b'/></memballoon>`,
        errors: [
          { messageId: 'ignoredDevice', at: `<alias name='ua-usb'/>`, data: { kind: 'controller' } },
          { messageId: 'ignoredDevice', at: `<alias name='ua-b'/>`, data: { kind: 'memballoon' } },
        ],
        output: domainXml(
          `    <controller type='usb' index='0' model='none'>\n    </controller>\n    <memballoon model='none'></memballoon>`,
        ),
      },
    ],
  });
});
