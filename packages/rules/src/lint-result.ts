import type { PresetName } from './config/presets.js';
import type { UnfixableKind } from './naming/names.js';
import type { Fix } from './rule.js';

/** 1 = warning, 2 = error: the numbers ESLint's JSON output uses. */
export type SeverityLevel = 1 | 2;

/** One finding, in the shape of ESLint's JSON formatter. */
export interface LintMessage {
  /** `null` for a fatal parse error; `directive` for a finding about a directive comment. */
  readonly ruleId: string | null;
  readonly severity: SeverityLevel;
  readonly message: string;
  readonly messageId?: string;
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  readonly fix?: Fix;
  /** Why `virt-alias fix` cannot fix this finding. */
  readonly unfixable?: string;
  /** What `unfixable` needs: outside data (`mapping`, a `--mapping` file) or a person (`person`). */
  readonly unfixableKind?: UnfixableKind;
  /** The device the finding is about (`disk:vdb`, `interface:52:54:..`): baselines key by it. */
  readonly device?: string;
  /** The element name of that device (`disk`, `interface`, `hostdev`, ...): audits count by it. */
  readonly deviceKind?: string;
  readonly fatal?: true;
}

/** Why a finding is not reported: ESLint 9's record of a suppression. */
export interface Suppression {
  /** Only directive comments suppress findings (`<!-- virt-alias-disable... -->`). */
  readonly kind: 'directive';
  /** The directive's reason, the text after ` - `; `''` when it gives none. */
  readonly justification: string;
}

/** A finding that directives suppressed: every directive that covers it, in source order. */
export interface SuppressedLintMessage extends LintMessage {
  readonly suppressions: readonly Suppression[];
}

export interface LintResult {
  readonly filePath: string;
  readonly messages: readonly LintMessage[];
  /** Findings directive comments suppressed, as in ESLint 9: not in `messages`, not counted. */
  readonly suppressedMessages: readonly SuppressedLintMessage[];
  readonly errorCount: number;
  readonly warningCount: number;
  readonly fatalErrorCount: number;
  readonly fixableErrorCount: number;
  readonly fixableWarningCount: number;
  /** Set when the file was not linted: its root is not `<domain>`. */
  readonly skipped?: { readonly reason: string };
  /** The domain's uuid, else its name, when the file parsed. */
  readonly domain?: string;
  /** The preset that judged the domain, when the file parsed as one. */
  readonly preset?: PresetName;
  /** Set when the domain is a live dump (see the rule `live-dump`): `fix` and `apply` refuse it. */
  readonly liveDump?: true;
  /** The domain's `<name>` and `<uuid>` (lower case), when the file parsed and has them. */
  readonly domainName?: string;
  readonly domainUuid?: string;
  /** Set when the domain carries Nova's instance metadata (`nova:instance`). */
  readonly novaManaged?: true;
}

/** A result or message while it is put together (its optional fields are set one by one). */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The counts are those of `messages`: suppressed findings count nowhere, as in ESLint. */
export function summarize(
  filePath: string,
  messages: readonly LintMessage[],
  suppressedMessages: readonly SuppressedLintMessage[] = [],
): Mutable<LintResult> {
  let errorCount = 0;
  let warningCount = 0;
  let fatalErrorCount = 0;
  let fixableErrorCount = 0;
  let fixableWarningCount = 0;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    if (m.severity === 2) {
      errorCount++;
      if (m.fatal) fatalErrorCount++;
      if (m.fix) fixableErrorCount++;
    } else {
      warningCount++;
      if (m.fix) fixableWarningCount++;
    }
  }
  return {
    filePath,
    messages,
    suppressedMessages,
    errorCount,
    warningCount,
    fatalErrorCount,
    fixableErrorCount,
    fixableWarningCount,
  };
}
