const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const MAC = '^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$';
const TARGET_DEV = '^[A-Za-z0-9_.-]+$';

/**
 * JSON Schema (draft-07) of the `--mapping` file: per instance (domain) uuid, the volume of each
 * disk target dev and the port of each MAC address. Shipped as docs/mapping.schema.json.
 */
export const mappingSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://github.com/virt-alias/virt-alias/blob/main/docs/mapping.schema.json',
  title: 'virt-alias mapping',
  description: 'Outside data for devices whose OpenStack id the domain XML does not hold.',
  type: 'object',
  additionalProperties: false,
  required: ['instances'],
  properties: {
    $schema: { type: 'string' },
    instances: {
      description: 'Keyed by instance uuid (the domain <uuid>).',
      type: 'object',
      propertyNames: { pattern: UUID },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          disks: {
            description: 'Disk target dev (vdb, sda) -> Cinder volume uuid.',
            type: 'object',
            propertyNames: { pattern: TARGET_DEV },
            additionalProperties: { type: 'string', pattern: UUID },
          },
          interfaces: {
            description: 'MAC address -> Neutron port uuid.',
            type: 'object',
            propertyNames: { pattern: MAC },
            additionalProperties: { type: 'string', pattern: UUID },
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
      }
    >
  >;
}
