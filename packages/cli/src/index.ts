export { main } from './main.js';
export type { CliIo } from './io.js';
export { parseArgs, type Command, type LintArgs } from './args.js';
export { runLint, errorsOnly } from './lint-command.js';
export { EXIT_OK, EXIT_FINDINGS, EXIT_ERROR } from './exit-codes.js';
export { STDIN_FILE_PATH } from './prepare-run.js';
export { runFix } from './fix-command.js';
export { runApply } from './apply-command.js';
export { formatRules, ruleInfos, type RuleInfo, type PresetSeverity } from './rules-command.js';
export {
  CONFIG_FILE_NAME,
  CONFIG_FILE_NAMES,
  findConfigChain,
  loadConfigFile,
  parseConfigText,
  type LoadedConfig,
} from './config-file.js';
export { expandArgs, type Expansion, type Target } from './targets.js';
export { resolveColor } from './color.js';
export {
  DEFAULT_FORMAT,
  FORMAT_NAMES,
  formatters,
  getFormatter,
  type Formatter,
  type FormatterContext,
} from './formatters/index.js';
export { UsageError } from './errors.js';
