import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../config/resolve.js';
import { lintText } from '../../linter.js';
import { domainXml, testRule } from '../../testing/rule-tester.js';
import rule from './index.js';

const VOL = '3e6a4c4e-7d1b-4b7e-9d7a-0f6f5e4d3c2b';
const PORT = '9b1c2d3e-4f50-4a6b-8c7d-e8f9a0b1c2d3';

const volumeDisk = (alias: string) =>
  `    <disk type='network' device='disk'>\n      <source protocol='rbd' name='volumes/volume-${VOL}'/>\n      <target dev='vdb' bus='virtio'/>\n      <serial>${VOL}</serial>\n      ${alias}\n    </disk>`;
const localDisk = `    <disk type='file' device='disk'>\n      <source file='/var/lib/nova/instances/i/disk'/>\n      <target dev='vda' bus='virtio'/>\n    </disk>`;
const lunDisk = `    <disk type='block' device='lun'>\n      <source dev='/dev/sdx'/>\n      <target dev='sda' bus='scsi'/>\n    </disk>`;
const sourceOnlyVolumeDisk = `    <disk type='network' device='disk'>\n      <source protocol='rbd' name='volumes/volume-${VOL.toUpperCase()}'/>\n      <target dev='vdc' bus='virtio'/>\n    </disk>`;
const ovsInterface = (alias: string) =>
  `    <interface type='bridge'>\n      <mac address='FA:16:3E:00:00:01'/>\n      <source bridge='br-int'/>\n      <virtualport type='openvswitch'>\n        <parameters interfaceid='${PORT}'/>\n      </virtualport>\n      <target dev='tap9b1c2d3e-4f'/>\n      ${alias}\n    </interface>`;
const tapInterface = `    <interface type='ethernet'>\n      <mac address='52:54:00:aa:bb:cc'/>\n      <target dev='tap0'/>\n    </interface>`;
const sriovInterface = `    <interface type='hostdev' managed='yes'>\n      <source>\n        <address type='pci' domain='0x0000' bus='0x3b' slot='0x02' function='0x3'/>\n      </source>\n    </interface>`;
/** An SR-IOV port in a Nova domain: neither a virtualport nor a device name gives its port. */
const portlessInterface = `    <interface type='hostdev'>\n      <mac address='fa:16:3e:00:00:03'/>\n    </interface>`;
const pciHostdev = (alias: string) =>
  `    <hostdev mode='subsystem' type='pci' managed='yes'>\n      <source>\n        <address domain='0x0000' bus='0x81' slot='0x00' function='0x1'/>\n      </source>\n      ${alias}\n    </hostdev>`;
const usbHostdevCrlf = domainXml(
  `    <hostdev mode='subsystem' type='usb'>\n      <source>\n        <vendor id='0x1d6b'/>\n        <product id='0x0002'/>\n        <alias name='ua-usb'/>\n      </source>\n    </hostdev>`,
).replace(/\n/g, '\r\n');
const serial = `    <serial type='pty'><target port='0'/><alias name='ua-serial0'/></serial>`;
const novaPorts = (...uuids: string[]) =>
  `  <metadata>\n    <nova:instance xmlns:nova="http://openstack.org/xmlns/libvirt/nova/1.1">\n      <nova:ports>\n${uuids
    .map((u) => `        <nova:port uuid="${u}"/>\n`)
    .join('')}      </nova:ports>\n    </nova:instance>\n  </metadata>\n`;

