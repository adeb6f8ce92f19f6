import path from 'node:path';
import { parseDomain, type DomainDocument } from '@virt-alias/parser';
import { changeRecords, writeFileAtomic, type ChangeRecord, type FixOutcome } from '@virt-alias/rewriter';
import { outputTarget } from './output-files.js';

function documentOf(text: string): DomainDocument | undefined {
  const parsed = parseDomain(text);
  return parsed.kind === 'domain' ? parsed.document : undefined;
}

/** `fix --changes FILE`: the alias changes of the run, one JSON object a line (docs/fix.md). */
export class ChangeLog {
  private readonly records: ChangeRecord[] = [];

  constructor(readonly file: string) {}

  /** The changes of one file that was (or, without --write, would be) fixed. */
  add(shown: string, before: string, outcome: FixOutcome): void {
    if (!outcome.changed) return;
    const from = documentOf(before);
    const to = documentOf(outcome.output);
    if (!from || !to) return;
    this.records.push(...changeRecords(shown, from, to, outcome.fixed));
  }

  /** Written whole at the end, atomically: a log is never half of a run. */
  async write(cwd: string): Promise<void> {
    const text = this.records.map((r) => `${JSON.stringify(r)}\n`).join('');
    await writeFileAtomic(await outputTarget(path.resolve(cwd, this.file)), text);
  }
}
