import { parseDomain, type DomainDocument, type Range } from '@virt-alias/parser';
import type { ResolvedConfig } from './config/resolve.js';
import { mergeFixes } from './fixes.js';
import type { LintSettings } from './naming/mapping.js';
import { summarize, type LintMessage, type LintResult } from './lint-result.js';
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

/** Runs every enabled rule over one parsed domain: one walk of the devices for all rules. */
export function lintDocument(
  document: DomainDocument,
  config: ResolvedConfig,
  settings: LintSettings = {},
): LintMessage[] {
  const messages: LintMessage[] = [];
  const listeners: RuleListener[] = [];
  for (const [id, { severity, options }] of config.rules) {
    const rule = ruleById(id);
    if (!rule) continue;
    const context: RuleContext = {
      id,
      document,
      options,
      settings,
      report(descriptor) {
        const [start, end] = reportRange(descriptor);
        const from = document.positionAt(start);
        const to = document.positionAt(end);
        const fixes: readonly Fix[] = descriptor.fix ? [descriptor.fix].flat() : [];
        const fix = mergeFixes(document.text, fixes);
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
          ...(descriptor.unfixable !== undefined && !fix ? { unfixable: descriptor.unfixable } : {}),
        });
      },
    };
    listeners.push(rule.create(context));
  }
  for (const device of document.devices) for (const l of listeners) l.device?.(device);
  for (const l of listeners) l.end?.();
  return messages.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Parses and lints one text. Never throws for bad input: a parse failure is a fatal message. */
export function lintText(
  text: string,
  config: ResolvedConfig,
  filePath = '<text>',
  settings: LintSettings = {},
): LintResult {
  const parsed = parseDomain(text);
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
          reason: parsed.rootNamespace
            ? `root element <${parsed.rootName}> is in namespace ${parsed.rootNamespace}; libvirt's <domain> has none`
            : `root element is <${parsed.rootName}>, not <domain>`,
        },
      };
    case 'domain':
      return summarize(filePath, lintDocument(parsed.document, config, settings));
  }
}
