import { describe } from 'vitest';
import { domainXml, testRule } from '../../testing/rule-tester.js';
import rule from './index.js';

const VOL = '3e6a4c4e-7d1b-4b7e-9d7a-0f6f5e4d3c2b';
const PORT = '9b1c2d3e-4f50-4a6b-8c7d-e8f9a0b1c2d3';

const volumeDisk = (alias: string) =>
  `    <disk type='network' device='disk'>\n      <source protocol='rbd' name='volumes/volume-${VOL}'/>\n      <target dev='vdb' bus='virtio'/>\n      <serial>${VOL}</serial>\n      ${alias}\n    </disk>`;
const localDisk = `    <disk type='file' device='disk'>\n      <source file='/var/lib/nova/instances/i/disk'/>\n      <target dev='vda' bus='virtio'/>\n    </disk>`;
const ovsInterface = (alias: string) =>
  `    <interface type='bridge'>\n      <mac address='FA:16:3E:00:00:01'/>\n      <source bridge='br-int'/>\n      <virtualport type='openvswitch'>\n        <parameters interfaceid='${PORT}'/>\n      </virtualport>\n      <target dev='tap9b1c2d3e-4f'/>\n      ${alias}\n    </interface>`;
const pciHostdev = (alias: string) =>
  `    <hostdev mode='subsystem' type='pci' managed='yes'>\n      <source>\n        <address domain='0x0000' bus='0x81' slot='0x00' function='0x1'/>\n      </source>\n      ${alias}\n    </hostdev>`;
const serial = `    <serial type='pty'><target port='0'/><alias name='ua-serial0'/></serial>`;

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
            messageId: 'missing',
            at: `<disk type='network'`,
            data: { device: `vdb (volume ${VOL})`, kind: 'disk' },
          },
        ],
      },
      {
        name: 'volume disk recognized by its source name only',
        devices: `    <disk type='network' device='disk'>\n      <source protocol='rbd' name='volumes/volume-${VOL.toUpperCase()}'/>\n      <target dev='vdc' bus='virtio'/>\n    </disk>`,
        errors: [{ messageId: 'missing', at: '<disk', data: { device: `vdc (volume ${VOL})` } }],
      },
      {
        name: 'SCSI LUN passthrough is a volume',
        devices: `    <disk type='block' device='lun'>\n      <source dev='/dev/sdx'/>\n      <target dev='sda' bus='scsi'/>\n    </disk>`,
        errors: [{ messageId: 'missing', at: `<disk type='block'`, data: { device: 'sda (SCSI LUN)' } }],
      },
      {
        name: 'interface: MAC (lower-cased) and port',
        devices: ovsInterface(''),
        errors: [
          { messageId: 'missing', at: '<interface', data: { device: `fa:16:3e:00:00:01 (port ${PORT})` } },
        ],
      },
      {
        name: 'interface without port: MAC and tap device',
        devices: `    <interface type='ethernet'>\n      <mac address='52:54:00:aa:bb:cc'/>\n      <target dev='tap0'/>\n    </interface>`,
        errors: [{ messageId: 'missing', at: '<interface', data: { device: '52:54:00:aa:bb:cc (tap0)' } }],
      },
      {
        name: 'SR-IOV interface without MAC: its VF address',
        devices: `    <interface type='hostdev' managed='yes'>\n      <source>\n        <address type='pci' domain='0x0000' bus='0x3b' slot='0x02' function='0x3'/>\n      </source>\n    </interface>`,
        errors: [{ messageId: 'missing', at: '<interface', data: { device: '0000:3b:02.3' } }],
      },
      {
        name: 'PCI hostdev, tab-indented',
        devices: pciHostdev('').replace(/ {2}/g, '\t'),
        errors: [{ messageId: 'missing', at: '<hostdev', data: { device: 'pci:0000:81:00.1' } }],
      },
      {
        name: 'only a nested alias does not count (CRLF)',
        code: domainXml(
          `    <hostdev mode='subsystem' type='usb'>\n      <source>\n        <vendor id='0x1d6b'/>\n        <product id='0x0002'/>\n        <alias name='ua-usb'/>\n      </source>\n    </hostdev>`,
        ).replace(/\n/g, '\r\n'),
        errors: [
          {
            messageId: 'missing',
            at: `<hostdev mode='subsystem' type='usb'>`,
            data: { device: 'usb:0x1d6b:0x0002' },
          },
        ],
      },
      {
        name: '"disk" takes local disks too',
        options: { devices: ['disk'] },
        devices: localDisk,
        errors: [
          {
            messageId: 'missing',
            at: '<disk',
            data: { device: 'vda (file:/var/lib/nova/instances/i/disk)' },
          },
        ],
      },
      {
        name: 'an element name selects that kind only',
        options: { devices: ['controller'] },
        devices: `    <controller type='usb' index='0'/>\n    <controller type='pci' index='0' model='pci-root'/>\n    <input type='tablet' bus='usb'/>`,
        errors: [
          {
            messageId: 'missing',
            at: `<controller type='usb'`,
            data: { kind: 'controller', device: '#1 (type usb)' },
          },
          { messageId: 'missing', at: `<controller type='pci'`, data: { device: '#2 (type pci)' } },
        ],
      },
      {
        name: '"*": every device that keeps an alias, smartcard and nvram included',
        options: { devices: ['*'] },
        devices: `    <smartcard mode='passthrough' type='spicevmc'/>\n    <memballoon model='virtio'/>\n    <graphics type='spice'/>`,
        errors: [
          {
            messageId: 'missing',
            at: '<smartcard',
            data: { kind: 'smartcard', device: '#1 (type spicevmc)' },
          },
          { messageId: 'missing', at: '<memballoon', data: { kind: 'memballoon', device: '#1' } },
        ],
      },
      {
        name: '"*": console[0] without a serial becomes serial[0] and keeps its alias',
        options: { devices: ['*'] },
        devices: `    <console type='pty'><target type='serial' port='0'/></console>`,
        errors: [{ messageId: 'missing', at: '<console', data: { kind: 'console' } }],
      },
      {
        name: '"*": a virtio console and a second console are devices of their own',
        options: { devices: ['*'] },
        devices: `${serial}\n    <console type='pty'><target type='virtio'/></console>\n    <console type='pty' id='second'><target type='serial'/></console>`,
        errors: [
          { messageId: 'missing', at: `<console type='pty'>`, data: { device: '#1 (type pty)' } },
          { messageId: 'missing', at: `<console type='pty' id='second'>`, data: { device: '#2 (type pty)' } },
        ],
      },
    ],
  });
});
