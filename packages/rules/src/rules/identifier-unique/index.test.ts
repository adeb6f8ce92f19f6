import { describe } from 'vitest';
import { domainXml, testRule } from '../../testing/rule-tester.js';
import rule from './index.js';

const disk = (dev: string, inner: string) =>
  `    <disk type='block' device='disk'>\n      <source dev='/dev/${dev}'/>\n      <target dev='${dev}'/>\n      ${inner}\n    </disk>`;
const iface = (mac: string, alias = '') =>
  `    <interface type='network'>\n      <mac address='${mac}'/>\n      <source network='default'/>${alias}\n    </interface>`;

describe('identifier-unique', () => {
  testRule(rule, {
    valid: [
      {
        name: 'distinct serials, WWNs and MACs',
        devices: [
          disk('vda', `<serial>s1</serial><wwn>5000c50015ea71ac</wwn>`),
          disk('vdb', `<serial>s2</serial><wwn>5000c50015ea71ad</wwn>`),
          iface('52:54:00:00:00:01'),
          iface('52:54:00:00:00:02'),
        ].join('\n'),
      },
      {
        name: 'serials compare case-sensitively',
        devices: [disk('vda', `<serial>abc</serial>`), disk('vdb', `<serial>ABC</serial>`)].join('\n'),
      },
      { name: 'disks without identifiers', devices: [disk('vda', ''), disk('vdb', '')].join('\n') },
      {
        name: 'a serial and a WWN with the same text are different identifiers',
        devices: [
          disk('vda', `<serial>5000c50015ea71ac</serial>`),
          disk('vdb', `<wwn>5000c50015ea71ac</wwn>`),
        ].join('\n'),
      },
      {
        name: 'the two halves of a failover pair share their MAC by design',
        devices: [
          `    <interface type='bridge'><mac address='52:54:00:00:00:01'/><teaming type='persistent'/><alias name='ua-n0'/></interface>`,
          `    <interface type='hostdev'><mac address='52:54:00:00:00:01'/><teaming type='transient' persistent='ua-n0'/></interface>`,
        ].join('\n'),
      },
      {
        name: 'a <serial> device is not a disk serial',
        devices: `    <serial type='pty'><target port='0'/></serial>\n    <serial type='pty'><target port='1'/></serial>`,
      },
    ],
    invalid: [
      {
        name: 'two disks with one serial (surrounding whitespace does not count)',
        devices: [disk('vda', `<serial>vol-1</serial>`), disk('vdb', `<serial> vol-1 </serial>`)].join('\n'),
        errors: [{ messageId: 'duplicateSerial', at: '<serial> vol-1', data: { value: 'vol-1', line: 4 } }],
      },
      {
        name: 'three disks with one serial: each later one against the first (CRLF)',
        code: domainXml(
          [
            disk('vda', `<serial>s</serial>`),
            disk('vdb', `<serial >s</serial>`),
            disk('vdc', `<serial  >s</serial>`),
          ].join('\n'),
        ).replace(/\n/g, '\r\n'),
        errors: [
          { messageId: 'duplicateSerial', at: '<serial >', data: { line: 4 } },
          { messageId: 'duplicateSerial', at: '<serial  >', data: { line: 4 } },
        ],
      },
      {
        name: 'two disks with one WWN, case-insensitively',
        devices: [
          disk('vda', `<wwn>5000C50015EA71AC</wwn>`),
          disk('vdb', `<wwn>5000c50015ea71ac</wwn>`),
        ].join('\n'),
        errors: [
          { messageId: 'duplicateWwn', at: '<wwn>5000c', data: { value: '5000c50015ea71ac', line: 4 } },
        ],
      },
      {
        name: 'serial and WWN both repeated: two findings',
        devices: [
          disk('vda', `<serial>s</serial><wwn>5000c50015ea71ac</wwn>`),
          disk('vdb', `<serial>s</serial> <wwn>5000c50015ea71ac</wwn>`),
        ].join('\n'),
        errors: [
          { messageId: 'duplicateSerial', at: `<serial>s</serial> <wwn>` },
          { messageId: 'duplicateWwn', at: '<wwn>' },
        ],
      },
      {
        name: 'two interfaces with one MAC, case-insensitively; tab-indented',
        devices: [
          iface('FA:16:3E:00:00:01', `<alias name='ua-a'/>`),
          iface('fa:16:3e:00:00:01', `<alias name='ua-b'/>`),
        ]
          .join('\n')
          .replace(/ {2}/g, '\t'),
        errors: [
          {
            messageId: 'duplicateMac',
            at: `<mac address='fa:16`,
            data: { value: 'fa:16:3e:00:00:01', line: 4 },
          },
        ],
      },
      {
        name: 'a third interface with the MAC of a failover pair',
        devices: [
          `    <interface type='bridge'><mac address='52:54:00:00:00:01'/><teaming type='persistent'/></interface>`,
          `    <interface type='hostdev'><mac address='52:54:00:00:00:01'/><teaming type='transient'/></interface>`,
          `    <interface type='network'><mac address="52:54:00:00:00:01"/></interface>`,
        ].join('\n'),
        errors: [{ messageId: 'duplicateMac', at: `<mac address="52`, data: { line: 4 } }],
      },
    ],
  });
});
