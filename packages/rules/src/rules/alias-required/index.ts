import { DEVICE_KINDS_WITH_ALIAS, type Device } from '@virt-alias/parser';
import { aliasFixOrReason } from '../../naming/device-fix.js';
import { defineRule, docsUrl } from '../../rule.js';

// A type alias, not an interface: it must stay assignable to the generic options record.
type Options = { readonly devices: readonly string[] };

const SELECTORS: readonly string[] = [
  'volume-disk',
  'disk',
  'interface',
  'hostdev',
  '*',
  ...DEVICE_KINDS_WITH_ALIAS,
];

function inScope(device: Device, selectors: readonly string[]): boolean {
  return selectors.some((s) => {
    switch (s) {
      case '*':
        return true;
      case 'volume-disk':
        return device.identity?.kind === 'disk' && device.identity.isVolume;
      default:
        return device.kind === s;
    }
  });
}

/** What an operator needs to find the device: target dev, MAC, source, volume or port uuid. */
function describeDevice(device: Device): string {
  const id = device.identity;
  let name: string | undefined;
  const details: string[] = [];
  if (id?.kind === 'disk') {
    name = id.targetDev ?? id.source;
    if (id.volumeUuid !== undefined) details.push(`volume ${id.volumeUuid}`);
    else if (id.device === 'lun') details.push('SCSI LUN');
    else if (id.targetDev !== undefined && id.source !== undefined) details.push(id.source);
  } else if (id?.kind === 'interface') {
    name = id.mac ?? id.targetDev ?? id.source ?? id.hostdevAddress;
    if (id.portUuid !== undefined) details.push(`port ${id.portUuid}`);
    else if (id.mac !== undefined && id.targetDev !== undefined) details.push(id.targetDev);
  } else if (id?.kind === 'hostdev') {
    name = id.source;
  }
  if (name === undefined) {
    name = `#${device.kindIndex + 1}`;
    if (device.type !== undefined) details.push(`type ${device.type}`);
  }
  return details.length > 0 ? `${name} (${details.join(', ')})` : name;
}

export default defineRule<Options, 'missing'>({
  id: 'alias-required',
  meta: {
    type: 'problem',
    fixable: 'code',
    docs: {
      description:
        'Devices in scope (volume disks, interfaces, host devices by default) carry a `ua-` alias.',
      url: docsUrl('alias-required'),
    },
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        devices: {
          type: 'array',
          items: { enum: [...new Set(SELECTORS)] },
          uniqueItems: true,
        },
      },
    },
    defaultOptions: { devices: ['volume-disk', 'interface', 'hostdev'] },
    messages: {
      missing:
        '<{{kind}}> {{device}} has no user alias; Nova 2024.1+ finds devices by alias and refuses to detach one without it since 2026.1.',
    },
  },
  create(context) {
    const selectors = context.options.devices;
    return {
      device(device) {
        if (!device.keepsAlias) return;
        if (device.alias !== null || !inScope(device, selectors)) return;
        if (device.mirrorsSerial) return;
        context.report({
          messageId: 'missing',
          node: device.element,
          data: { kind: device.kind, device: describeDevice(device) },
          ...aliasFixOrReason(context, device),
        });
      },
    };
  },
});
