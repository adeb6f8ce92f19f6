export {
  defineRule,
  docsUrl,
  DOCS_BASE_URL,
  type Fix,
  type ReportDescriptor,
  type RuleContext,
  type RuleListener,
  type RuleMeta,
  type RuleModule,
  RuleConfigError,
} from './rule.js';
export { loadRuleSupport, prepareRules, usesLibvirtSchema } from './prepare-rules.js';
export {
  createLibvirtSchemaRule,
  LIBVIRT_SCHEMA_RULE_ID,
  type LibvirtSchemaOptions,
} from './rules/libvirt-schema/index.js';
export { validateAhead, type SchemaVerdictAhead } from './rules/libvirt-schema/validate-ahead.js';
export { allRules, ruleById } from './rules/index.js';
export {
  LIVE_DUMP_NOT_FIXED,
  lintDocument,
  lintParseResult,
  lintText,
  verifyDocument,
  type DocumentLint,
  type LintOptions,
  type LintTextOptions,
} from './linter.js';
export {
  summarize,
  type LintMessage,
  type LintResult,
  type SeverityLevel,
  type SuppressedLintMessage,
  type Suppression,
} from './lint-result.js';
export {
  applyDirectives,
  collectDirectives,
  DIRECTIVE_RULE_ID,
  parseDirectiveText,
  UNUSED_DIRECTIVE_SEVERITIES,
  type Directive,
  type DirectiveKind,
  type UnusedDirectiveSeverity,
} from './directives/index.js';
export { applyFixes, mergeFixes, type AppliedFixes } from './fixes.js';
export {
  PRESETS,
  PRESET_NAMES,
  DEFAULT_PRESET,
  DEFAULT_NOVA_PRESET,
  type PresetName,
} from './config/presets.js';
export type { ConfigFile, ConfigOverride, RuleEntry, RulesConfig, Severity } from './config/types.js';
export {
  configFor,
  resolveConfig,
  type ConfigLayers,
  type ResolvedConfig,
  type ResolvedRule,
} from './config/resolve.js';
export { validateConfig, validateRuleOptions, type ConfigProblem } from './config/validate.js';
export {
  isSeverity,
  severityLevel,
  severityName,
  SEVERITY_NAMES,
  type SeverityName,
} from './config/severity.js';
export { buildConfigSchema } from './config/schema.js';
export { compileSchema } from './json-schema.js';
export { isPathInside, pathInside } from './path-inside.js';
export { printableText } from './visible-text.js';
export { mapLimit } from './map-limit.js';
export type { DomainMapping } from './naming/mapping.js';
export type { LintSettings } from './lint-settings.js';
export { proposeName, type NameProposal, type NameSource, type UnfixableKind } from './naming/names.js';
export {
  aliasPlan,
  intendedAlias,
  type AliasPlan,
  type IntendedAlias,
  type PlannedName,
} from './naming/plan.js';
export {
  insertAliasFix,
  moveAliasFixes,
  removeAliasFix,
  renameAliasFixes,
  aliasElementText,
} from './naming/alias-edits.js';
export { aliasFix, plannedName } from './naming/device-fix.js';
export { mergeLayers, presetsOf } from './config/resolve.js';
export { resolveFileConfig, type FileConfig, type LocatedConfig } from './config/cascade.js';
export { deviceAt, deviceKey, domainKey } from './device-key.js';
export {
  InputTooLargeError,
  MAX_INPUT_BYTES,
  NotRegularFileError,
  openRegularFileSync,
  readAtMost,
  readAtMostSync,
  readRegularFile,
  readRegularFileSync,
  readStream,
} from './read-regular-file.js';
