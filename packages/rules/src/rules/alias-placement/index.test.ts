import { describe } from 'vitest';
import { domainXml, testRule } from '../../testing/rule-tester.js';
import rule from './index.js';

const disk = (inner: string) =>
  `    <disk type='file' device='disk'>\n      <source file='/a'/>\n      <target dev='vda'/>\n      ${inner}\n    </disk>`;
const serial = (alias: string) => `    <serial type='pty'><target port='0'/>${alias}</serial>`;
const console = (target: string, alias: string) => `    <console type='pty'>${target}${alias}</console>`;

describe('alias-placement', () => {
  testRule(rule, {
    valid: [
      { name: 'one direct alias', devices: disk(`<alias name='ua-a'/>`) },
      { name: 'no alias', devices: disk('') },
      { name: 'dropped names are other rules’ findings', devices: disk(`<alias name='net0'/>`) },
      { name: 'a bad character is alias-charset’s', devices: disk(`<alias name='ua-a.b'/>`) },
      {
        name: 'smartcard and nvram keep their aliases',
        devices: `    <smartcard mode='passthrough' type='spicevmc'><alias name='ua-sc'/></smartcard>\n    <nvram><alias name='ua-nv'/></nvram>`,
      },
      {
        name: 'unknown device elements are left alone',
        devices: `    <crypto model='virtio'><alias name='ua-c'/><backend><alias name='ua-d'/></backend></crypto>`,
      },
      {
        name: 'console[0] with the same alias as serial[0]',
        devices: [
          serial(`<alias name='ua-s'/>`),
          console(`<target type='serial'/>`, `<alias name='ua-s'/>`),
        ].join('\n'),
      },
      {
        name: 'console[0] without a <serial> becomes serial[0] and keeps its alias',
        devices: console(`<target type='serial'/>`, `<alias name='ua-c'/>`),
      },
      {
        name: 'a virtio console keeps its own alias',
        devices: [
          serial(`<alias name='ua-s'/>`),
          console(`<target type='virtio'/>`, `<alias name='ua-c'/>`),
        ].join('\n'),
      },
      {
        name: 'console[1] keeps its own alias',
        devices: [
          serial(`<alias name='ua-s'/>`),
          console(`<target type='serial'/>`, `<alias name='ua-s'/>`),
          console(`<target type='serial'/>`, `<alias name='ua-c1'/>`),
        ].join('\n'),
      },
      {
        name: 'Xen PV: libvirt keeps a serial console as written',
        code: `<domain type='xen'>\n  <name>pv</name>\n  <os>\n    <type arch='i686'>xen</type>\n  </os>\n  <devices>\n${[
          serial(`<alias name='ua-s'/>`),
          console(`<target type='serial'/>`, `<alias name='ua-c'/>`),
        ].join('\n')}\n  </devices>\n</domain>\n`,
      },
      {
        name: 'console[0] with a dropped alias is another rule’s finding',
        devices: [serial(`<alias name='ua-s'/>`), console('', `<alias name='console0'/>`)].join('\n'),
      },
    ],
    invalid: [
      {
        name: 'nested one level too deep',
        devices: disk(`<source file='/b'><alias name='ua-n'/></source>`),
        errors: [
          { messageId: 'nested', at: `<alias name='ua-n'/>`, data: { parent: 'source', kind: 'disk' } },
        ],
        // The disk has no direct alias: the nested one is what its author meant, moved up.
        output: domainXml(disk(`<source file='/b'></source>\n      <alias name='ua-n'/>`)),
      },
      {
        name: 'nested deeper, tab-indented',
        devices: `\t<hostdev mode='subsystem' type='pci'>\n\t\t<source>\n\t\t\t<address domain='0' bus='1' slot='0' function='0'>\n\t\t\t\t<alias name='ua-h'/>\n\t\t\t</address>\n\t\t</source>\n\t</hostdev>`,
        errors: [{ messageId: 'nested', at: '<alias', data: { parent: 'address', kind: 'hostdev' } }],
        output: domainXml(
          `\t<hostdev mode='subsystem' type='pci'>\n\t\t<source>\n\t\t\t<address domain='0' bus='1' slot='0' function='0'>\n\t\t\t</address>\n\t\t</source>\n\t\t<alias name='ua-h'/>\n\t</hostdev>`,
        ),
      },
      {
        name: 'an alias inside the alias',
        devices: disk(`<alias name='ua-a'><alias name='ua-b'/></alias>`),
        errors: [{ messageId: 'nested', at: `<alias name='ua-b'/>`, data: { parent: 'alias' } }],
        output: domainXml(disk(`<alias name='ua-a'></alias>`)),
      },
      {
        name: 'second and third direct aliases',
        devices: disk(`<alias name='ua-a'/><alias name='ua-b'/>\n      <alias/>`),
        errors: [
          { messageId: 'extra', at: `<alias name='ua-b'/>`, data: { number: 2, kind: 'disk' } },
          { messageId: 'extra', at: `<alias/>`, data: { number: 3 } },
        ],
        // Removed: the second shares its line (its bytes go), the third stands alone (its line goes).
        output: domainXml(disk(`<alias name='ua-a'/>`)),
      },
      {
        name: 'no name attribute: fix gives it the planned name',
        devices: disk(`<alias/>`),
        errors: [{ messageId: 'missingName', at: '<alias/>', data: { kind: 'disk' } }],
        output: domainXml(disk(`<alias name='ua-disk-vda'/>`)),
      },
      {
        name: 'an empty name (CRLF), then a second alias',
        code: domainXml(disk(`<alias name=''/>\n      <alias name='ua-a'/>`)).replace(/\n/g, '\r\n'),
        errors: [
          { messageId: 'emptyName', at: `<alias name=''/>` },
          { messageId: 'extra', at: `<alias name='ua-a'/>`, data: { number: 2 } },
        ],
        output: domainXml(disk(`<alias name='ua-disk-vda'/>`)).replace(/\n/g, '\r\n'),
      },
      {
        name: 'devices that ignore aliases: each alias once',
        devices: [
          `    <graphics type='vnc'><alias name='ua-g'/><alias/></graphics>`,
          `    <audio id='1' type='none'><alias name=''/></audio>`,
          `    <redirfilter><alias name='ua-r'/><usbdev allow='yes'><alias name='ua-n'/></usbdev></redirfilter>`,
        ].join('\n'),
        errors: [
          { messageId: 'ignoredDevice', at: `<alias name='ua-g'/>`, data: { kind: 'graphics' } },
          { messageId: 'ignoredDevice', at: `<alias/>`, data: { kind: 'graphics' } },
          { messageId: 'ignoredDevice', at: `<alias name=''/>`, data: { kind: 'audio' } },
          { messageId: 'ignoredDevice', at: `<alias name='ua-r'/>`, data: { kind: 'redirfilter' } },
          {
            messageId: 'nested',
            at: `<alias name='ua-n'/>`,
            data: { parent: 'usbdev', kind: 'redirfilter' },
          },
        ],
        // All removed; the graphics' second alias touches the first, so it waits for the next pass.
        output: domainXml(
          [
            `    <graphics type='vnc'><alias/></graphics>`,
            `    <audio id='1' type='none'></audio>`,
            `    <redirfilter><usbdev allow='yes'></usbdev></redirfilter>`,
          ].join('\n'),
        ),
      },
      {
        name: "console[0] whose alias differs from serial[0]'s",
        devices: [
          serial(`<alias name='ua-s'/>`),
          console(`<target type='serial' port='0'/>`, `<alias name='ua-c'/>`),
        ].join('\n'),
        errors: [
          {
            messageId: 'consoleMirrorsSerial',
            at: `<alias name='ua-c'/>`,
            data: { name: 'ua-c', serialAlias: '"ua-s"' },
          },
        ],
        // What libvirt writes back anyway: serial[0]'s alias.
        output: domainXml(
          [
            serial(`<alias name='ua-s'/>`),
            console(`<target type='serial' port='0'/>`, `<alias name='ua-s'/>`),
          ].join('\n'),
        ),
      },
      {
        name: 'console[0] without a target while serial[0] has no alias',
        devices: [serial(''), console('', `<alias name='ua-c'/>`)].join('\n'),
        errors: [
          { messageId: 'consoleMirrorsSerial', at: `<alias name='ua-c'/>`, data: { serialAlias: 'none' } },
        ],
        // serial[0] takes the console's alias, which libvirt then writes back on both.
        output: domainXml([serial(`<alias name='ua-c'/>`), console('', `<alias name='ua-c'/>`)].join('\n')),
      },
      {
        name: "serial[0]'s dropped alias is no alias; its repair names both",
        devices: [serial(`<alias name='ua-s.0'/>`), console('', `<alias name='ua-c'/>`)].join('\n'),
        errors: [
          { messageId: 'consoleMirrorsSerial', at: `<alias name='ua-c'/>`, data: { serialAlias: 'none' } },
        ],
        output: domainXml(
          [serial(`<alias name='ua-s-0'/>`), console('', `<alias name='ua-s-0'/>`)].join('\n'),
        ),
      },
      {
        name: 'a pci-serial serial[0] gets no console of libvirt, but a serial console still mirrors it',
        devices: [
          `    <serial type='pty'><target type='pci-serial' port='0'/><alias name='ua-s'/></serial>`,
          console(`<target type='serial'/>`, `<alias name='ua-c'/>`),
        ].join('\n'),
        errors: [
          { messageId: 'consoleMirrorsSerial', at: `<alias name='ua-c'/>`, data: { serialAlias: '"ua-s"' } },
        ],
        output: domainXml(
          [
            `    <serial type='pty'><target type='pci-serial' port='0'/><alias name='ua-s'/></serial>`,
            console(`<target type='serial'/>`, `<alias name='ua-s'/>`),
          ].join('\n'),
        ),
      },
    ],
  });
});
