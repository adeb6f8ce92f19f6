import { isSeverity, ruleById, severityLevel, validateConfig, type RuleEntry } from '@virt-alias/rules';
import { JSON_TOO_DEEP, jsonTooDeepAt } from '@virt-alias/rewriter';
import { UsageError } from './usage-error.js';

/**
 * `--rule id=severity` (off, warn, error, 0, 1, 2) or `--rule 'id=["error", {...options}]'`,
 * repeatable; a later flag for the same rule wins. Checked like a config file's `rules`.
 */
export function parseRuleFlags(flags: readonly string[]): Record<string, RuleEntry> {
  const rules: Record<string, RuleEntry> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) {
      throw new UsageError(`--rule ${JSON.stringify(flag)}: expected RULE=off|warn|error`);
    }
    const id = flag.slice(0, eq).trim();
    const raw = flag.slice(eq + 1).trim();
    let entry: unknown;
    if (raw.startsWith('[')) {
      if (jsonTooDeepAt(raw) !== undefined) {
        throw new UsageError(`--rule ${id}: the value has ${JSON_TOO_DEEP}`);
      }
      try {
        entry = JSON.parse(raw);
      } catch {
        throw new UsageError(`--rule ${flag}: the value is not a JSON array like ["error", {...}]`);
      }
    } else {
      // `0`..`2` typed on a command line are numbers, as in a config file.
      entry = /^[012]$/.test(raw) ? severityLevel(raw) : raw;
    }
    // A known rule and a bare severity pass the check: ajv need not load and compile the
    // config's schema for it (about 0.05 s before any file is read).
    const problems = ruleById(id) && isSeverity(entry) ? [] : validateConfig({ rules: { [id]: entry } });
    if (problems.length > 0) {
      const prefix = `/rules/${id}`;
      const reasons = problems.map((p) => {
        const where = p.path.startsWith(prefix) ? p.path.slice(prefix.length) : p.path;
        return where ? `${where}: ${p.message}` : p.message;
      });
      throw new UsageError(`--rule ${flag}: ${reasons.join('; ')}`);
    }
    rules[id] = entry as RuleEntry;
  }
  return rules;
}
