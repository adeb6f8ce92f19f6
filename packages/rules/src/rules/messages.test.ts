import { describe, expect, it } from 'vitest';
import { allRules } from './index.js';

/**
 * A message fits a terminal line beside its position and rule (stylish): it says what is wrong;
 * why it matters is the rule's `why`, which the docs carry (issue 11).
 */
const MAX_TEMPLATE = 150;

describe('rule messages', () => {
  it.each(allRules.map((r) => [r.id, r] as const))('%s: short, each why belongs to a message', (_, rule) => {
    for (const [id, text] of Object.entries(rule.meta.messages)) {
      expect(text.length, `${rule.id}/${id}: ${text}`).toBeLessThanOrEqual(MAX_TEMPLATE);
    }
    for (const [id, why] of Object.entries(rule.meta.why ?? {})) {
      expect(Object.keys(rule.meta.messages)).toContain(id);
      expect(why).toMatch(/^[A-Z].*\.$/su);
    }
  });
});
