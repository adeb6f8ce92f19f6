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

const disk = (dev: string, alias: string) =>
  `    <disk type='file' device='disk'>\n      <source file='/${dev}'/>\n      <target dev='${dev}'/>\n      ${alias}\n    </disk>`;
const serial = (alias: string, port = 0) =>
  `    <serial type='pty'><target port='${port}'/>${alias}</serial>`;
const console = (target: string, alias: string) => `    <console type='pty'>${target}${alias}</console>`;
/** SR-IOV ports of a Nova guest: the XML names neither port. */
const novaInterfaces = (...aliases: string[]) =>
  domainXml(
    aliases
      .map(
        (alias, i) =>
          `    <interface type='hostdev'>\n      <mac address='fa:16:3e:00:00:0${i + 1}'/>\n      ${alias}\n    </interface>`,
      )
      .join('\n'),
    `  <metadata>\n    <nova:instance xmlns:nova="http://openstack.org/xmlns/libvirt/nova/1.1">\n      <nova:ports>\n        <nova:port uuid="${PORT}"/>\n      </nova:ports>\n    </nova:instance>\n  </metadata>\n`,
  );
const lunDisk = (dev: string, alias: string) =>
  `    <disk type='block' device='lun'>\n      <source dev='/dev/${dev}'/>\n      <target dev='${dev}' bus='scsi'/>\n      ${alias}\n    </disk>`;

/** `text` with each `[from, to]` applied in turn; every `from` occurs exactly once. */
function edited(text: string, ...edits: readonly (readonly [string, string])[]): string {
  return edits.reduce((t, [from, to]) => {
    const at = t.indexOf(from);
    if (at < 0 || t.indexOf(from, at + 1) >= 0) throw new Error(`"${from}" must occur exactly once`);
    return t.slice(0, at) + to + t.slice(at + from.length);
  }, text);
}

