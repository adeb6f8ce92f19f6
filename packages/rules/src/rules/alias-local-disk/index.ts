import type { Device } from '@virt-alias/parser';
import { aliasFixOrReason } from '../../naming/device-fix.js';
import { isNovaLocalDisk } from '../../naming/plan.js';
import { defineRule, docsUrl } from '../../rule.js';
import { visibleText } from '../../visible-text.js';

type MessageId = 'rbd' | 'local';

/** A Ceph rbd disk: the kind `_update_rbd_xml` rewrites on live migration, unless it has `ua-`. */
const isRbd = (device: Device): boolean =>
  device.identity?.kind === 'disk' && (device.identity.source?.startsWith('rbd:') ?? false);

export default defineRule<Readonly<Record<string, never>>, MessageId>({
  id: 'alias-local-disk',
  meta: {
    type: 'problem',
    fixable: 'code',
    docs: {
      description:
        'A local disk (root, ephemeral, swap, config drive) of a Nova domain carries no `ua-` alias: to Nova, `ua-` on a disk means a Cinder volume.',
      url: docsUrl('alias-local-disk'),
    },
    schema: { type: 'object', additionalProperties: false, properties: {} },
    defaultOptions: {},
    messages: {
      rbd: 'Local rbd disk {{disk}} of a Nova domain carries the user alias "{{name}}": Nova takes it for a Cinder volume.',
      local:
        'Local disk {{disk}} of a Nova domain carries the user alias "{{name}}": Nova takes it for a Cinder volume.',
    },
    why: {
      rbd: 'Nova takes a disk with a ua- alias for a Cinder volume, and live migration (_update_rbd_xml) skips it when it rewrites Ceph monitor addresses, so this disk keeps stale monitors after a monitor change.',
      local:
        'Nova takes a disk with a ua- alias for a Cinder volume (live migration skips such disks when it rewrites rbd disks); Nova writes no alias on local disks and drops this one when it rebuilds the XML.',
    },
  },
  create(context) {
    return {
      device(device) {
        if (!device.keepsAlias || !isNovaLocalDisk(device, context.novaManaged)) return;
        const alias = device.alias;
        if (alias?.status !== 'valid') return;
        const id = device.identity?.kind === 'disk' ? device.identity : undefined;
        context.report({
          messageId: isRbd(device) ? 'rbd' : 'local',
          node: alias.element,
          data: {
            disk: id?.targetDev ?? id?.source ?? `#${device.kindIndex + 1}`,
            name: visibleText(alias.name!),
          },
          ...aliasFixOrReason(context, device),
        });
      },
    };
  },
});
