import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../config/resolve.js';
import { LIVE_DUMP_NOT_FIXED, lintText } from '../../linter.js';
import { domainXml, testRule } from '../../testing/rule-tester.js';
import rule from './index.js';

const disk = (alias: string, dev = 'vda') =>
  `    <disk type='file' device='disk'>\n      <source file='/i/${dev}'/>\n      <target dev='${dev}' bus='virtio'/>\n      ${alias}\n    </disk>`;
const running = (devices: string) =>
  domainXml(devices).replace(`<domain type='kvm'>`, `<domain type='kvm' id='12'>`);

describe('live-dump', () => {
  testRule(rule, {
    valid: [
      { name: 'an inactive definition', devices: disk(`<alias name='ua-disk-vda'/>`) },
      {
        name: 'one generated name is a dropped alias, not a live dump',
        devices: disk(`<alias name='virtio-disk0'/>`),
      },
      {
        name: 'generated names beside a user alias: a hand-edited definition',
        devices: [
          disk(`<alias name='virtio-disk0'/>`),
          disk(`<alias name='virtio-disk1'/>`, 'vdb'),
          disk(`<alias name='ua-c'/>`, 'vdc'),
        ].join('\n'),
      },
    ],
    invalid: [
      {
        name: '<domain id=...>',
        code: running(disk(`<alias name='virtio-disk0'/>`)),
        errors: [
          {
            messageId: 'liveDump',
            at: '<domain',
            data: { evidence: `<domain id='12'>; 1 generated alias: virtio-disk0` },
          },
        ],
      },
      {
        name: 'without id: two generated names and no user alias',
        devices: [disk(`<alias name='virtio-disk0'/>`), disk(`<alias name='virtio-disk1'/>`, 'vdb')].join(
          '\n',
        ),
        errors: [
          {
            messageId: 'liveDump',
            at: '<domain',
            data: { evidence: '2 generated aliases: virtio-disk0, virtio-disk1' },
          },
        ],
      },
    ],
  });

  it('no finding of a live dump carries a fix; each says why', () => {
    const result = lintText(running(disk(`<alias name='mydisk'/>`)), resolveConfig({ preset: 'strict' }));
    expect(result.liveDump).toBe(true);
    expect(result.messages.map((m) => m.ruleId).sort()).toEqual(['alias-user-prefix', 'live-dump']);
    for (const m of result.messages) expect(m.fix).toBeUndefined();
    const prefix = result.messages.find((m) => m.ruleId === 'alias-user-prefix')!;
    expect(prefix.unfixable).toBe(LIVE_DUMP_NOT_FIXED);
  });
});
