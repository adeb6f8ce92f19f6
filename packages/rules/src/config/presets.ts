import type { RuleEntry } from './types.js';

export const PRESET_NAMES = ['nova', 'recommended', 'strict'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export const DEFAULT_PRESET: PresetName = 'recommended';

/** What libvirt drops or rejects is an error in every preset; presets differ in scope. */
const LIBVIRT_ERRORS: Readonly<Record<string, RuleEntry>> = {
  'alias-user-prefix': 'error',
  'alias-charset': 'error',
  'alias-unique': 'error',
  'alias-placement': 'error',
  'teaming-reference': 'error',
};

export const PRESETS: Readonly<Record<PresetName, Readonly<Record<string, RuleEntry>>>> = {
  /** What Nova 2024.1+ itself relies on: volume disks (SCSI LUN included) carry `ua-<volume uuid>`. */
  nova: {
    ...LIBVIRT_ERRORS,
    'alias-required': ['error', { devices: ['volume-disk'] }],
    'alias-identity': 'error',
    'identifier-unique': 'warn',
  },
  /** The blueprint: volume disks, interfaces and host devices carry stable user aliases. */
  recommended: {
    ...LIBVIRT_ERRORS,
    'alias-required': ['error', { devices: ['volume-disk', 'interface', 'hostdev'] }],
    'alias-identity': 'error',
    'identifier-unique': 'warn',
  },
  /** Every device that takes an alias carries one; every finding is an error. */
  strict: {
    ...LIBVIRT_ERRORS,
    'alias-required': ['error', { devices: ['*'] }],
    'alias-identity': 'error',
    'identifier-unique': 'error',
    'libvirt-schema': 'error',
  },
};