/** `text` with `from`, which must occur exactly once, replaced: the fix changed nothing else. */
function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`"${from}" must occur exactly once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** `text` with `inserted` (the new alias line, newline included) right before `anchor`. */
const insertBefore = (text: string, anchor: string, inserted: string) =>
  replaceOnce(text, anchor, inserted + anchor);

/** A self-closing device opened around its new alias, one level (two spaces) in. */
const opened = (startTag: string, kind: string, alias: string) =>
  `${startTag}>\n      <alias name='${alias}'/>\n    </${kind}>`;

describe('alias-required', () => {
  testRule(rule, {
    valid: [
      {
        name: 'default scope: volume disk, interface and hostdev with aliases',
        devices: [
          volumeDisk(`<alias name='ua-${VOL}'/>`),
          ovsInterface(`<alias name='ua-${PORT}'/>`),
          pciHostdev(`<alias name='ua-gpu'/>`),
        ].join('\n'),
      },
      { name: 'a local disk is out of the default scope', devices: localDisk },
      {
        name: 'a local disk of a Nova domain is never required, even by "*": Nova reads ua- on a disk as a volume',
        options: { devices: ['*'] },
        code: domainXml(localDisk, novaPorts()),
      },
      {
        name: 'a live dump whose volume disk has its ua- alias',
        code: domainXml(volumeDisk(`<alias name='ua-${VOL}'/>`)).replace(
          `<domain type='kvm'>`,
          `<domain type='kvm' id='3'>`,
        ),
      },
      { name: 'a controller is out of the default scope', devices: `<controller type='usb' index='0'/>` },
      {
        name: 'an invalid alias is another rule’s finding',
        devices: [
          volumeDisk(`<alias/>`),
          ovsInterface(`<alias name='net0'/>`),
          pciHostdev(`<alias name='ua-a.b'/>`),
        ].join('\n'),
      },
      {
        name: 'nova scope leaves interfaces alone',
        options: { devices: ['volume-disk'] },
        devices: ovsInterface(''),
      },
      {
        name: '"*": console[0] mirroring a serial is exempt',
        options: { devices: ['*'] },
        devices: `${serial}\n    <console type='pty'><target type='serial' port='0'/></console>`,
      },
      {
        name: '"*": console[0] without target type mirrors the serial too',
        options: { devices: ['*'] },
        devices: `${serial}\n    <console type='pty'/>`,
      },
      {
        name: '"*": devices libvirt ignores aliases on, and unknown ones, are out of scope',
        options: { devices: ['*'] },
        devices: `    <graphics type='vnc'/>\n    <audio id='1' type='none'/>\n    <crypto model='virtio'/>\n    <emulator>/usr/bin/qemu</emulator>`,
      },
      { name: 'an empty list requires nothing', options: { devices: [] }, devices: volumeDisk('') },
    ],
    invalid: [
      {
        name: 'volume disk by serial',
        devices: volumeDisk(''),
        errors: [
          {
            messageId: 'volume',
            at: `<disk type='network'`,
            data: { device: `vdb (volume ${VOL})`, kind: 'disk' },
          },
        ],
        output: insertBefore(domainXml(volumeDisk('')), '    </disk>', `      <alias name='ua-${VOL}'/>\n`),
      },
      {
        name: 'volume disk recognized by its source name only',
        devices: sourceOnlyVolumeDisk,
        errors: [{ messageId: 'volume', at: '<disk', data: { device: `vdc (volume ${VOL})` } }],
        // No output: a source name is a heuristic, only a <serial> or the mapping names the volume.
      },
      {
        name: 'SCSI LUN passthrough is a volume',
        devices: lunDisk,
        errors: [{ messageId: 'lun', at: `<disk type='block'`, data: { device: 'sda (SCSI LUN)' } }],
        // No output: a LUN has no <serial>, its volume uuid can only come from the mapping.
      },
      {
        name: 'interface: MAC (lower-cased) and port',
        devices: ovsInterface(''),
        errors: [
          { messageId: 'interface', at: '<interface', data: { device: `fa:16:3e:00:00:01 (port ${PORT})` } },
        ],
        output: insertBefore(
          domainXml(ovsInterface('')),
          '    </interface>',
          `      <alias name='ua-${PORT}'/>\n`,
        ),
      },
      {
        name: 'interface without port: MAC and tap device',
        devices: tapInterface,
        errors: [{ messageId: 'interface', at: '<interface', data: { device: '52:54:00:aa:bb:cc (tap0)' } }],
        output: insertBefore(
          domainXml(tapInterface),
          '    </interface>',
          `      <alias name='ua-net-525400aabbcc'/>\n`,
        ),
      },
      {
        name: 'SR-IOV interface without MAC: its VF address',
        devices: sriovInterface,
        errors: [{ messageId: 'interface', at: '<interface', data: { device: '0000:3b:02.3' } }],
        // No MAC to name it after (outside Nova): interface number 0. The <address> is the
        // source's, not the device's: the alias goes before the end tag.
        output: insertBefore(
          domainXml(sriovInterface),
          '    </interface>',
          `      <alias name='ua-net-0'/>\n`,
        ),
      },
      {
        name: 'PCI hostdev, tab-indented',
        devices: pciHostdev('').replace(/ {2}/g, '\t'),
        errors: [{ messageId: 'hostdev', at: '<hostdev', data: { device: 'pci:0000:81:00.1' } }],
        output: insertBefore(
          domainXml(pciHostdev('').replace(/ {2}/g, '\t')),
          '\t\t</hostdev>',
          `\t\t\t<alias name='ua-hostdev-pci-0000-81-00-1'/>\n`,
        ),
      },
      {
        name: 'only a nested alias does not count (CRLF)',
        code: usbHostdevCrlf,
        errors: [
          {
            messageId: 'hostdev',
            at: `<hostdev mode='subsystem' type='usb'>`,
            data: { device: 'usb:0x1d6b:0x0002' },
          },
        ],
        // The fix moves the nested alias up, where libvirt reads it.
        output: insertBefore(
          usbHostdevCrlf.replace(`        <alias name='ua-usb'/>\r\n`, ''),
          '    </hostdev>',
          `      <alias name='ua-usb'/>\r\n`,
        ),
      },
      {
        name: 'a live dump is judged as its inactive define: a generated name is no alias',
        code: domainXml(volumeDisk(`<alias name='virtio-disk1'/>`)).replace(
          `<domain type='kvm'>`,
          `<domain type='kvm' id='3'>`,
        ),
        errors: [{ messageId: 'volume', at: `<disk type='network'` }],
        // No output: fix leaves a live dump alone.
      },
      {
        name: '"disk" takes local disks too',
        options: { devices: ['disk'] },
        devices: localDisk,
        errors: [
          {
            messageId: 'disk',
            at: '<disk',
            data: { device: 'vda (file:/var/lib/nova/instances/i/disk)' },
          },
        ],
        output: insertBefore(domainXml(localDisk), '    </disk>', `      <alias name='ua-disk-vda'/>\n`),
      },
      {
        name: 'an element name selects that kind only',
        options: { devices: ['controller'] },
        devices: `    <controller type='usb' index='0'/>\n    <controller type='pci' index='0' model='pci-root'/>\n    <input type='tablet' bus='usb'/>`,
        errors: [
          {
            messageId: 'other',
            at: `<controller type='usb'`,
            data: { kind: 'controller', device: '#1 (type usb)' },
          },
          { messageId: 'other', at: `<controller type='pci'`, data: { device: '#2 (type pci)' } },
        ],
        output: domainXml(
          [
            opened(`    <controller type='usb' index='0'`, 'controller', 'ua-controller-usb-0'),
            opened(
              `    <controller type='pci' index='0' model='pci-root'`,
              'controller',
              'ua-controller-pci-0',
            ),
            `    <input type='tablet' bus='usb'/>`,
          ].join('\n'),
        ),
      },
      {
        name: '"*": every device that keeps an alias and libvirt\'s schema allows one on, not smartcard or nvram',
        options: { devices: ['*'] },
        devices: `    <smartcard mode='passthrough' type='spicevmc'/>\n    <memballoon model='virtio'/>\n    <graphics type='spice'/>\n    <nvram/>`,
        errors: [{ messageId: 'other', at: '<memballoon', data: { kind: 'memballoon', device: '#1' } }],
        // An alias on a smartcard or nvram makes `virsh define --validate` (apply) refuse the domain.
        output: domainXml(
          [
            `    <smartcard mode='passthrough' type='spicevmc'/>`,
            opened(`    <memballoon model='virtio'`, 'memballoon', 'ua-memballoon-0'),
            `    <graphics type='spice'/>`,
            `    <nvram/>`,
          ].join('\n'),
        ),
      },
      {
        name: 'a smartcard named in the options is required: libvirt keeps its alias',
        options: { devices: ['smartcard'] },
        devices: `    <smartcard mode='passthrough' type='spicevmc'/>`,
        errors: [
          {
            messageId: 'other',
            at: '<smartcard',
            data: { kind: 'smartcard', device: '#1 (type spicevmc)' },
          },
        ],
        output: domainXml(
          opened(`    <smartcard mode='passthrough' type='spicevmc'`, 'smartcard', 'ua-smartcard-0'),
        ),
      },
      {
        name: '"*": console[0] without a serial becomes serial[0] and keeps its alias',
        options: { devices: ['*'] },
        devices: `    <console type='pty'><target type='serial' port='0'/></console>`,
        errors: [{ messageId: 'other', at: '<console', data: { kind: 'console' } }],
        // A one-line device gets its alias inline.
        output: domainXml(
          `    <console type='pty'><target type='serial' port='0'/><alias name='ua-console-0'/></console>`,
        ),
      },
      {
        name: '"*": a virtio console and a second console are devices of their own',
        options: { devices: ['*'] },
        devices: `${serial}\n    <console type='pty'><target type='virtio'/></console>\n    <console type='pty' id='second'><target type='serial'/></console>`,
        errors: [
          { messageId: 'other', at: `<console type='pty'>`, data: { device: '#1 (type pty)' } },
          { messageId: 'other', at: `<console type='pty' id='second'>`, data: { device: '#2 (type pty)' } },
        ],
        output: domainXml(
          `${serial}\n    <console type='pty'><target type='virtio'/><alias name='ua-console-0'/></console>\n    <console type='pty' id='second'><target type='serial'/><alias name='ua-console-1'/></console>`,
        ),
      },
      {
        name: 'Nova domain: an interface whose port the XML does not give is unfixable',
        code: domainXml(portlessInterface, novaPorts(PORT)),
        errors: [{ messageId: 'interface', at: '<interface', data: { device: 'fa:16:3e:00:00:03' } }],
      },
      {
        name: 'Nova domain: only the interface with a known port is fixed',
        code: domainXml(`${ovsInterface('')}\n${portlessInterface}`, novaPorts(PORT)),
        errors: [
          { messageId: 'interface', at: `<interface type='bridge'>`, data: { device: `port ${PORT}` } },
          { messageId: 'interface', at: `<interface type='hostdev'>`, data: { device: 'fa:16:3e:00:00:03' } },
        ],
        output: insertBefore(
          domainXml(`${ovsInterface('')}\n${portlessInterface}`, novaPorts(PORT)),
          `    </interface>\n    <interface type='hostdev'>`,
          `      <alias name='ua-${PORT}'/>\n`,
        ),
      },
    ],
  });

  describe('unfixable findings say why, and point to --mapping', () => {
    const findings = (text: string) =>
      lintText(text, resolveConfig({ preset: 'recommended' })).messages.filter((m) => m.ruleId === rule.id);

    it('a port-less interface in a Nova domain', () => {
      const [m, ...rest] = findings(domainXml(portlessInterface, novaPorts(PORT)));
      expect(rest).toEqual([]);
      expect(m).toBeDefined();
      expect(m).not.toHaveProperty('fix');
      expect(m!.unfixable).toMatch(/Neutron port .*MAC fa:16:3e:00:00:03.*--mapping/);
    });

    it('a SCSI LUN, and a volume disk known by its source name only', () => {
      const [lun, source, ...rest] = findings(domainXml(`${lunDisk}\n${sourceOnlyVolumeDisk}`));
      expect(rest).toEqual([]);
      for (const m of [lun, source]) {
        expect(m).toBeDefined();
        expect(m).not.toHaveProperty('fix');
      }
      expect(lun!.unfixable).toMatch(/SCSI LUN.*--mapping for target dev sda/);
      expect(source!.unfixable).toMatch(/uuid <serial>.*--mapping for target dev vdc/);
    });

    it('the same interface outside Nova gets a deterministic name, not a reason', () => {
      const [m] = findings(domainXml(portlessInterface));
      expect(m).not.toHaveProperty('unfixable');
      expect(m!.fix?.text).toContain(`<alias name='ua-net-fa163e000003'/>`);
    });
  });
});
