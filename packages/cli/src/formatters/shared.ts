import { createHash } from 'node:crypto';
import path from 'node:path';
import type { SourceFacts } from '@virt-alias/engine';
import { allRules, type LintMessage, type LintResult, type RuleModule } from '@virt-alias/rules';
import { displayPath } from '../display-path.js';
import type { FormatterContext } from './types.js';

/**
 * What every format but json/stylish names a fatal parse error, which has no rule (`ruleId:
 * null`). No rule has this id, and none may: it cannot be configured.
 */
export const PARSE_ERROR_ID = 'parse-error';

/** The repository, for formats that name the tool's home page. */
export const INFORMATION_URI = 'https://github.com/virt-alias/virt-alias';

export const ruleName = (m: LintMessage): string => m.ruleId ?? PARSE_ERROR_ID;

export const severityName = (m: LintMessage): 'error' | 'warning' =>
  m.fatal || m.severity === 2 ? 'error' : 'warning';

export const rulesOf = (context: FormatterContext): readonly RuleModule[] => context.rules ?? allRules;

/** `displayPath` with `/` as the separator on every platform (URIs, CI annotations). */
export function slashPath(cwd: string, filePath: string): string {
  const shown = displayPath(cwd, filePath);
  return path.sep === '/' ? shown : shown.split(path.sep).join('/');
}

/**
 * What line-content fingerprints hash for a finding: its line's text, trimmed, so that moving or
 * re-indenting the line keeps the fingerprint; the message when the file's text is unknown.
 */
export class FingerprintTexts {
  constructor(private readonly sources: ReadonlyMap<string, SourceFacts> | undefined) {}

  of(result: LintResult, m: LintMessage): string {
    return this.sources?.get(result.filePath)?.lines.get(m.line) ?? `message:${m.message}`;
  }
}

/** Counts occurrences of keys, from 1: `next(k)` is 1 the first time `k` is seen, then 2... */
export class Occurrences {
  private readonly counts = new Map<string, number>();
  next(key: string): number {
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    return n;
  }
}

export function hashHex(algorithm: 'md5' | 'sha256', ...parts: readonly string[]): string {
  return createHash(algorithm).update(parts.join('\u0000')).digest('hex');
}

/**
 * A character XML 1.0 cannot hold at all, not even as a character reference: C0 controls but
 * tab, LF and CR; lone surrogates; U+FFFE and U+FFFF.
 */
// With the u flag a surrogate range matches lone surrogates only, never a pair.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/gu;

/** Forbidden characters become visible `\uXXXX` text: nothing is silently lost. */
const visible = (s: string): string =>
  s.replace(XML_FORBIDDEN, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);

/** Escapes character data: `]]>` cannot occur, as `>` is escaped too. */
export function xmlText(s: string): string {
  return visible(s).replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
}

/** Escapes a double-quoted attribute value; tab, LF and CR are kept as references (no normalization). */
export function xmlAttr(s: string): string {
  return xmlText(s)
    .replace(/"/gu, '&quot;')
    .replace(/'/gu, '&apos;')
    .replace(/\t/gu, '&#9;')
    .replace(/\n/gu, '&#10;')
    .replace(/\r/gu, '&#13;');
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
