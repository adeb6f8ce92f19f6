import { looksGeneratedAlias, USER_ALIAS_PREFIX } from '@virt-alias/parser';
import { aliasFixOrReason } from '../../naming/device-fix.js';
import { defineRule, docsUrl } from '../../rule.js';
import { visibleText } from '../../visible-text.js';

type MessageId = 'generated' | 'wrongCase' | 'leadingSpace' | 'missingPrefix';

function classify(name: string): MessageId {
  if (looksGeneratedAlias(name)) return 'generated';
  if (name.toLowerCase().startsWith(USER_ALIAS_PREFIX)) return 'wrongCase';
  if (name.trim().startsWith(USER_ALIAS_PREFIX)) return 'leadingSpace';
  return 'missingPrefix';
}

export default defineRule<Readonly<Record<string, never>>, MessageId>({
  id: 'alias-user-prefix',
  meta: {
    type: 'problem',
    fixable: 'code',
    docs: {
      description: 'An alias must start with `ua-` (case-sensitive); libvirt silently drops any other name.',
      url: docsUrl('alias-user-prefix'),
    },
    schema: { type: 'object', additionalProperties: false, properties: {} },
    defaultOptions: {},
    messages: {
      generated:
        'Alias "{{name}}" of this <{{kind}}> is a libvirt-generated name from a live dump, not a user alias: libvirt drops it on define.',
      wrongCase:
        'Alias "{{name}}" of this <{{kind}}> starts with "{{prefix}}", but the ua- prefix is case-sensitive: libvirt drops it silently on define.',
      leadingSpace:
        'Alias "{{name}}" of this <{{kind}}> has whitespace before its ua- prefix: libvirt drops it silently on define.',
      missingPrefix:
        'Alias "{{name}}" of this <{{kind}}> does not start with ua-: libvirt drops it silently on define.',
    },
  },
  create(context) {
    return {
      device(device) {
        if (!device.keepsAlias) return;
        const alias = device.alias;
        if (alias?.status !== 'no-user-prefix' || alias.name === undefined) return;
        const messageId = classify(alias.name);
        // In a live dump, generated names are the rule `live-dump` reports once.
        if (messageId === 'generated' && context.document.liveDump !== null) return;
        context.report({
          messageId,
          node: alias.nameAttribute ?? alias.element,
          data: {
            name: visibleText(alias.name),
            kind: device.kind,
            prefix: alias.name.slice(0, USER_ALIAS_PREFIX.length),
          },
          ...aliasFixOrReason(context, device),
        });
      },
    };
  },
});
