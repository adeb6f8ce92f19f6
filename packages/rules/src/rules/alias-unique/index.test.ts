import { describe } from 'vitest';
import { domainXml, testRule } from '../../testing/rule-tester.js';
import rule from './index.js';

const disk = (dev: string, alias: string) =>
  `    <disk type='file' device='disk'>\n      <source file='/${dev}'/>\n      <target dev='${dev}'/>\n      ${alias}\n    </disk>`;
const serial = (alias: string) => `    <serial type='pty'><target port='0'/>${alias}</serial>`;
const console = (target: string, alias: string) => `    <console type='pty'>${target}${alias}</console>`;

describe('alias-unique', () => {
  testRule(rule, {
    valid: [
      {
        name: 'distinct aliases',
        devices: [disk('vda', `<alias name='ua-a'/>`), disk('vdb', `<alias name='ua-b'/>`)].join('\n'),
      },
      {
        name: 'the comparison is case-sensitive',
        devices: [disk('vda', `<alias name='ua-a'/>`), disk('vdb', `<alias name='ua-A'/>`)].join('\n'),
      },
      {
        name: 'dropped aliases take no part',
        devices: [
          disk('vda', `<alias name='ua-a.0'/>`),
          disk('vdb', `<alias name='ua-a.0'/>`),
          disk('vdc', `<alias name='net0'/>`),
          disk('vdd', `<alias name='net0'/>`),
        ].join('\n'),
      },
      {
        name: 'only the first direct alias counts',
        devices: [
          disk('vda', `<alias name='ua-a'/>`),
          disk('vdb', `<alias name='ua-b'/><alias name='ua-a'/>`),
        ].join('\n'),
      },
      {
        name: 'devices that ignore aliases, and unknown ones, take no part',
        devices: [
          disk('vda', `<alias name='ua-a'/>`),
          `    <graphics type='vnc'><alias name='ua-a'/></graphics>`,
          `    <crypto model='virtio'><alias name='ua-a'/></crypto>`,
        ].join('\n'),
      },
      {
        name: "serial[0]'s alias is exempt",
        devices: [serial(`<alias name='ua-x'/>`), disk('vda', `<alias name='ua-x'/>`)].join('\n'),
      },
      {
        name: 'two serials with the same alias: the first is exempt',
        devices: [serial(`<alias name='ua-x'/>`), serial(`<alias name='ua-x'/>`)].join('\n'),
      },
      {
        name: 'console[0] with a serial target and no <serial> becomes serial[0]: exempt',
        devices: [
          console(`<target type='serial'/>`, `<alias name='ua-x'/>`),
          disk('vda', `<alias name='ua-x'/>`),
        ].join('\n'),
      },
      {
        name: 'console[0] without a target and no <serial>: exempt',
        devices: [disk('vda', `<alias name='ua-x'/>`), console('', `<alias name='ua-x'/>`)].join('\n'),
      },
      {
        name: "console[0] with the serial's own alias: the serial is exempt",
        devices: [
          serial(`<alias name='ua-s'/>`),
          console(`<target type='serial'/>`, `<alias name='ua-s'/>`),
        ].join('\n'),
      },
    ],
    invalid: [
      {
        name: 'two disks',
        devices: [disk('vda', `<alias name='ua-x'/>`), disk('vdb', `<alias name="ua-x"/>`)].join('\n'),
        errors: [
          {
            messageId: 'duplicate',
            at: `name="ua-x"`,
            data: { name: 'ua-x', firstKind: 'disk', line: 4, detected: 'non unique alias detected: ua-x' },
          },
        ],
      },
      {
        name: 'every later occurrence is reported, each against the first (CRLF)',
        code: domainXml(
          [
            `    <interface type='network'><source network='default'/><alias name='ua-n'/></interface>`,
            disk('vda', `<alias name='ua-n'/>`),
            `    <hostdev mode='subsystem' type='pci'><alias name='ua-n'/></hostdev>`,
          ].join('\n'),
        ).replace(/\n/g, '\r\n'),
        errors: [
          {
            messageId: 'duplicate',
            at: `name='ua-n'/>\r\n    </disk>`,
            data: { firstKind: 'interface', line: 4 },
          },
          {
            messageId: 'duplicate',
            at: `name='ua-n'/></hostdev>`,
            data: { firstKind: 'interface', line: 4 },
          },
        ],
      },
      {
        name: 'serial[1] takes part',
        devices: [
          serial(`<alias name='ua-s0'/>`),
          disk('vda', `<alias name='ua-x'/>`),
          serial(`<alias name='ua-x'/>`),
        ].join('\n'),
        errors: [
          { messageId: 'duplicate', at: `name='ua-x'/></serial>`, data: { firstKind: 'disk', line: 5 } },
        ],
      },
      {
        name: 'console[0] mirroring an existing serial takes part',
        devices: [
          serial(`<alias name='ua-s'/>`),
          console(`<target type='serial' port='0'/>`, `<alias name='ua-x'/>`),
          disk('vda', `<alias name='ua-x'/>`),
        ].join('\n'),
        errors: [
          {
            messageId: 'duplicate',
            at: `name='ua-x'/>\n    </disk>`,
            data: { firstKind: 'console', line: 5 },
          },
        ],
      },
      {
        name: 'console[0] without a target, with a serial, takes part',
        devices: [serial(''), disk('vda', `<alias name='ua-x'/>`), console('', `<alias name='ua-x'/>`)].join(
          '\n',
        ),
        errors: [{ messageId: 'duplicate', at: `name='ua-x'/></console>`, data: { firstKind: 'disk' } }],
      },
      {
        name: 'a virtio console takes part even without a serial; tab-indented',
        devices: [
          disk('vda', `<alias name='ua-x'/>`),
          console(`<target type='virtio'/>`, `<alias name='ua-x'/>`),
        ]
          .join('\n')
          .replace(/ {2}/g, '\t'),
        errors: [
          { messageId: 'duplicate', at: `name='ua-x'/></console>`, data: { firstKind: 'disk', line: 4 } },
        ],
      },
      {
        name: 'console[1] with a serial target takes part',
        devices: [
          console(`<target type='virtio'/>`, `<alias name='ua-c0'/>`),
          console(`<target type='serial'/>`, `<alias name='ua-x'/>`),
          `    <nvram><alias name='ua-x'/></nvram>`,
        ].join('\n'),
        errors: [
          { messageId: 'duplicate', at: `name='ua-x'/></nvram>`, data: { firstKind: 'console', line: 5 } },
        ],
      },
    ],
  });
});