const threeTimesN = domainXml(
  [
    `    <interface type='network'><source network='default'/><alias name='ua-n'/></interface>`,
    disk('vda', `<alias name='ua-n'/>`),
    `    <hostdev mode='subsystem' type='pci'><alias name='ua-n'/></hostdev>`,
  ].join('\n'),
).replace(/\n/g, '\r\n');

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
        // The later one is renamed, with the next free number.
        output: domainXml(
          [disk('vda', `<alias name='ua-x'/>`), disk('vdb', `<alias name="ua-x-2"/>`)].join('\n'),
        ),
      },
      {
        name: 'serial[1] takes part',
        devices: [
          serial(`<alias name='ua-s0'/>`),
          disk('vda', `<alias name='ua-x'/>`),
          serial(`<alias name='ua-x'/>`, 1),
        ].join('\n'),
        errors: [
          { messageId: 'duplicate', at: `name='ua-x'/></serial>`, data: { firstKind: 'disk', line: 5 } },
        ],
        output: domainXml(
          [
            serial(`<alias name='ua-s0'/>`),
            disk('vda', `<alias name='ua-x'/>`),
            serial(`<alias name='ua-x-2'/>`, 1),
          ].join('\n'),
        ),
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
        // The console must end with serial[0]'s alias (libvirt writes it back so): renaming it
        // ends the clash, and this finding carries that fix; the disk keeps its alias.
        output: domainXml(
          [
            serial(`<alias name='ua-s'/>`),
            console(`<target type='serial' port='0'/>`, `<alias name='ua-s'/>`),
            disk('vda', `<alias name='ua-x'/>`),
          ].join('\n'),
        ),
      },
      {
        name: 'console[0] without a target, with a serial, takes part',
        devices: [serial(''), disk('vda', `<alias name='ua-x'/>`), console('', `<alias name='ua-x'/>`)].join(
          '\n',
        ),
        errors: [{ messageId: 'duplicate', at: `name='ua-x'/></console>`, data: { firstKind: 'disk' } }],
        // The console's own alias takes part and cannot change (it mirrors serial[0]): the disk moves.
        output: domainXml(
          [serial(''), disk('vda', `<alias name='ua-x-2'/>`), console('', `<alias name='ua-x'/>`)].join('\n'),
        ),
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
        output: domainXml(
          [disk('vda', `<alias name='ua-x'/>`), console(`<target type='virtio'/>`, `<alias name='ua-x-2'/>`)]
            .join('\n')
            .replace(/ {2}/g, '\t'),
        ),
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
        output: domainXml(
          [
            console(`<target type='virtio'/>`, `<alias name='ua-c0'/>`),
            console(`<target type='serial'/>`, `<alias name='ua-x'/>`),
            `    <nvram><alias name='ua-x-2'/></nvram>`,
          ].join('\n'),
        ),
      },
      {
        name: 'a duplicate with a known port is renamed after its port, not numbered',
        devices: [
          disk('vda', `<alias name='ua-x'/>`),
          `    <interface type='bridge'>\n      <virtualport type='openvswitch'>\n        <parameters interfaceid='${PORT}'/>\n      </virtualport>\n      <alias name='ua-x'/>\n    </interface>`,
        ].join('\n'),
        errors: [
          { messageId: 'duplicate', at: `name='ua-x'/>\n    </interface>`, data: { firstKind: 'disk' } },
        ],
        output: domainXml(
          [
            disk('vda', `<alias name='ua-x'/>`),
            `    <interface type='bridge'>\n      <virtualport type='openvswitch'>\n        <parameters interfaceid='${PORT}'/>\n      </virtualport>\n      <alias name='ua-${PORT}'/>\n    </interface>`,
          ].join('\n'),
        ),
      },
      {
        name: 'Nova domain: a port-less interface keeps its meaning, numbered',
        code: novaInterfaces(`<alias name='ua-vf'/>`, `<alias name='ua-vf'/>`),
        errors: [{ messageId: 'duplicate', at: `name='ua-vf'/>\n    </interface>\n  </devices>` }],
        output: novaInterfaces(`<alias name='ua-vf'/>`, `<alias name='ua-vf-2'/>`),
      },
      {
        // Nothing in `ua-` to keep and no port to name it after: the later copy goes, and
        // alias-required then says why (below). A duplicate is never left: define would fail.
        name: 'Nova domain: the bare prefix twice on port-less interfaces: the later one removed',
        code: novaInterfaces(`<alias name='ua-'/>`, `<alias name='ua-'/>`),
        errors: [
          {
            messageId: 'duplicate',
            at: `name='ua-'/>\n    </interface>\n  </devices>`,
            data: { name: 'ua-' },
          },
        ],
        output: edited(novaInterfaces(`<alias name='ua-'/>`, `<alias name='ua-'/>`), [
          `      <alias name='ua-'/>\n    </interface>\n  </devices>`,
          `    </interface>\n  </devices>`,
        ]),
      },
      {
        name: 'the bare prefix twice on SCSI LUNs: the later one removed',
        devices: [lunDisk('sda', `<alias name='ua-'/>`), lunDisk('sdb', `<alias name='ua-'/>`)].join('\n'),
        errors: [
          { messageId: 'duplicate', at: `name='ua-'/>\n    </disk>\n  </devices>`, data: { name: 'ua-' } },
        ],
        output: edited(
          domainXml(
            [lunDisk('sda', `<alias name='ua-'/>`), lunDisk('sdb', `<alias name='ua-'/>`)].join('\n'),
          ),
          [`      <alias name='ua-'/>\n    </disk>\n  </devices>`, `    </disk>\n  </devices>`],
        ),
      },
    ],
  });

  describe('a duplicate removed for want of a name: what is left says why, and points to --mapping', () => {
    it('a port-less interface in a Nova domain, with nothing in its alias to keep', () => {
      const left = leftAfterFix(rule, novaInterfaces(`<alias name='ua-'/>`, `<alias name='ua-'/>`));
      expect(left.map((m) => m.ruleId)).toEqual(['alias-required']);
      expect(left[0]!.unfixable).toMatch(/Neutron port .*MAC fa:16:3e:00:00:02.*--mapping/);
    });

    it('a SCSI LUN, with nothing in its alias to keep', () => {
      const left = leftAfterFix(
        rule,
        domainXml([lunDisk('sda', `<alias name='ua-'/>`), lunDisk('sdb', `<alias name='ua-'/>`)].join('\n')),
      );
      expect(left.map((m) => m.ruleId)).toEqual(['alias-required']);
      expect(left[0]!.unfixable).toMatch(/SCSI LUN.*--mapping for target dev sdb/);
    });
  });

  describe('fix keeps meaning and never fakes an identity', () => {
    const name = 'every later occurrence is reported, each against the first (CRLF)';
    const errors: ExpectedError[] = [
      {
        messageId: 'duplicate',
        at: `name='ua-n'/>\r\n    </disk>`,
        data: { firstKind: 'interface', line: 4 },
      },
      { messageId: 'duplicate', at: `name='ua-n'/></hostdev>`, data: { firstKind: 'interface', line: 4 } },
    ];
    it(`${name}: findings`, () => {
      expectFindings(rule, threeTimesN, errors);
    });
    it(`${name}: output`, () => {
      expect(fixOnce(rule, threeTimesN).output).toBe(
        edited(
          threeTimesN,
          [`'ua-n'/>\r\n    </disk>`, `'ua-n-2'/>\r\n    </disk>`],
          [`'ua-n'/></hostdev>`, `'ua-n-3'/></hostdev>`],
        ),
      );
    });
  });
});
