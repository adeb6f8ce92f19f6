import { describe } from 'vitest';
import { testRule } from '../../testing/rule-tester.js';
import rule from './index.js';

const disk = (alias: string) =>
  `    <disk type='file' device='disk'>\n      <source file='/a'/>\n      <target dev='vda'/>\n      ${alias}\n    </disk>`;

describe('alias-charset', () => {
  testRule(rule, {
    valid: [
      { name: 'letters, digits, - and _', devices: disk(`<alias name='ua-Disk_0-a'/>`) },
      { name: 'the bare prefix', devices: disk(`<alias name='ua-'/>`) },
      { name: 'no alias', devices: disk('') },
      { name: 'no ua- prefix is another rule', devices: disk(`<alias name='disk.0'/>`) },
      {
        name: 'graphics takes no alias (another rule)',
        devices: `<graphics type='vnc'><alias name='ua-g.0'/></graphics>`,
      },
      { name: 'unknown device element', devices: `<crypto model='virtio'><alias name='ua-c.0'/></crypto>` },
    ],
    invalid: [
      {
        name: 'a dot',
        devices: disk(`<alias name='ua-disk.0'/>`),
        errors: [{ messageId: 'badCharacters', at: `name='ua-disk.0'`, data: { characters: '"."' } }],
      },
      {
        name: 'colon and non-ASCII, each named once',
        devices: disk(`<alias name="ua-d:ï:sk"/>`),
        errors: [{ messageId: 'badCharacters', at: `name="ua-d`, data: { characters: '":", "ï"' } }],
      },
      {
        name: 'an entity-encoded space is still a space',
        devices: disk(`<alias name='ua-a&#32;b'/>`),
        errors: [{ messageId: 'badCharacters', at: `name='ua-a`, data: { characters: '" "' } }],
      },
    ],
  });
});
