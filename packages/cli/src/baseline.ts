import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { writeFileAtomic } from '@virt-alias/rewriter';
import { outputTarget } from './output-files.js';
import {
  compileSchema,
  readRegularFile,
  summarize,
  type LintMessage,
  type LintResult,
} from '@virt-alias/rules';
import { describeFsError, errorMessage } from './errors.js';
import { decodeStrictUtf8 } from '@virt-alias/engine';

/**
 * A baseline lists the findings of a whole fleet, so it may be larger than one domain file;
 * bounded all the same, so that `--baseline /dev/zero` cannot take the machine's memory.
 */
const BASELINE_MAX_BYTES = 100 * 1024 * 1024;

/**
 * One kind of known finding: keyed by what it is about (file, domain, device, rule, message),
 * never by line or column, so reformatting or moving lines keeps it matched.
 */
export interface BaselineEntry {
  /** Relative to the baseline file's directory, with `/`. */
  readonly file: string;
  /** The domain's uuid, else its name. */
  readonly domain: string | null;
  /** The device's identity (`disk:vdb`, `interface:fa:16:3e:..`, ...), or null. */
  readonly device: string | null;
  readonly rule: string;
  readonly messageId: string | null;
  /** How many such findings are known. */
  readonly count: number;
}

export interface BaselineFile {
  readonly version: 1;
  readonly findings: readonly BaselineEntry[];
}

export const BASELINE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'findings'],
  properties: {
    $schema: { type: 'string' },
    version: { const: 1 },
    findings: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['file', 'domain', 'device', 'rule', 'messageId', 'count'],
        properties: {
          file: { type: 'string' },
          domain: { type: ['string', 'null'] },
          device: { type: ['string', 'null'] },
          rule: { type: 'string' },
          messageId: { type: ['string', 'null'] },
          count: { type: 'integer', minimum: 1 },
        },
      },
    },
  },
} as const;

/** A baseline file that cannot be used: exit 2, with why. */
export class BaselineError extends Error {}

type Key = string;

function fileKey(filePath: string, baseDir: string): string {
  return path.isAbsolute(filePath) ? path.relative(baseDir, filePath).split(path.sep).join('/') : filePath;
}

function keyOf(file: string, domain: string | null, m: LintMessage): Key | undefined {
  // A file that does not parse is never accepted into a baseline.
  if (m.fatal || m.ruleId === null) return undefined;
  return JSON.stringify([file, domain, m.device ?? null, m.ruleId, m.messageId ?? null]);
}

/** The baseline of these results: every finding but parse failures, counted per key. */
export function buildBaseline(results: readonly LintResult[], baseDir: string): BaselineFile {
  const counts = new Map<Key, BaselineEntry>();
  for (const r of results) {
    const file = fileKey(r.filePath, baseDir);
    for (const m of r.messages) {
      const key = keyOf(file, r.domain ?? null, m);
      if (key === undefined) continue;
      const known = counts.get(key);
      counts.set(key, {
        file,
        domain: r.domain ?? null,
        device: m.device ?? null,
        rule: m.ruleId!,
        messageId: m.messageId ?? null,
        count: (known?.count ?? 0) + 1,
      });
    }
  }
  const findings = [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
  return { version: 1, findings };
}

/**
 * Drops the findings the baseline knows, up to its count per key (a new second finding of one
 * kind on one device is still reported), result by result as they arrive. Counts are recomputed;
 * dropped findings are counted in `matched`.
 */
export class BaselineFilter {
  private readonly remaining = new Map<Key, number>();
  matched = 0;

  constructor(
    baseline: BaselineFile,
    private readonly baseDir: string,
  ) {
    for (const e of baseline.findings) {
      const key = JSON.stringify([e.file, e.domain, e.device, e.rule, e.messageId]);
      this.remaining.set(key, (this.remaining.get(key) ?? 0) + e.count);
    }
  }

  readonly apply = (r: LintResult): LintResult => {
    const file = fileKey(r.filePath, this.baseDir);
    const kept = r.messages.filter((m) => {
      const key = keyOf(file, r.domain ?? null, m);
      const left = key === undefined ? 0 : (this.remaining.get(key) ?? 0);
      if (left === 0) return true;
      this.remaining.set(key!, left - 1);
      this.matched++;
      return false;
    });
    if (kept.length === r.messages.length) return r;
    return { ...r, ...summarize(r.filePath, kept, r.suppressedMessages) };
  };
}

let validate: ValidateFunction | null = null;

export async function loadBaseline(file: string, display: string): Promise<BaselineFile> {
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(file, BASELINE_MAX_BYTES);
  } catch (error) {
    throw new BaselineError(`${display}: cannot read baseline: ${describeFsError(error)}`);
  }
  const decoded = decodeStrictUtf8(bytes);
  if (!('text' in decoded)) {
    const { at, offset } = decoded;
    throw new BaselineError(
      `${display}:${at.line}:${at.column}: not a virt-alias baseline: not valid UTF-8 (byte offset ${offset})`,
    );
  }
  const { text } = decoded;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(`${display}: not valid JSON: ${errorMessage(error)}`);
  }
  validate ??= compileSchema(BASELINE_SCHEMA);
  if (!validate(value)) {
    const first = validate.errors?.[0];
    throw new BaselineError(
      `${display}: not a virt-alias baseline: ${first?.instancePath || '/'} ${first?.message ?? ''}`.trim(),
    );
  }
  return value as BaselineFile;
}

export async function saveBaseline(file: string, baseline: BaselineFile): Promise<void> {
  await writeFileAtomic(await outputTarget(file), `${JSON.stringify(baseline, null, 2)}\n`);
}
