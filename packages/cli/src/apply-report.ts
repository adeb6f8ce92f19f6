import type { DomainResult, Outcome } from '@virt-alias/apply';
import { displayPath } from './display-path.js';

/** Lines of details shown per domain; the journal keeps them all. */
const MAX_DETAILS = 40;

const HEADLINES: Readonly<Record<Outcome, string>> = {
  defined: 'defined',
  'would-define': 'would be defined',
  unchanged: 'unchanged: the definition already has these aliases',
  'already-done': 'done earlier',
  skipped: 'skipped',
  'rolled-back': 'rolled back',
  failed: 'failed',
  'rollback-failed': 'ROLLBACK FAILED',
};

/** The outcome in words, as progress lines and the summary say it. */
export const headline = (outcome: Outcome): string => WORDS[outcome];

const WORDS: Readonly<Record<Outcome, string>> = { ...HEADLINES, unchanged: 'unchanged' };

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** How a result names its domain: `vm1 (uuid)`, or the file's name for a file without one. */
export function domainLabel(result: Pick<DomainResult, 'domain'>): string {
  const { name, uuid } = result.domain;
  return `${name ?? '(no name)'}${uuid !== null ? ` (${uuid})` : ''}`;
}

/** One domain's result for stdout: headline, alias changes, reason and details, notes. */
export function formatResult(result: DomainResult, cwd: string): string {
  const created = result.created === true ? ' as a new domain' : '';
  const count =
    result.outcome === 'defined' || result.outcome === 'would-define'
      ? `${created}, ${plural(result.changes.length, 'alias change')}`
      : '';
  const reason = result.reason !== undefined ? `: ${result.reason}` : '';
  const out = [`${domainLabel(result)} ${result.file}: ${HEADLINES[result.outcome]}${count}${reason}\n`];
  if (result.outcome === 'defined' || result.outcome === 'would-define') {
    const width = Math.max(0, ...result.changes.map((c) => c.device.length));
    for (const c of result.changes) {
      out.push(`    ${c.device.padEnd(width)}  ${c.old ?? '(none)'} -> ${c.new ?? '(none)'}\n`);
    }
  }
  const shown = result.details.slice(0, MAX_DETAILS);
  for (const line of shown) out.push(`    ${line}\n`);
  if (result.details.length > shown.length) {
    out.push(`    ... ${result.details.length - shown.length} more line(s) in the journal\n`);
  }
  for (const note of result.notes) out.push(`  note: ${note}\n`);
  if (result.journalError !== undefined) {
    out.push(`  journal: could not be written (${result.journalError}); the run stopped after this domain\n`);
  }
  if (result.backup !== undefined) out.push(`  backup: ${displayPath(cwd, result.backup)}\n`);
  return out.join('');
}

/** `2 defined, 1 skipped`: the outcomes of a run that occurred, in a fixed order. */
export function countOutcomes(results: readonly DomainResult[]): string {
  const order: readonly Outcome[] = [
    'defined',
    'would-define',
    'unchanged',
    'already-done',
    'skipped',
    'rolled-back',
    'failed',
    'rollback-failed',
  ];
  return order
    .map((o) => [o, results.filter((r) => r.outcome === o).length] as const)
    .filter(([, n]) => n > 0)
    .map(([o, n]) => `${n} ${WORDS[o]}`)
    .join(', ');
}
