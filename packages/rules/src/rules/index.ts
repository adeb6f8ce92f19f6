import type { RuleModule } from '../rule.js';
import aliasCharset from './alias-charset/index.js';
import aliasIdentity from './alias-identity/index.js';
import aliasLocalDisk from './alias-local-disk/index.js';
import aliasPlacement from './alias-placement/index.js';
import aliasRequired from './alias-required/index.js';
import aliasUnique from './alias-unique/index.js';
import aliasUserPrefix from './alias-user-prefix/index.js';
import identifierUnique from './identifier-unique/index.js';
import liveDump from './live-dump/index.js';
import libvirtSchema from './libvirt-schema/index.js';
import teamingReference from './teaming-reference/index.js';

/** Every rule, in the order they are documented. Rule ids are a user-facing contract. */
export const allRules: readonly RuleModule[] = [
  aliasRequired,
  aliasUserPrefix,
  aliasCharset,
  aliasUnique,
  aliasPlacement,
  aliasIdentity,
  aliasLocalDisk,
  identifierUnique,
  teamingReference,
  liveDump,
  libvirtSchema,
];

const byId = new Map(allRules.map((r) => [r.id, r]));

export function ruleById(id: string): RuleModule | undefined {
  return byId.get(id);
}
