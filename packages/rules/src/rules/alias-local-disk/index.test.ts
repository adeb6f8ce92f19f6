import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../config/resolve.js';
import { lintText } from '../../linter.js';
import { domainXml, testRule } from '../../testing/rule-tester.js';
import rule from './index.js';

const VOL = '3e6a4c4e-7d1b-4b7e-9d7a-0f6f5e4d3c2b';
const NOVA = `  <metadata>\n    <nova:instance xmlns:nova="http://openstack.org/xmlns/libvirt/nova/1.1"/>\n  </metadata>\n`;
const rbdRoot = (alias: string) =>
  `    <disk type='network' device='disk'>\n      <source protocol='rbd' name='vms/0e3ad5e4_disk'/>\n      <target dev='vda' bus='virtio'/>\n      ${alias}\n    </disk>`;
const configDrive = (alias: string) =>
  `    <disk type='file' device='cdrom'>\n      <source file='/var/lib/nova/instances/i/disk.config'/>\n      <target dev='sda' bus='sata'/>\n      ${alias}\n    </disk>`;
const volume = (alias: string) =>
  `    <disk type='network' device='disk'>\n      <source protocol='rbd' name='volumes/volume-${VOL}'/>\n      <target dev='vdb' bus='virtio'/>\n      <serial>${VOL}</serial>\n      ${alias}\n    </disk>`;
/** A disk without serial whose alias Nova wrote: `ua-<volume uuid>` marks a volume. */
const aliasedVolume = `    <disk type='block' device='disk'>\n      <source dev='/dev/sdx'/>\n      <target dev='vdc' bus='virtio'/>\n      <alias name='ua-${VOL}'/>\n    </disk>`;

describe('alias-local-disk', () => {
  testRule(rule, {
    valid: [
      {
        name: 'outside Nova, a local disk may carry a user alias',
        devices: rbdRoot(`<alias name='ua-disk-vda'/>`),
      },
      { name: 'a Nova volume with its alias', code: domainXml(volume(`<alias name='ua-${VOL}'/>`), NOVA) },
      { name: 'a ua-<uuid> alias marks a volume (what Nova writes)', code: domainXml(aliasedVolume, NOVA) },
      { name: 'a Nova local disk without alias', code: domainXml(rbdRoot(''), NOVA) },
      {
        name: 'an invalid alias on a Nova local disk is another rule’s finding',
        code: domainXml(rbdRoot(`<alias name='virtio-disk0'/>`), NOVA),
      },
    ],
    invalid: [
      {
        name: 'a local rbd disk of a Nova domain: live migration would skip it',
        code: domainXml(rbdRoot(`<alias name='ua-disk-vda'/>`), NOVA),
        errors: [{ messageId: 'rbd', at: `<alias`, data: { disk: 'vda', name: 'ua-disk-vda' } }],
        output: domainXml(rbdRoot('').replace('\n      \n', '\n'), NOVA),
      },
      {
        name: 'a config drive of a Nova domain',
        code: domainXml(configDrive(`<alias name='ua-cd'/>`), NOVA),
        errors: [{ messageId: 'local', at: `<alias`, data: { disk: 'sda' } }],
        output: domainXml(configDrive('').replace('\n      \n', '\n'), NOVA),
      },
      {
        name: 'the nova preset: the user says the domain is Nova’s',
        preset: 'nova',
        devices: rbdRoot(`<alias name='ua-disk-vda'/>`),
        errors: [{ messageId: 'rbd', at: `<alias` }],
        output: domainXml(rbdRoot('').replace('\n      \n', '\n')),
      },
    ],
  });

  it('fix never writes ua- on a local disk of a Nova domain, and removes an invalid alias there', () => {
    const text = domainXml(`${rbdRoot(`<alias name='virtio-disk0'/>`)}\n${configDrive('')}`, NOVA);
    const messages = lintText(text, resolveConfig({ preset: 'strict' })).messages;
    // strict asks every device for an alias, but not these disks; the invalid one is removed.
    expect(messages.map((m) => m.ruleId)).toEqual(['alias-user-prefix']);
    expect(messages[0]!.fix).toEqual({ range: expect.any(Array) as unknown, text: '' });
  });
});
