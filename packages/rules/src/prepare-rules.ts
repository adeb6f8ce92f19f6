import type { ResolvedConfig } from './config/resolve.js';
import { RuleConfigError } from './rule.js';
import { ruleById } from './rules/index.js';
import { LIBVIRT_SCHEMA_RULE_ID } from './rules/libvirt-schema/index.js';
import { loadLibxml2 } from './rules/libvirt-schema/relaxng.js';
import { Libxml2LoadError } from './rules/libvirt-schema/wasm-memory.js';

/** Whether any of the configs (or their Nova-managed variants) turns `libvirt-schema` on. */
export function usesLibvirtSchema(configs: Iterable<ResolvedConfig>): boolean {
  for (const config of configs) {
    for (const c of [config, config.novaManaged]) if (c?.rules.has(LIBVIRT_SCHEMA_RULE_ID)) return true;
  }
  return false;
}

/**
 * Loads what the rules the configs turn on need and cannot load in the middle of a lint:
 * libxml2-wasm for `libvirt-schema`. Every thread that lints with these configs awaits it
 * first (the CLI before `prepareRules`, each worker thread before its first file); a run that
 * does not turn the rule on never loads libxml2-wasm (about 12 MiB and 40 ms per thread).
 * Throws `RuleConfigError` when libxml2-wasm cannot load here (its WebAssembly memory, under an
 * address-space limit).
 */
export async function loadRuleSupport(configs: Iterable<ResolvedConfig>): Promise<void> {
  if (!usesLibvirtSchema(configs)) return;
  try {
    await loadLibxml2();
  } catch (error) {
    if (!(error instanceof Libxml2LoadError)) throw error;
    // The rule cannot run in this process as it is: the caller says so as it says a bad schema.
    throw new RuleConfigError(
      LIBVIRT_SCHEMA_RULE_ID,
      `rule ${LIBVIRT_SCHEMA_RULE_ID}: ${error.message}; or turn the rule off.`,
      { cause: error },
    );
  }
}

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
