import { USER_ALIAS_PREFIX } from '@virt-alias/parser';
import { aliasFixOrReason } from '../../naming/device-fix.js';
import { identityName } from '../../naming/names.js';
import { defineRule, docsUrl } from '../../rule.js';
import { visibleText } from '../../visible-text.js';

const SOURCE = {
  serial: 'its <serial>',
  virtualport: 'its <virtualport> interfaceid',
  'device-name': 'its device name prefix matched against the nova:port list',
  mapping: 'the --mapping file',
} as const;

export default defineRule({
  id: 'alias-identity',
  meta: {
    type: 'problem',
    fixable: 'code',
    docs: {
      description:
        'A volume disk is aliased `ua-<volume uuid>`, and an interface or host device with a known Neutron port `ua-<port uuid>`.',
      url: docsUrl('alias-identity'),
    },
    schema: { type: 'object', additionalProperties: false, properties: {} },
    defaultOptions: {},
    messages: {
      volume:
        'Alias "{{name}}" of this disk does not name its volume: {{source}} says volume {{uuid}}, so the alias should be "{{expected}}".',
      port: 'Alias "{{name}}" of this interface does not name its Neutron port: {{source}} gives port {{uuid}}, so the alias should be "{{expected}}".',
      hostdevPort:
        'Alias "{{name}}" of this host device does not name its Neutron port: {{source}} gives port {{uuid}}, so the alias should be "{{expected}}".',
    },
    why: {
      volume:
        'Nova 2024.1+ looks a volume disk up by the alias ua-<volume uuid> first and does not find this one.',
      port: 'Tools that find ports by alias (ua-<port uuid>) will not find it.',
      hostdevPort:
        'The port is a direct-physical one, the whole PCI device passed through; tools that find ports by alias (ua-<port uuid>) will not find it.',
    },
  },
  create(context) {
    const { document, settings } = context;
    const mapping = document.uuid ? settings.mappingFor?.(document.uuid) : undefined;
    return {
      device(device) {
        const alias = device.alias;
        if (alias?.status !== 'valid' || alias.name === undefined) return;
        const expected = identityName(device, mapping);
        if (!expected) return;
        if (alias.name.slice(USER_ALIAS_PREFIX.length).toLowerCase() === expected.uuid) return;
        context.report({
          messageId: device.kind === 'hostdev' ? 'hostdevPort' : expected.source,
          node: alias.nameAttribute ?? alias.element,
          data: {
            name: visibleText(alias.name),
            uuid: expected.uuid,
            expected: expected.name,
            source: SOURCE[expected.from],
          },
          ...aliasFixOrReason(context, device),
        });
      },
    };
  },
});
