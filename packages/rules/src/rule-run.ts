import type { DomainDocument, Range } from '@virt-alias/parser';
import type { PresetName } from './config/presets.js';
import type { ResolvedConfig } from './config/resolve.js';
import { deviceAt, deviceKey } from './device-key.js';
import { DIRECTIVE_EDIT_REFUSED, touchesDirective } from './directives/protect.js';
import type { Directive } from './directives/types.js';
import { mergeFixes } from './fixes.js';
import type { LintMessage, Mutable, SeverityLevel } from './lint-result.js';
import { MessageTemplate } from './message-template.js';
import type { LintSettings } from './lint-settings.js';
import type { Fix, ReportDescriptor, RuleContext, RuleModule } from './rule.js';
import { ruleById } from './rules/index.js';

/** Why no finding of a live dump carries a fix: its generated names and runtime state are no definition. */
export const LIVE_DUMP_NOT_FIXED =
  'a live dump is not fixed: dump the persistent definition with `virsh dumpxml --inactive` and fix that';

/** An enabled rule of a config, with what every file linted with it shares. */
export interface PreparedRule {
  readonly id: string;
  readonly rule: RuleModule;
  readonly severity: SeverityLevel;
  readonly options: Readonly<Record<string, unknown>>;
  /** The rule's message templates by message id, split on first use. */
  readonly templates: Map<string, MessageTemplate>;
}

/** Keyed by the config's rule map: a config is never changed once made (`withSchemaDir` copies). */
const prepared = new WeakMap<ResolvedConfig['rules'], readonly PreparedRule[]>();

/** The enabled rules of a config, looked up once per config rather than once per file. */
export function preparedRules(config: ResolvedConfig): readonly PreparedRule[] {
  let rules = prepared.get(config.rules);
  if (!rules) {
    const list: PreparedRule[] = [];
    for (const [id, { severity, options }] of config.rules) {
      const rule = ruleById(id);
      if (rule) list.push({ id, rule, severity, options, templates: new Map() });
    }
    prepared.set(config.rules, (rules = list));
  }
  return rules;
}

function templateOf(prepared: PreparedRule, messageId: string): MessageTemplate {
  let template = prepared.templates.get(messageId);
  if (!template) {
    const messages: Readonly<Record<string, string>> = prepared.rule.meta.messages;
    template = new MessageTemplate(messages[messageId] ?? messageId);
    prepared.templates.set(messageId, template);
  }
  return template;
}

function reportRange(descriptor: ReportDescriptor): Range {
  if (descriptor.range) return descriptor.range;
  const node = descriptor.node;
  if (!node) throw new Error('a report needs a node or a range');
  return 'startTag' in node ? node.startTag : node.range;
}

/** What the rules of one document share: where findings go, and what decides their fixes. */
export interface DocumentRun {
  readonly document: DomainDocument;
  readonly directives: readonly Directive[];
  /** A live dump: no finding carries a fix. */
  readonly live: boolean;
  readonly messages: LintMessage[];
}

/** One rule's context for one document; `report` is a method, so no closure is made per file. */
export class RuleRun implements RuleContext {
  readonly id: string;
  readonly options: Readonly<Record<string, unknown>>;
  readonly document: DomainDocument;

  constructor(
    private readonly rule: PreparedRule,
    private readonly run: DocumentRun,
    readonly settings: LintSettings,
    readonly preset: PresetName,
    readonly novaManaged: boolean,
  ) {
    this.id = rule.id;
    this.options = rule.options;
    this.document = run.document;
  }

  report(descriptor: ReportDescriptor): void {
    const { document, directives, live } = this.run;
    const [start, end] = reportRange(descriptor);
    const from = document.positionAt(start);
    const to = document.positionAt(end);
    let fix: Fix | null = null;
    let refused = false;
    const given = descriptor.fix;
    if (given) {
      const fixes: readonly Fix[] = Array.isArray(given) ? (given as readonly Fix[]) : [given as Fix];
      // A rule's fix never edits a directive comment: only an unused directive's own fix does.
      refused = directives.length > 0 && fixes.some((f) => touchesDirective(f, directives));
      if (!refused && !live) fix = mergeFixes(document.text, fixes);
    }
    const unfixable = live ? LIVE_DUMP_NOT_FIXED : refused ? DIRECTIVE_EDIT_REFUSED : descriptor.unfixable;
    const message: Mutable<LintMessage> = {
      ruleId: this.rule.id,
      severity: this.rule.severity,
      message: templateOf(this.rule, descriptor.messageId).format(descriptor.data),
      messageId: descriptor.messageId,
      line: from.line,
      column: from.column,
      endLine: to.line,
      endColumn: to.column,
    };
    if (fix) message.fix = fix;
    else if (unfixable !== undefined) {
      message.unfixable = unfixable;
      message.unfixableKind = live || refused ? 'person' : (descriptor.unfixableKind ?? 'person');
    }
    const device = deviceAt(document, start);
    if (device) {
      message.device = deviceKey(device);
      message.deviceKind = device.kind;
    }
    this.run.messages.push(message);
  }
}
