import { LIBVIRT_SCHEMA_RULE_ID, type ResolvedConfig } from '@virt-alias/rules';

/**
 * `--schema DIR`: the libvirt-schema rule's `schemaDir` wherever the config turns the rule on.
 * It turns nothing on: where the rule is off, the config is returned as it is.
 */
export function withSchemaDir(config: ResolvedConfig, dir: string): ResolvedConfig {
  const rule = config.rules.get(LIBVIRT_SCHEMA_RULE_ID);
  if (!rule) return config;
  const rules = new Map(config.rules);
  rules.set(LIBVIRT_SCHEMA_RULE_ID, { ...rule, options: { ...rule.options, schemaDir: dir } });
  return { ...config, rules };
}
