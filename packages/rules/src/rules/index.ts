import type { RuleModule } from '../rule.js';
import aliasCharset from './alias-charset/index.js';

/** Every rule, in the order they are documented. Rule ids are a user-facing contract. */
export const allRules: readonly RuleModule[] = [aliasCharset];

const byId = new Map(allRules.map((r) => [r.id, r]));

export function ruleById(id: string): RuleModule | undefined {
  return byId.get(id);
}
