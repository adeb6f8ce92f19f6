import { parseDomain, type DomainDocument, type ParseResult } from '@virt-alias/parser';
import type { PresetName } from './config/presets.js';
import { configFor, type ResolvedConfig } from './config/resolve.js';
import { domainKey } from './device-key.js';
import type { LintSettings } from './lint-settings.js';
import { applyDirectives } from './directives/apply.js';
import { collectDirectives, type CollectedDirectives } from './directives/parse.js';
import {
  UNUSED_DIRECTIVE_SEVERITIES,
  type Directive,
  type UnusedDirectiveSeverity,
} from './directives/types.js';
import {
  summarize,
  type LintMessage,
  type LintResult,
  type Mutable,
  type SuppressedLintMessage,
} from './lint-result.js';
import type { RuleListener } from './rule.js';
import { preparedRules, RuleRun, type DocumentRun } from './rule-run.js';
import { ruleById } from './rules/index.js';

export { LIVE_DUMP_NOT_FIXED } from './rule-run.js';

export interface LintOptions {
  /** Per-run data for the rules (the `--mapping` file). */
  readonly settings?: LintSettings;
  /**
   * Report directive comments that suppress nothing (and enables that end nothing), at this
   * severity, with a fix that removes them. Default `off`.
   */
  readonly reportUnusedDisableDirectives?: UnusedDirectiveSeverity;
}

export interface LintTextOptions extends LintOptions {
  /** The path reported in the result; default `<text>`. */
  readonly filePath?: string;
}

/** What one document's lint found: reported messages, and the ones directives suppressed. */
export interface DocumentLint {
  readonly messages: LintMessage[];
  readonly suppressedMessages: SuppressedLintMessage[];
  /** The preset that judged the document. */
  readonly preset: PresetName;
}

/** Runs every enabled rule over one parsed domain: one walk of the devices for all rules. */
function runRules(
  document: DomainDocument,
  config: ResolvedConfig,
  settings: LintSettings,
  directives: readonly Directive[],
): LintMessage[] {
  const run: DocumentRun = { document, directives, live: document.liveDump !== null, messages: [] };
  const novaManaged = document.nova !== null || config.preset === 'nova';
  // Each rule's listener is an object of its own shape: reading `device` from it for every
  // device and rule was a megamorphic load (a tenth of the lint step's time in a profile). The
  // functions are read once per file, and called on their listeners.
  const onDevice: RuleListener['device'][] = [];
  const deviceListeners: RuleListener[] = [];
  const onEnd: RuleListener['end'][] = [];
  const endListeners: RuleListener[] = [];
  // Indexed loops, not `for...of`: the iterators' closing handlers made this costlier to compile.
  const rules = preparedRules(config);
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r]!;
    const listener = rule.rule.create(new RuleRun(rule, run, settings, config.preset, novaManaged));
    const { device, end } = listener;
    if (device) {
      onDevice.push(device);
      deviceListeners.push(listener);
    }
    if (end) {
      onEnd.push(end);
      endListeners.push(listener);
    }
  }
  const devices = document.devices;
  for (let d = 0; d < devices.length; d++) {
    const device = devices[d]!;
    for (let i = 0; i < onDevice.length; i++) onDevice[i]!.call(deviceListeners[i], device);
  }
  for (let i = 0; i < onEnd.length; i++) onEnd[i]!.call(endListeners[i]);
  return run.messages;
}

const NO_DIRECTIVES: CollectedDirectives = { directives: [], problems: [] };

const isKnownRule = (id: string): boolean => ruleById(id) !== undefined;

const byPosition = (a: LintMessage, b: LintMessage): number => a.line - b.line || a.column - b.column;

/** Sorts in place; the rules report in document order, so there is mostly nothing to sort. */
function sortedByPosition(messages: LintMessage[]): LintMessage[] {
  for (let i = 1; i < messages.length; i++) {
    if (byPosition(messages[i - 1]!, messages[i]!) > 0) return messages.sort(byPosition);
  }
  return messages;
}

/**
 * Lints one parsed domain: runs the rules, then applies the `virt-alias-disable` directive
 * comments (see `directives/`). Suppressed findings come back apart from the reported ones.
 */
export function verifyDocument(
  document: DomainDocument,
  config: ResolvedConfig,
  options: LintOptions = {},
): DocumentLint {
  const reportUnusedDisableDirectives = options.reportUnusedDisableDirectives ?? 'off';
  if (!UNUSED_DIRECTIVE_SEVERITIES.includes(reportUnusedDisableDirectives)) {
    throw new TypeError(
      `reportUnusedDisableDirectives must be 'off', 'warn' or 'error', not ${JSON.stringify(reportUnusedDisableDirectives)}`,
    );
  }
  const judge = configFor(config, document.nova !== null);
  const { directives, problems } =
    config.noInlineConfig || document.comments.length === 0
      ? NO_DIRECTIVES
      : collectDirectives(document, isKnownRule);
  const messages = runRules(document, judge, options.settings ?? {}, directives);
  const lint = applyDirectives({
    document,
    directives,
    problems: sortedByPosition(problems.length === 0 ? messages : [...messages, ...problems]),
    reportUnusedDisableDirectives,
  });
  return { messages: lint.messages, suppressedMessages: lint.suppressedMessages, preset: judge.preset };
}

/**
 * The reported findings of one parsed domain, sorted by position: `verifyDocument` without the
 * suppressed ones and without unused-directive reporting.
 */
export function lintDocument(
  document: DomainDocument,
  config: ResolvedConfig,
  settings: LintSettings = {},
): LintMessage[] {
  return verifyDocument(document, config, { settings }).messages;
}

/**
 * Parses and lints one text. Never throws for bad input: a parse failure is a fatal message
 * (never suppressed: without a document there are no directives).
 */
export function lintText(text: string, config: ResolvedConfig, options: LintTextOptions = {}): LintResult {
  return lintParseResult(parseDomain(text), config, options);
}

/**
 * `lintText` of a text already parsed with `parseDomain`, for callers that need the document
 * too (the fix loop): the text is parsed once.
 */
export function lintParseResult(
  parsed: ParseResult,
  config: ResolvedConfig,
  options: LintTextOptions = {},
): LintResult {
  const filePath = options.filePath ?? '<text>';
  switch (parsed.kind) {
    case 'error':
      return summarize(filePath, [
        {
          ruleId: null,
          fatal: true,
          severity: 2,
          message: parsed.error.message,
          line: parsed.error.line,
          column: parsed.error.column,
        },
      ]);
    case 'not-domain':
      return {
        ...summarize(filePath, []),
        skipped: {
          reason:
            parsed.rootLocal === 'domain'
              ? `root element <${parsed.rootName}> is in namespace ${parsed.rootNamespace} and has no child ` +
                'element in no namespace, the only ones libvirt reads (virsh define: "missing name information")'
              : `root element is <${parsed.rootName}>, not <domain>`,
        },
      };
    case 'domain': {
      const { document } = parsed;
      const { messages, suppressedMessages, preset } = verifyDocument(document, config, options);
      const result: Mutable<LintResult> = summarize(filePath, messages, suppressedMessages);
      result.preset = preset;
      const domain = domainKey(document);
      if (domain) result.domain = domain;
      if (document.liveDump) result.liveDump = true;
      if (document.name !== undefined) result.domainName = document.name;
      if (document.uuid !== undefined) result.domainUuid = document.uuid;
      if (document.nova) result.novaManaged = true;
      return result;
    }
  }
}
