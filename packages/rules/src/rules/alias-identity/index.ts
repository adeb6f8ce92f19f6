import { USER_ALIAS_PREFIX } from '@virt-alias/parser';
import { defineRule, docsUrl } from '../../rule.js';

const PORT_SOURCE = {
  virtualport: 'its <virtualport> interfaceid',
  'device-name': 'its device name prefix matched against the nova:port list',
} as const;

export default defineRule({
  id: 'alias-identity',
  meta: {
    type: 'problem',
    docs: {
      description:
        'A volume disk is aliased `ua-<volume uuid>` and an interface with a known Neutron port `ua-<port uuid>`.',
      url: docsUrl('alias-identity'),
    },
    schema: { type: 'object', additionalProperties: false, properties: {} },
    defaultOptions: {},
    messages: {
      volume:
        'Alias "{{name}}" of this disk does not name its volume: its <serial> says volume {{uuid}}, so the alias should be "{{expected}}"; Nova 2024.1+ looks the disk up by that alias and will not find it.',
      port: 'Alias "{{name}}" of this interface does not name its Neutron port: {{source}} gives port {{uuid}}, so the alias should be "{{expected}}"; tools that find ports by alias will not find it.',
    },
  },
  create(context) {
    return {
      device(device) {
        const alias = device.alias;
        const id = device.identity;
        if (alias?.status !== 'valid' || alias.name === undefined || !id) return;
        const uuidPart = alias.name.slice(USER_ALIAS_PREFIX.length).toLowerCase();
        if (id.kind === 'disk' && id.volumeUuidFrom === 'serial' && id.volumeUuid !== undefined) {
          if (uuidPart === id.volumeUuid) return;
          context.report({
            messageId: 'volume',
            node: alias.nameAttribute ?? alias.element,
            data: { name: alias.name, uuid: id.volumeUuid, expected: `${USER_ALIAS_PREFIX}${id.volumeUuid}` },
          });
        } else if (id.kind === 'interface' && id.portUuid !== undefined && id.portUuidFrom !== undefined) {
          if (uuidPart === id.portUuid) return;
          context.report({
            messageId: 'port',
            node: alias.nameAttribute ?? alias.element,
            data: {
              name: alias.name,
              uuid: id.portUuid,
              source: PORT_SOURCE[id.portUuidFrom],
              expected: `${USER_ALIAS_PREFIX}${id.portUuid}`,
            },
          });
        }
      },
    };
  },
});
