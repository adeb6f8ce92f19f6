import { parseDomain, type DomainDocument, type ParseResult, type Range } from '@virt-alias/parser';
import type { PresetName } from './config/presets.js';
import { configFor, type ResolvedConfig } from './config/resolve.js';
import { deviceAt, deviceKey, domainKey } from './device-key.js';
import { mergeFixes } from './fixes.js';
import type { LintSettings } from './naming/mapping.js';
import { applyDirectives } from './directives/apply.js';
import { collectDirectives } from './directives/parse.js';
import { DIRECTIVE_EDIT_REFUSED, touchesDirective } from './directives/protect.js';
import {
  UNUSED_DIRECTIVE_SEVERITIES,
  type Directive,
  type UnusedDirectiveSeverity,
} from './directives/types.js';
import { summarize, type LintMessage, type LintResult, type SuppressedLintMessage } from './lint-result.js';
import type { Fix, ReportDescriptor, RuleContext, RuleListener } from './rule.js';
import { ruleById } from './rules/index.js';

function interpolate(template: string, data: ReportDescriptor['data']): string {
  if (!data) return template;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) =>
    key in data ? String(data[key]) : whole,
  );
}

function reportRange(descriptor: ReportDescriptor): Range {
  if (descriptor.range) return descriptor.range;
  const node = descriptor.node;
  if (!node) throw new Error('a report needs a node or a range');
  return 'startTag' in node ? node.startTag : node.range;
}

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

/** Why no finding of a live dump carries a fix: its generated names and runtime state are no definition. */
export const LIVE_DUMP_NOT_FIXED =
  'a live dump is not fixed: dump the persistent definition with `virsh dumpxml --inactive` and fix that';

/** Runs every enabled rule over one parsed domain: one walk of the devices for all rules. */
function runRules(
  document: DomainDocument,
  config: ResolvedConfig,
  settings: LintSettings,
  directives: readonly Directive[],
): LintMessage[] {
  const messages: LintMessage[] = [];
  const listeners: RuleListener[] = [];
  const novaManaged = document.nova !== null || config.preset === 'nova';
  const live = document.liveDump !== null;
  for (const [id, { severity, options }] of config.rules) {
    const rule = ruleById(id);
    if (!rule) continue;
    const context: RuleContext = {
      id,
      document,
      options,
      settings,
      preset: config.preset,
      novaManaged,
      report(descriptor) {
        const [start, end] = reportRange(descriptor);
        const from = document.positionAt(start);
        const to = document.positionAt(end);
        const fixes: readonly Fix[] = descriptor.fix ? [descriptor.fix].flat() : [];
        // A rule's fix never edits a directive comment: only an unused directive's own fix does.
        const refused = fixes.some((f) => touchesDirective(f, directives));
        const fix = refused || live ? null : mergeFixes(document.text, fixes);
        const unfixable = live
          ? LIVE_DUMP_NOT_FIXED
          : refused
            ? DIRECTIVE_EDIT_REFUSED
            : descriptor.unfixable;
        const unfixableKind = live || refused ? 'person' : (descriptor.unfixableKind ?? 'person');
        const device = deviceAt(document, start);
        messages.push({
          ruleId: id,
          severity,
          message: interpolate(
            rule.meta.messages[descriptor.messageId] ?? descriptor.messageId,
            descriptor.data,
          ),
          messageId: descriptor.messageId,
          line: from.line,
          column: from.column,
          endLine: to.line,
          endColumn: to.column,
          ...(fix ? { fix } : {}),
          ...(unfixable !== undefined && !fix ? { unfixable, unfixableKind } : {}),
          ...(device ? { device: deviceKey(device), deviceKind: device.kind } : {}),
        });
      },
    };
    listeners.push(rule.create(context));
  }
  for (const device of document.devices) for (const l of listeners) l.device?.(device);
  for (const l of listeners) l.end?.();
  return messages;
}

const byPosition = (a: LintMessage, b: LintMessage): number => a.line - b.line || a.column - b.column;

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
  const { directives, problems } = config.noInlineConfig
    ? { directives: [], problems: [] }
    : collectDirectives(document, (id) => ruleById(id) !== undefined);
  const messages = runRules(document, judge, options.settings ?? {}, directives);
  const lint = applyDirectives({
    document,
    directives,
    problems: [...messages, ...problems].sort(byPosition),
    reportUnusedDisableDirectives,
  });
  return { ...lint, preset: judge.preset };
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
      const { messages, suppressedMessages, preset } = verifyDocument(parsed.document, config, options);
      const domain = domainKey(parsed.document);
      return {
        ...summarize(filePath, messages, suppressedMessages),
        preset,
        ...(domain ? { domain } : {}),
        ...(parsed.document.liveDump ? { liveDump: true as const } : {}),
        ...(parsed.document.name !== undefined ? { domainName: parsed.document.name } : {}),
        ...(parsed.document.uuid !== undefined ? { domainUuid: parsed.document.uuid } : {}),
        ...(parsed.document.nova ? { novaManaged: true as const } : {}),
      };
    }
  }
}
