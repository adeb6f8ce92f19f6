import { describe } from 'vitest';
import { domainXml, testRule } from '../../testing/rule-tester.js';
import rule from './index.js';

const disk = (alias: string) =>
  `    <disk type='file' device='disk'>\n      <source file='/a'/>\n      <target dev='vda'/>\n      ${alias}\n    </disk>`;

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
    ],
    invalid: [
      {
        name: 'live dump: virtio-disk0',
        devices: disk(`<alias name='virtio-disk0'/>`),
        errors: [
          { messageId: 'generated', at: `name='virtio-disk0'`, data: { name: 'virtio-disk0', kind: 'disk' } },
        ],
      },
      {
        name: 'live dump names on several kinds, tab-indented',
        devices: [
          `\t<interface type='network'>\n\t\t<source network='default'/>\n\t\t<alias name='net0'/>\n\t</interface>`,
          `\t<hostdev mode='subsystem' type='pci'><alias name='hostdev0'/></hostdev>`,
          `\t<disk type='block' device='lun'><target dev='sda' bus='scsi'/><alias name='scsi0-0-0-1'/></disk>`,
          `\t<controller type='pci' index='0' model='pci-root'><alias name='pci.0'/></controller>`,
        ].join('\n'),
        errors: [
          { messageId: 'generated', at: `name='net0'`, data: { kind: 'interface' } },
          { messageId: 'generated', at: `name='hostdev0'`, data: { kind: 'hostdev' } },
          { messageId: 'generated', at: `name='scsi0-0-0-1'` },
          { messageId: 'generated', at: `name='pci.0'`, data: { kind: 'controller' } },
        ],
      },
      {
        name: 'the prefix is case-sensitive',
        devices: disk(`<alias name='UA-disk0'/>`),
        errors: [
          { messageId: 'wrongCase', at: `name='UA-disk0'`, data: { name: 'UA-disk0', prefix: 'UA-' } },
        ],
      },
      {
        name: 'mixed case',
        devices: disk(`<alias name="Ua-x"/>`),
        errors: [{ messageId: 'wrongCase', at: `name="Ua-x"`, data: { prefix: 'Ua-' } }],
      },
      {
        name: 'leading space (CRLF file)',
        code: domainXml(disk(`<alias name=' ua-x'/>`)).replace(/\n/g, '\r\n'),
        errors: [{ messageId: 'leadingSpace', at: `name=' ua-x'`, data: { name: ' ua-x' } }],
      },
      {
        name: 'a leading tab, as a character reference, is whitespace too',
        devices: disk(`<alias name='&#9;ua-x'/>`),
        errors: [{ messageId: 'leadingSpace', at: `name='&#9;ua-x'` }],
      },
      {
        name: 'no prefix at all',
        devices: disk(`<alias name='mydisk'/>`),
        errors: [{ messageId: 'missingPrefix', at: `name='mydisk'`, data: { name: 'mydisk' } }],
      },
      {
        name: 'underscore instead of dash',
        devices: disk(`<alias name='ua_disk'/>`),
        errors: [{ messageId: 'missingPrefix', at: `name='ua_disk'` }],
      },
      {
        name: 'smartcard keeps aliases although the schema rejects them',
        devices: `<smartcard mode='passthrough' type='spicevmc'><alias name='smartcard0'/></smartcard>`,
        errors: [{ messageId: 'generated', at: `name='smartcard0'`, data: { kind: 'smartcard' } }],
      },
    ],
  });
});
