import { describe } from 'vitest';
import { domainXml, testRule } from '../../testing/rule-tester.js';
import rule from './index.js';

const virtio = (alias: string, mac = '52:54:00:00:00:01') =>
  `    <interface type='bridge'>\n      <mac address='${mac}'/>\n      <source bridge='br0'/>\n      <model type='virtio'/>\n      <teaming type='persistent'/>\n      ${alias}\n    </interface>`;
const vf = (persistent: string, alias = `<alias name='ua-vf'/>`) =>
  `    <interface type='hostdev' managed='yes'>\n      <mac address='52:54:00:00:00:01'/>\n      <source>\n        <address type='pci' domain='0x0000' bus='0x3b' slot='0x02' function='0x3'/>\n      </source>\n      <teaming type='transient' ${persistent}/>\n      ${alias}\n    </interface>`;

describe('teaming-reference', () => {
  testRule(rule, {
    valid: [
      {
        name: 'the transient VF names the virtio interface',
        devices: [virtio(`<alias name='ua-net0'/>`), vf(`persistent='ua-net0'`)].join('\n'),
      },
      {
        name: 'the reference may come first',
        devices: [vf(`persistent='ua-net0'`), virtio(`<alias name='ua-net0'/>`)].join('\n'),
      },
      { name: 'no persistent attribute', devices: vf('') },
      {
        name: 'no teaming at all',
        devices: `    <interface type='network'><source network='default'/></interface>`,
      },
      {
        name: 'two interfaces share the alias (alias-unique reports that)',
        devices: [
          virtio(`<alias name='ua-net0'/>`),
          vf(`persistent='ua-net0'`, `<alias name='ua-net0'/>`),
        ].join('\n'),
      },
    ],
    invalid: [
      {
        name: 'no interface carries the alias',
        devices: [virtio(`<alias name='ua-net1'/>`), vf(`persistent='ua-net0'`)].join('\n'),
        errors: [{ messageId: 'dangling', at: `persistent='ua-net0'`, data: { name: 'ua-net0' } }],
      },
      {
        name: 'the partner has no alias (CRLF)',
        code: domainXml([virtio(''), vf(`persistent="ua-net0"`)].join('\n')).replace(/\n/g, '\r\n'),
        errors: [{ messageId: 'dangling', at: `persistent="ua-net0"` }],
      },
      {
        name: "the partner's alias is dropped by libvirt, tab-indented",
        devices: [virtio(`<alias name='net0'/>`), vf(`persistent='net0'`)].join('\n').replace(/ {2}/g, '\t'),
        errors: [{ messageId: 'dangling', at: `persistent='net0'`, data: { name: 'net0' } }],
      },
      {
        name: 'only the first direct alias of the partner counts',
        devices: [virtio(`<alias name='ua-a'/><alias name='ua-net0'/>`), vf(`persistent='ua-net0'`)].join(
          '\n',
        ),
        errors: [{ messageId: 'dangling', at: `persistent='ua-net0'` }],
      },
      {
        name: 'another kind of device does not count',
        devices: [
          `    <hostdev mode='subsystem' type='pci'><alias name='ua-net0'/></hostdev>`,
          vf(`persistent='ua-net0'`),
        ].join('\n'),
        errors: [{ messageId: 'dangling', at: `persistent='ua-net0'` }],
      },
      {
        name: 'an empty reference',
        devices: [virtio(`<alias name='ua-net0'/>`), vf(`persistent=''`)].join('\n'),
        errors: [{ messageId: 'dangling', at: `persistent=''` }],
      },
      {
        name: 'the interface names itself',
        devices: vf(`persistent='ua-vf'`),
        errors: [{ messageId: 'self', at: `persistent='ua-vf'`, data: { name: 'ua-vf' } }],
      },
    ],
  });
});
