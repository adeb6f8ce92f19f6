import { aliasSupport, DEVICE_KINDS_WITH_ALIAS, looksGeneratedAlias, type Device } from '@virt-alias/parser';
import { aliasFixOrReason } from '../../naming/device-fix.js';
import { isNovaLocalDisk } from '../../naming/plan.js';
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
        // Not a smartcard's or nvram's: libvirt keeps it, but its schema rejects it, so
        // `virsh define --validate` (apply) refuses the domain. Naming the kind still asks for one.
        return aliasSupport(device.kind) === 'kept';
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

type MessageId = 'volume' | 'lun' | 'disk' | 'interface' | 'hostdev' | 'other';

/** Who relies on this device's alias: each message is true for its kind of device. */
function messageFor(device: Device): MessageId {
  const id = device.identity;
  if (id?.kind === 'disk') return id.device === 'lun' ? 'lun' : id.isVolume ? 'volume' : 'disk';
  if (device.kind === 'interface' || device.kind === 'hostdev') return device.kind;
  return 'other';
}

export default defineRule<Options, MessageId>({
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
      volume: '<disk> {{device}} has no user alias.',
      lun: '<disk> {{device}} has no user alias.',
      disk: '<disk> {{device}} has no user alias.',
      interface: '<interface> {{device}} has no user alias.',
      hostdev: '<hostdev> {{device}} has no user alias.',
      other: '<{{kind}}> {{device}} has no user alias.',
    },
    why: {
      volume:
        'Nova 2024.1+ names a volume disk ua-<volume uuid> and finds it by that alias first, falling back to its target dev, which can change.',
      lun: 'A SCSI LUN carries no <serial>, so the alias ua-<volume uuid> that Nova 2024.1+ writes is the only stable way to find this volume.',
      disk: 'A ua- alias names it for libvirt users (virsh detach-device-alias) and management tools whatever the device order.',
      interface:
        'Nova writes none and finds interfaces by MAC, type and source; the libvirt-dev-alias blueprint names a port ua-<port uuid> so that tools find it without matching MACs, which two interfaces may share.',
      hostdev:
        'Nova writes none on host devices (it matches PCI devices by address, mdevs by uuid); a ua- alias names it for libvirt users and tools whatever its address, and a direct-physical port is named ua-<port uuid> as the blueprint names ports.',
      other:
        'A ua- alias names the device for libvirt users and management tools instead of a name generated from device order.',
    },
  },
  create(context) {
    const selectors = context.options.devices;
    return {
      device(device) {
        if (!device.keepsAlias || !inScope(device, selectors)) return;
        // A live dump is judged as its inactive define: generated names are gone there.
        const generated =
          context.document.liveDump !== null &&
          device.alias?.name !== undefined &&
          looksGeneratedAlias(device.alias.name);
        if (device.alias !== null && !generated) return;
        if (device.mirrorsSerial || isNovaLocalDisk(device, context.novaManaged)) return;
        context.report({
          messageId: messageFor(device),
          node: device.element,
          data: { kind: device.kind, device: describeDevice(device) },
          ...aliasFixOrReason(context, device),
        });
      },
    };
  },
});
