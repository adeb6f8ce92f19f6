import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProgram } from './programs.js';

/** What `xmllint --noout` says of one document. */
export interface XmllintVerdict {
  /** A fatal "parser error": libxml2 refuses the document. */
  readonly parserError: boolean;
  /** A "namespace error": libxml2 reports it, yet builds the tree and xmllint exits 0. */
  readonly namespaceError: boolean;
  /** Every error line xmllint printed for it, `line: kind error : message`. */
  readonly errors: readonly string[];
}

/**
 * Runs `xmllint --noout --nonet` over many documents, `batch` files per process (one process per
 * file would cost more than the parsing), and reads each file's verdict from the
 * `file:line: parser error : ...` lines it prints.
 */
export async function xmllintVerdicts(texts: readonly string[], batch = 500): Promise<XmllintVerdict[]> {
  const dir = await mkdtemp(join(tmpdir(), 'virt-alias-xmllint-'));
  try {
    const files = texts.map((_, i) => join(dir, `d${i}.xml`));
    await Promise.all(texts.map((t, i) => writeFile(files[i]!, t, 'utf8')));
    const verdicts: XmllintVerdict[] = [];
    for (let from = 0; from < files.length; from += batch) {
      const chunk = files.slice(from, from + batch);
      const { stderr } = await runProgram('xmllint', ['--noout', '--nonet', ...chunk]);
      const byFile = new Map<string, string[]>();
      for (const line of stderr.split('\n')) {
        const m = /^(.*?\.xml):\d+: (?:parser|namespace) error : /.exec(line);
        if (m) byFile.set(m[1]!, [...(byFile.get(m[1]!) ?? []), line]);
      }
      for (const file of chunk) {
        const lines = byFile.get(file) ?? [];
        verdicts.push({
          parserError: lines.some((l) => l.includes(': parser error : ')),
          namespaceError: lines.some((l) => l.includes(': namespace error : ')),
          errors: lines.map((l) => l.slice(file.length + 1)),
        });
      }
    }
    return verdicts;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
