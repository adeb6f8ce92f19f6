import { parseDomain } from '@virt-alias/parser';
import { describe, expect, it } from 'vitest';
import { lintDocument } from '../linter.js';
import aliasCharset from '../rules/alias-charset/index.js';
import aliasRequired from '../rules/alias-required/index.js';
import { domainXml, testRule } from '../testing/rule-tester.js';
import { DIRECTIVE_RULE_ID } from './types.js';

/** alias-charset's finding, at `name='ua-<dev>.x'`, fixed to `ua-<dev>-x`. */
const charset = (dev: string): string =>
  `    <disk type='file'><target dev='${dev}'/><alias name='ua-${dev}.x'/></disk>`;
const fixedCharset = (dev: string): string => charset(dev).replace(`ua-${dev}.x`, `ua-${dev}-x`);
const nic = `    <interface type='ethernet'><mac address='52:54:00:00:00:01'/></interface>`;

describe('the rule tester runs the directives too (as ESLint’s RuleTester)', () => {
  testRule(aliasCharset, {
    valid: [
      {
        name: 'disable-next-line for the rule',
        devices: `    <!-- virt-alias-disable-next-line alias-charset - legacy name -->\n${charset('vda')}`,
      },
      { name: 'disable-line for all rules', devices: `${charset('vda')}<!-- virt-alias-disable-line -->` },
      {
        name: 'a disable-all block from before the root',
        code: `<!-- virt-alias-disable -->\n${domainXml(`${charset('vda')}\n${charset('vdb')}`)}`,
      },
      {
        name: 'an unused directive is not a finding of the rule under test',
        devices: `    <!-- virt-alias-disable-next-line alias-unique -->\n    <disk type='file'><alias name='ua-ok'/></disk>`,
      },
    ],
    invalid: [
      {
        name: 'a directive for another rule does not suppress this one; the comment is kept',
        devices: `    <!-- virt-alias-disable-next-line alias-unique -->\n${charset('vda')}`,
        errors: [{ messageId: 'badCharacters', at: `name='ua-vda.x'` }],
        output: domainXml(`    <!-- virt-alias-disable-next-line alias-unique -->\n${fixedCharset('vda')}`),
      },
      {
        name: 'only the uncovered finding is reported and fixed',
        devices: [
          `    <!-- virt-alias-disable-next-line -->`,
          charset('vda'),
          charset('vdb'),
          `    <!-- virt-alias-disable alias-charset -->`,
          charset('vdc'),
          `    <!-- virt-alias-enable alias-charset -->`,
          charset('vdd'),
        ].join('\n'),
        errors: [
          { messageId: 'badCharacters', at: `name='ua-vdb.x'` },
          { messageId: 'badCharacters', at: `name='ua-vdd.x'` },
        ],
        output: domainXml(
          [
            `    <!-- virt-alias-disable-next-line -->`,
            charset('vda'),
            fixedCharset('vdb'),
            `    <!-- virt-alias-disable alias-charset -->`,
            charset('vdc'),
            `    <!-- virt-alias-enable alias-charset -->`,
            fixedCharset('vdd'),
          ].join('\n'),
        ),
      },
    ],
  });

  testRule(aliasRequired, {
    valid: [
      {
        name: 'a missing alias, suppressed',
        devices: `    <!-- virt-alias-disable-next-line alias-required -->\n${nic}`,
      },
    ],
    invalid: [
      {
        name: 'the inserted alias leaves the directive before the end tag whole',
        devices: `    <interface type='ethernet'>\n      <mac address='52:54:00:00:00:01'/>\n      <!-- virt-alias-disable-next-line alias-charset -->\n    </interface>`,
        errors: [{ messageId: 'interface', at: '<interface' }],
        output: domainXml(
          `    <interface type='ethernet'>\n      <mac address='52:54:00:00:00:01'/>\n      <!-- virt-alias-disable-next-line alias-charset -->\n      <alias name='ua-net-525400000001'/>\n    </interface>`,
        ),
      },
    ],
  });

  it('a directive naming an unknown rule shows in lintDocument’s messages, so a tester case fails on it', () => {
    const parsed = parseDomain(
      domainXml(`    <!-- virt-alias-disable-next-line alias-charsett -->\n${charset('vda')}`),
    );
    if (parsed.kind !== 'domain') throw new Error('not a domain');
    const rules = new Map([
      [aliasCharset.id, { severity: 2 as const, options: aliasCharset.meta.defaultOptions }],
    ]);
    expect(lintDocument(parsed.document, { preset: 'recommended', rules }).map((m) => m.ruleId)).toEqual([
      DIRECTIVE_RULE_ID,
      'alias-charset',
    ]);
  });
});
