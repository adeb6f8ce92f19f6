import type { Device } from '@virt-alias/parser';
import { defineRule, docsUrl } from '../../rule.js';
import { visibleText } from '../../visible-text.js';

export default defineRule({
  id: 'teaming-reference',
  meta: {
    type: 'problem',
    docs: {
      description:
        "`<teaming persistent='...'>` names the user alias of another `<interface>` of the domain.",
      url: docsUrl('teaming-reference'),
    },
    schema: { type: 'object', additionalProperties: false, properties: {} },
    defaultOptions: {},
    messages: {
      dangling:
        '<teaming persistent="{{name}}"> names no other <interface> by its user alias: virsh define accepts it, but the failover pair is broken.',
      self: '<teaming persistent="{{name}}"> names this interface itself, not its failover partner: virsh define accepts it, but the failover pair is broken.',
    },
  },
  create(context) {
    /** Interfaces by their valid alias: made for the first `<teaming persistent>` only. */
    let owners: Map<string, Device[]> | undefined;
    const ownersOf = (name: string): Device[] => {
      if (!owners) {
        owners = new Map();
        for (const d of context.document.devices) {
          if (d.kind !== 'interface' || d.alias?.status !== 'valid' || d.alias.name === undefined) continue;
          owners.set(d.alias.name, [...(owners.get(d.alias.name) ?? []), d]);
        }
      }
      return owners.get(name) ?? [];
    };
    return {
      device(device) {
        if (device.kind !== 'interface' || device.identity?.kind !== 'interface') return;
        const attr = device.identity.teamingPersistent;
        if (!attr) return;
        const named = ownersOf(attr.value);
        if (named.some((d) => d !== device)) return;
        context.report({
          messageId: named.length > 0 ? 'self' : 'dangling',
          node: attr,
          data: { name: visibleText(attr.value) },
        });
      },
    };
  },
});
