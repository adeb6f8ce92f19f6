import type { Device } from '@virt-alias/parser';
import { aliasFixOrReason, plannedName } from '../../naming/device-fix.js';
import { defineRule, docsUrl, type RuleContext } from '../../rule.js';
import { visibleText } from '../../visible-text.js';

/**
 * The fix of a duplicate, reported on the later holder: its own, or else the first holder's. The
 * plan moves whichever holder can move (a console that must keep serial[0]'s alias, or a disk
 * whose volume name is another disk's, stays), and the finding carries that edit. A console that
 * mirrors serial[0] may keep its name (its fix then names serial[0]), which ends nothing.
 */
function fixOfPair(context: RuleContext<unknown>, device: Device, first: Device) {
  const planned = plannedName(context, device);
  const keeps = planned?.kind === 'name' && planned.name === device.alias?.name;
  const own = keeps ? {} : aliasFixOrReason(context, device);
  if ('fix' in own) return own;
  // This holder may be the one that cannot move: the first holder then moves instead.
  const other = aliasFixOrReason(context, first);
  return 'fix' in other || !('unfixable' in own) ? other : own;
}

export default defineRule<Readonly<Record<string, never>>, 'duplicate'>({
  id: 'alias-unique',
  meta: {
    type: 'problem',
    fixable: 'code',
    docs: {
      description:
        'User aliases are unique within a domain; libvirt refuses to define a domain that repeats one.',
      url: docsUrl('alias-unique'),
    },
    schema: { type: 'object', additionalProperties: false, properties: {} },
    defaultOptions: {},
    messages: {
      duplicate:
        'Alias "{{name}}" is already used by the <{{firstKind}}> at line {{line}}: virsh define fails with "non unique alias detected: {{name}}".',
    },
  },
  create(context) {
    const { document } = context;
    const seen = new Map<string, Device>();
    return {
      device(device) {
        if (!device.keepsAlias) return;
        const alias = device.alias;
        if (alias?.status !== 'valid' || alias.name === undefined) return;
        if (device.uniquenessExempt) return;
        const first = seen.get(alias.name);
        if (!first) {
          seen.set(alias.name, device);
          return;
        }
        context.report({
          messageId: 'duplicate',
          node: alias.nameAttribute ?? alias.element,
          data: {
            name: visibleText(alias.name),
            firstKind: first.kind,
            line: document.positionAt(first.element.startTag[0]).line,
          },
          ...fixOfPair(context, device, first),
        });
      },
    };
  },
});
