import { child, type Device, type XmlElement } from '@virt-alias/parser';
import { defineRule, docsUrl } from '../../rule.js';

type MessageId = 'duplicateSerial' | 'duplicateWwn' | 'duplicateMac';

const isTeamed = (device: Device): boolean => child(device.element, 'teaming') !== undefined;

export default defineRule<Readonly<Record<string, never>>, MessageId>({
  id: 'identifier-unique',
  meta: {
    type: 'suggestion',
    docs: {
      description:
        'Disks do not share a `<serial>` or `<wwn>` and interfaces do not share a MAC, or only aliases tell them apart.',
      url: docsUrl('identifier-unique'),
    },
    schema: { type: 'object', additionalProperties: false, properties: {} },
    defaultOptions: {},
    messages: {
      duplicateSerial: 'Disk serial "{{value}}" is also on the <disk> at line {{line}}.',
      duplicateWwn: 'Disk WWN "{{value}}" is also on the <disk> at line {{line}}.',
      duplicateMac: 'MAC address {{value}} is also on the <interface> at line {{line}}.',
    },
    why: {
      duplicateSerial:
        'Nova paths that match disks by <serial> cannot tell them apart, only distinct user aliases can.',
      duplicateWwn:
        'The guest and tools that match disks by WWN cannot tell them apart, only distinct user aliases can.',
      duplicateMac:
        'Nova and other tools that match interfaces by MAC tell the two apart only by type and source, or by distinct user aliases.',
    },
  },
  create(context) {
    const { document } = context;
    /** The first device with each serial, WWN and MAC; a map is made for the first one. */
    const seen: Partial<Record<MessageId, Map<string, Device>>> = {};
    const check = (
      messageId: MessageId,
      device: Device,
      key: string | undefined,
      value: string | undefined,
      /** The element to point at, or the name of the device's child to look up for a duplicate only. */
      node: XmlElement | string | undefined,
    ): void => {
      if (key === undefined || value === undefined) return;
      const firsts = (seen[messageId] ??= new Map<string, Device>());
      const first = firsts.get(key);
      if (!first) {
        firsts.set(key, device);
        return;
      }
      context.report({
        messageId,
        node: (typeof node === 'string' ? child(device.element, node) : node) ?? device.element,
        data: { value, line: document.positionAt(first.element.startTag[0]).line },
      });
    };
    return {
      device(device) {
        const id = device.identity;
        if (id?.kind === 'disk' && device.kind === 'disk') {
          if (id.serial !== undefined) check('duplicateSerial', device, id.serial, id.serial, 'serial');
          if (id.wwn !== undefined) check('duplicateWwn', device, id.wwn.toLowerCase(), id.wwn, 'wwn');
        } else if (id?.kind === 'interface' && device.kind === 'interface') {
          if (id.mac === undefined) return;
          // The two halves of a failover pair share their MAC by design, and name each other by alias.
          const first = seen.duplicateMac?.get(id.mac);
          if (first && isTeamed(first) && isTeamed(device)) return;
          check('duplicateMac', device, id.mac, id.mac, id.macElement);
        }
      },
    };
  },
});
