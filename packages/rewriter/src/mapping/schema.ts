export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
export const MAC_PATTERN = '^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$';
export const TARGET_DEV_PATTERN = '^[A-Za-z0-9_.-]+$';
/**
 * `dddd:bb:ss.f` in hex, as Neutron's `binding:profile` `pci_slot` and `lspci -D` write it. Lower-cased,
 * it is exactly the address the parser gives a PCI hostdev (`pci:dddd:bb:ss.f`, zero-padded).
 */
export const PCI_ADDRESS_PATTERN = '^[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-7]$';

/**
 * JSON Schema (draft-07) of the `--mapping` file: per instance (domain) uuid, the volume of each
 * disk target dev, the port of each MAC address and the port of each passed-through PCI device.
 * Shipped as docs/mapping.schema.json.
 */
export const mappingSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://github.com/virt-alias/virt-alias/blob/main/docs/mapping.schema.json',
  title: 'virt-alias mapping',
  description:
    'Outside data for devices whose OpenStack id the domain XML does not hold. Keys are unique even ignoring case, and no uuid names two devices of one instance.',
  type: 'object',
  additionalProperties: false,
  required: ['instances'],
  properties: {
    $schema: { type: 'string' },
    instances: {
      description: 'Keyed by instance uuid (the domain <uuid>).',
      type: 'object',
      propertyNames: { pattern: UUID_PATTERN },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          disks: {
            description: 'Disk target dev (vdb, sda) -> Cinder volume uuid.',
            type: 'object',
            propertyNames: { pattern: TARGET_DEV_PATTERN },
            additionalProperties: { type: 'string', pattern: UUID_PATTERN },
          },
          interfaces: {
            description: 'MAC address -> Neutron port uuid.',
            type: 'object',
            propertyNames: { pattern: MAC_PATTERN },
            additionalProperties: { type: 'string', pattern: UUID_PATTERN },
          },
          hostdevs: {
            description:
              'Host PCI address (dddd:bb:ss.f) of a <hostdev> -> Neutron port uuid: a direct-physical port (a whole NIC passed through), its binding:profile pci_slot.',
            type: 'object',
            propertyNames: { pattern: PCI_ADDRESS_PATTERN },
            additionalProperties: { type: 'string', pattern: UUID_PATTERN },
          },
        },
      },
    },
  },
} as const;

export interface MappingFile {
  readonly instances: Readonly<
    Record<
      string,
      {
        readonly disks?: Readonly<Record<string, string>>;
        readonly interfaces?: Readonly<Record<string, string>>;
        readonly hostdevs?: Readonly<Record<string, string>>;
      }
    >
  >;
}
