import type { XmlElement } from '@virt-alias/parser';
import { removeAliasFix } from '../../naming/alias-edits.js';
import { aliasFixOrReason } from '../../naming/device-fix.js';
import { defineRule, docsUrl } from '../../rule.js';
import { visibleText } from '../../visible-text.js';

export default defineRule({
  id: 'alias-placement',
  meta: {
    type: 'problem',
    fixable: 'code',
    docs: {
      description:
        'An `<alias>` is the first direct child of a device that takes one, with a name; libvirt ignores any other.',
      url: docsUrl('alias-placement'),
    },
    schema: { type: 'object', additionalProperties: false, properties: {} },
    defaultOptions: {},
    messages: {
      nested:
        'This <alias> is nested inside <{{parent}}>, not a direct child of the <{{kind}}>: libvirt never reads it, so it gives the device no alias.',
      extra:
        'This is <alias> number {{number}} of the <{{kind}}>: libvirt reads only the first one and ignores the rest.',
      missingName:
        'This <alias> of the <{{kind}}> has no name attribute: libvirt ignores it, so the device has no alias.',
      emptyName:
        'This <alias> of the <{{kind}}> has an empty name: libvirt ignores it, so the device has no alias.',
      ignoredDevice:
        'libvirt ignores <alias> on a <{{kind}}>: this device takes no alias, so it is dropped on define.',
      consoleMirrorsSerial:
        'This <console> mirrors serial[0], and libvirt writes it back with serial[0]\'s alias ({{serialAlias}}): its own alias "{{name}}" is lost on define.',
    },
  },
  create(context) {
    const { document } = context;
    /** serial[0]'s valid alias, looked up only when a console mirrors it. */
    const serial0Alias = (): string | undefined => {
      const serial0 = document.devices.find((d) => d.kind === 'serial' && d.kindIndex === 0);
      return serial0?.alias?.status === 'valid' ? serial0.alias.name : undefined;
    };
    const remove = (el: XmlElement) => ({ fix: removeAliasFix(document, el) });
    return {
      device(device) {
        const support = device.aliasSupport;
        if (support === undefined) return;
        const { kind } = device;
        const nestedAliases = device.nestedAliases;
        for (let i = 0; i < nestedAliases.length; i++) {
          const el = nestedAliases[i]!;
          // The first nested alias of a device without a direct one is what its author meant:
          // the plan moves it up. Any other is removed, as is one the plan has no use for.
          const planned =
            device.keepsAlias && device.alias === null && i === 0 ? aliasFixOrReason(context, device) : {};
          context.report({
            messageId: 'nested',
            node: el,
            data: { parent: el.parent?.name ?? '', kind },
            ...('fix' in planned || 'unfixable' in planned ? planned : remove(el)),
          });
        }
        const aliasElements = device.aliasElements;
        if (support === 'ignored') {
          for (const el of aliasElements)
            context.report({ messageId: 'ignoredDevice', node: el, data: { kind }, ...remove(el) });
          return;
        }
        for (let i = 1; i < aliasElements.length; i++) {
          const el = aliasElements[i]!;
          context.report({ messageId: 'extra', node: el, data: { kind, number: i + 1 }, ...remove(el) });
        }
        const alias = device.alias;
        if (!alias) return;
        if (alias.status === 'missing' || alias.status === 'empty') {
          context.report({
            messageId: alias.status === 'missing' ? 'missingName' : 'emptyName',
            node: alias.element,
            data: { kind },
            ...aliasFixOrReason(context, device),
          });
        } else if (alias.status === 'valid' && alias.name !== undefined && device.mirrorsSerial) {
          const serialAlias = serial0Alias();
          if (alias.name === serialAlias) return;
          context.report({
            messageId: 'consoleMirrorsSerial',
            node: alias.element,
            data: {
              name: visibleText(alias.name),
              serialAlias: serialAlias === undefined ? 'none' : `"${serialAlias}"`,
            },
            ...aliasFixOrReason(context, device),
          });
        }
      },
    };
  },
});
