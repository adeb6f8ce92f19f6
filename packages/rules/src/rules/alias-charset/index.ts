import { invalidAliasCharacters } from '@virt-alias/parser';
import { aliasFixOrReason } from '../../naming/device-fix.js';
import { defineRule, docsUrl } from '../../rule.js';
import { quotedCharacter, visibleText } from '../../visible-text.js';

export default defineRule({
  id: 'alias-charset',
  meta: {
    type: 'problem',
    fixable: 'code',
    docs: {
      description: 'A `ua-` alias may use only `[A-Za-z0-9_-]`; libvirt silently drops any other.',
      url: docsUrl('alias-charset'),
    },
    schema: { type: 'object', additionalProperties: false, properties: {} },
    defaultOptions: {},
    messages: {
      badCharacters:
        'Alias "{{name}}" of this <{{kind}}> has {{characters}}, outside [A-Za-z0-9_-]: libvirt drops it silently on define.',
    },
  },
  create(context) {
    return {
      device(device) {
        const alias = device.alias;
        if (!alias || alias.status !== 'bad-charset' || !device.keepsAlias) return;
        const characters = invalidAliasCharacters(alias.name ?? '')
          .map(quotedCharacter)
          .join(', ');
        context.report({
          messageId: 'badCharacters',
          node: alias.nameAttribute ?? alias.element,
          data: { name: visibleText(alias.name ?? ''), kind: device.kind, characters },
          ...aliasFixOrReason(context, device),
        });
      },
    };
  },
});
