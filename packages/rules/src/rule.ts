import type { Device, DomainDocument, Range, XmlAttribute, XmlElement } from '@virt-alias/parser';
import type { PresetName } from './config/presets.js';
import type { LintSettings } from './lint-settings.js';
import type { UnfixableKind } from './naming/names.js';

/** A text edit on 0-based UTF-16 source offsets, as ESLint's fixes: data, not an action. */
export interface Fix {
  readonly range: Range;
  readonly text: string;
}

export type RuleOptionsSchema = Readonly<Record<string, unknown>>;

export interface RuleMeta<MessageIds extends string = string> {
  /** `problem`: libvirt drops, rejects or misreads something. `suggestion`: works, but fragile. */
  readonly type: 'problem' | 'suggestion';
  readonly docs: {
    readonly description: string;
    readonly url: string;
  };
  /** Present when the rule's findings may carry fixes. */
  readonly fixable?: 'code';
  /** JSON Schema of the rule's options object (validated with ajv with the config). */
  readonly schema: RuleOptionsSchema;
  readonly defaultOptions: Readonly<Record<string, unknown>>;
  /**
   * Message templates; `{{name}}` is replaced by `data.name`. A message says what is wrong, short
   * enough for a terminal line; why it matters goes in `why`.
   */
  readonly messages: Readonly<Record<MessageIds, string>>;
  /** Why a message's finding matters, per message: for the rule's docs, not every finding. */
  readonly why?: Readonly<Partial<Record<MessageIds, string>>>;
}

export interface ReportDescriptor<MessageIds extends string = string> {
  readonly messageId: MessageIds;
  readonly data?: Readonly<Record<string, string | number>>;
  /** Where the finding points: an element (its start tag), an attribute, or an exact range. */
  readonly node?: XmlElement | XmlAttribute;
  readonly range?: Range;
  readonly fix?: Fix | readonly Fix[] | null;
  /** Why a fixable rule has no fix for this finding (e.g. the volume uuid is not in the XML). */
  readonly unfixable?: string;
  /** What `unfixable` needs: outside data (`mapping`) or a person (`person`, the default). */
  readonly unfixableKind?: UnfixableKind;
}

export interface RuleContext<
  Options = Readonly<Record<string, unknown>>,
  MessageIds extends string = string,
> {
  readonly id: string;
  readonly document: DomainDocument;
  readonly options: Options;
  /** Per-run data such as the `--mapping` file: never configuration. */
  readonly settings: LintSettings;
  /** The preset that judges this document (see `configFor`). */
  readonly preset: PresetName;
  /**
   * Nova's reading of aliases applies: the domain has Nova metadata, or the `nova` preset judges
   * it (the user says it is Nova's). There, `ua-` on a disk means "Cinder volume".
   */
  readonly novaManaged: boolean;
  report(descriptor: ReportDescriptor<MessageIds>): void;
}

/** Handlers a rule returns from `create`: the linter walks the devices once for all rules. */
/**
 * What a rule does with a document. Function-valued properties rather than methods: the linter
 * reads them once per file and calls them on the listener (see `runRules`).
 */
export interface RuleListener {
  device?: (device: Device) => void;
  /** After the last device: for rules that compare devices with each other. */
  end?: () => void;
}

export interface RuleModule<Options = Readonly<Record<string, unknown>>, MessageIds extends string = string> {
  readonly id: string;
  readonly meta: RuleMeta<MessageIds>;
  create(context: RuleContext<Options, MessageIds>): RuleListener;
  /**
   * For a rule whose options name something outside the document (libvirt-schema's schema
   * directory): loads it, once per distinct options, before any file is linted, so that a broken
   * setting stops the run at once. Throws `RuleConfigError`. `create` loads it too when needed.
   */
  prepare?(options: Options): void;
}

/**
 * A rule's options name something that cannot be used (a missing schema directory): a
 * configuration error, which stops the run with exit 2, not a finding.
 */
export class RuleConfigError extends Error {
  override readonly name = 'RuleConfigError';
  constructor(
    readonly ruleId: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Identity for type inference: `defineRule({...})` checks messageIds and options together. */
export function defineRule<Options, MessageIds extends string>(
  rule: RuleModule<Options, MessageIds>,
): RuleModule<Options, MessageIds> {
  return rule;
}

export const DOCS_BASE_URL = 'https://github.com/virt-alias/virt-alias/blob/main/docs/rules/';

export function docsUrl(id: string): string {
  return `${DOCS_BASE_URL}${id}.md`;
}
