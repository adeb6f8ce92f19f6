import type { RuleEntry } from './types.js';

export const PRESET_NAMES = ['nova', 'recommended', 'strict'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/**
 * Without a preset from the command line or a config file, each domain is judged by the preset
 * that answers its question: a Nova-managed one (nova:instance metadata) by `nova`, so that XML
 * in exactly the form Nova writes passes; any other by `recommended`.
 */
export const DEFAULT_PRESET: PresetName = 'recommended';
export const DEFAULT_NOVA_PRESET: PresetName = 'nova';

/** What libvirt drops or rejects, and what breaks Nova, is an error in every preset; presets differ in scope. */
const ALWAYS_ERRORS: Readonly<Record<string, RuleEntry>> = {
  'alias-user-prefix': 'error',
  'alias-charset': 'error',
  'alias-unique': 'error',
  'alias-placement': 'error',
  'teaming-reference': 'error',
  'alias-local-disk': 'error',
  'live-dump': 'error',
};

export const PRESETS: Readonly<Record<PresetName, Readonly<Record<string, RuleEntry>>>> = {
  /**
   * What Nova as shipped writes and relies on: since 2024.1 (29.0.0) `ua-<volume uuid>` on every
   * volume disk (SCSI LUN included), found by that alias first. Nova writes no other alias.
   */
  nova: {
    ...ALWAYS_ERRORS,
    'alias-required': ['error', { devices: ['volume-disk'] }],
    'alias-identity': 'error',
    'identifier-unique': 'warn',
  },
  /** The libvirt-dev-alias blueprint's volumes and ports (interfaces, a PCI hostdev may be one), and host devices. */
  recommended: {
    ...ALWAYS_ERRORS,
    'alias-required': ['error', { devices: ['volume-disk', 'interface', 'hostdev'] }],
    'alias-identity': 'error',
    'identifier-unique': 'warn',
  },
  /** Every device that takes an alias the schema allows carries one; every finding is an error. */
  strict: {
    ...ALWAYS_ERRORS,
    'alias-required': ['error', { devices: ['*'] }],
    'alias-identity': 'error',
    'identifier-unique': 'error',
    'libvirt-schema': 'error',
  },
};
