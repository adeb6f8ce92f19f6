import { createHash } from 'node:crypto';
import type { ApplyFile } from '@virt-alias/apply';
import { parseDomain } from '@virt-alias/parser';
import { isPathInside, LIVE_DUMP_NOT_FIXED, lintText, type LintMessage } from '@virt-alias/rules';
import type { ApplyArgs } from './args.js';
import { displayPath } from './display-path.js';
import { PROGRAM, type CliIo } from './io.js';
import { prepareRun } from './prepare-run.js';
import { readTargets } from './read-targets.js';

const finding = (shown: string, m: LintMessage): string =>
  `${shown}:${m.line}:${m.column}: ${m.message}${m.ruleId ? ` [${m.ruleId}]` : ''}`;

/** The files that may be applied: each parses, is no live dump, and has no error finding left. */
export async function checkedFiles(
  args: ApplyArgs,
  io: CliIo,
  /** The --backup-dir, absolute: the backups of earlier runs under it are never applied. */
  backups: string,
): Promise<{ files: ApplyFile[]; refused: number; failed: boolean; read: string[] } | null> {
  const prepared = await prepareRun(args, io);
  if (prepared.configFailed) return null;
  const { configFor } = prepared;
  let failed = prepared.failed;
  let refused = 0;
  const files: ApplyFile[] = [];
  const refuse = (shown: string, why: string, lines: readonly string[] = []): void => {
    refused++;
    io.stderr.write(`${PROGRAM}: ${shown}: refused, nothing defined from it: ${why}\n`);
    for (const line of lines) io.stderr.write(`    ${line}\n`);
  };
  // Every file named or found, refused ones too: none of them may be the journal.
  const readPaths: string[] = [];
  let backupsLeftOut = 0;
  for (const read of await readTargets(prepared.targets, io.stdin)) {
    if (isPathInside(backups, read.filePath)) {
      backupsLeftOut++;
      continue;
    }
    readPaths.push(read.filePath);
    const shown = displayPath(io.cwd, read.filePath);
    if ('error' in read) {
      io.stderr.write(`${PROGRAM}: ${shown}: ${read.error}\n`);
      failed = true;
      continue;
    }
    if ('fatal' in read) {
      refuse(shown, 'it cannot be read whole', [finding(shown, read.fatal)]);
      continue;
    }
    const result = lintText(read.text, configFor(read.filePath), {
      filePath: read.filePath,
      reportUnusedDisableDirectives: args.reportUnusedDisableDirectives,
    });
    const parsed = parseDomain(read.text);
    if (result.skipped) {
      refuse(shown, `not a libvirt domain (${result.skipped.reason})`);
    } else if (result.fatalErrorCount > 0 || parsed.kind !== 'domain') {
      refuse(
        shown,
        'it does not parse',
        result.messages.filter((m) => m.fatal).map((m) => finding(shown, m)),
      );
    } else if (result.liveDump) {
      refuse(shown, LIVE_DUMP_NOT_FIXED);
    } else if (result.errorCount > 0) {
      refuse(
        shown,
        `${result.errorCount} error finding(s) under the ${result.preset ?? 'active'} preset: run virt-alias fix first`,
        result.messages.filter((m) => m.severity === 2).map((m) => finding(shown, m)),
      );
    } else {
      const sha256 = createHash('sha256').update(read.text, 'utf8').digest('hex');
      files.push({ file: shown, text: read.text, document: parsed.document, sha256 });
    }
  }
  if (backupsLeftOut > 0 && !args.quiet) {
    io.stderr.write(
      `${PROGRAM}: ${backupsLeftOut} file(s) under ${displayPath(io.cwd, backups)} left out: backups of earlier runs are not applied (restore one with virsh define)\n`,
    );
  }
  // Two files for one domain: which one is meant cannot be known; neither is applied.
  const byDomain = new Map<string, ApplyFile[]>();
  for (const f of files) {
    const key = f.document.uuid ?? `name:${f.document.name ?? ''}`;
    byDomain.set(key, [...(byDomain.get(key) ?? []), f]);
  }
  const kept = files.filter((f) => {
    const same = byDomain.get(f.document.uuid ?? `name:${f.document.name ?? ''}`) ?? [];
    if (same.length === 1) return true;
    refuse(f.file, `${same.length} files are for this domain: ${same.map((s) => s.file).join(', ')}`);
    return false;
  });
  return { files: kept, refused, failed, read: readPaths };
}
