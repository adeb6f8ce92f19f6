import type { ResolvedConfig } from './config/resolve.js';
import { RuleConfigError } from './rule.js';
import { ruleById } from './rules/index.js';

/**
 * Runs the `prepare` of every enabled rule that has one, once per distinct options over all the
 * configs of a run, before any file is linted. Returns the configuration errors, one per rule
 * and options that failed; any other exception is a bug and propagates.
 */
export function prepareRules(configs: Iterable<ResolvedConfig>): RuleConfigError[] {
  const done = new Set<string>();
  const problems: RuleConfigError[] = [];
  for (const config of configs) {
    for (const [id, { options }] of config.rules) {
      const rule = ruleById(id);
      const key = `${id}\u0000${JSON.stringify(options)}`;
      if (!rule?.prepare || done.has(key)) continue;
      done.add(key);
      try {
        rule.prepare(options);
      } catch (error) {
        if (!(error instanceof RuleConfigError)) throw error;
        problems.push(error);
      }
    }
  }
  return problems;
}
