import type { AuditReport } from '@virt-alias/audit';
import { markdownCell } from '../formatters/markdown.js';
import {
  ACTION_TEXT,
  domainLabel,
  novaLines,
  number,
  percentText,
  plural,
  presetText,
  ruleUrl,
  stateLines,
  stateText,
  type AuditFormatter,
} from './shared.js';

/** Domains not ready listed in full; more would not fit a pull-request comment or a wiki page. */
export const MARKDOWN_DOMAINS = 200;

const row = (cells: readonly (string | number)[]): string =>
  `| ${cells.map((c) => (typeof c === 'number' ? number(c) : c)).join(' | ')} |`;

const ruleLink = (ruleId: string): string => {
  const url = ruleUrl(ruleId);
  return url === undefined ? markdownCell(ruleId) : `[${markdownCell(ruleId)}](${url})`;
};

function notReady(report: AuditReport): string[] {
  const rows = report.domains.filter((d) => !d.ready);
  if (rows.length === 0) return [];
  const shown = rows.slice(0, MARKDOWN_DOMAINS);
  const rules = (findings: (typeof rows)[number]['findings']): string =>
    [...new Set(findings.filter((f) => f.severity === 'error').map((f) => f.ruleId))]
      .map(ruleLink)
      .join(', ');
  return [
    '',
    shown.length < rows.length
      ? `## Domains not ready (the first ${shown.length} of ${number(rows.length)}; all in --format csv, json or html)`
      : '## Domains not ready',
    '',
    '| Host | Domain | State | Errors | Fix | Mapping | Person | Rules |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | --- |',
    ...shown.map((d) =>
      row([
        markdownCell(d.host),
        markdownCell(domainLabel(d)),
        markdownCell(stateText(d.state)),
        d.errorCount,
        d.actions.fix,
        d.actions.mapping,
        d.actions.person,
        rules(d.findings),
      ]),
    ),
  ];
}

/** For a wiki page or a pull request: the summary's tables, then the domains not ready. */
export const auditMarkdown: AuditFormatter = (report) => {
  const s = report.summary;
  const lines = [
    '# virt-alias audit',
    '',
    `**${percentText(s.readyPercent)} ready**: ${number(s.ready)} of ${plural(s.domains, 'domain')} on ${plural(s.hosts, 'host')} (${number(s.notReady)} not ready), judged by ${markdownCell(presetText(report))}.`,
    '',
    '| Findings | Count |',
    '| --- | ---: |',
    row(['errors', s.errors]),
    row(['warnings', s.warnings]),
    ...(['fix', 'mapping', 'person'] as const).map((a) => row([markdownCell(ACTION_TEXT[a]), s[a]])),
    '',
    `${plural(s.novaManaged, 'Nova-managed domain')}, ${plural(s.liveDumps, 'live dump')}, ${plural(s.unparsable, 'unparsable file')}.`,
  ];
  const nova = novaLines(report);
  if (nova.length > 0) lines.push('', '## Nova operators', '', ...nova.map((l) => `- ${markdownCell(l)}`));
  const states = stateLines(report);
  if (states.length > 0) lines.push('', '## Guest states', '', ...states.map((l) => `- ${markdownCell(l)}`));
  if (s.byHost.length > 0) {
    lines.push(
      '',
      '## Hosts, the worst first',
      '',
      '| Host | Domains | Not ready | Ready | Fix | Mapping | Person | Cold boot |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...s.byHost.map((h) =>
        row([
          markdownCell(h.host),
          h.domains,
          h.notReady,
          percentText(h.readyPercent),
          h.fix,
          h.mapping,
          h.person,
          h.runningNotReady,
        ]),
      ),
      '',
      'Cold boot: domains running and not ready, whose fixed definition waits for a shut down and start.',
    );
  }
  if (s.byRule.length > 0) {
    lines.push(
      '',
      '## Findings by rule',
      '',
      '| Rule | Findings | Domains | Errors | Fix | Mapping | Person |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...s.byRule.map((r) =>
        row([ruleLink(r.ruleId), r.errors + r.warnings, r.domains, r.errors, r.fix, r.mapping, r.person]),
      ),
      '',
      '## Findings by device kind',
      '',
      '| Device | Findings | Domains | Errors | Fix | Mapping | Person |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...s.byDeviceKind.map((k) =>
        row([
          markdownCell(k.deviceKind ?? '(domain)'),
          k.errors + k.warnings,
          k.domains,
          k.errors,
          k.fix,
          k.mapping,
          k.person,
        ]),
      ),
    );
  }
  if (s.worstDomains.length > 0) {
    lines.push(
      '',
      '## Worst domains',
      '',
      '| Domain | Host | State | Errors | Warnings | File |',
      '| --- | --- | --- | ---: | ---: | --- |',
      ...s.worstDomains.map((d) =>
        row([
          markdownCell(domainLabel(d)),
          markdownCell(d.host),
          markdownCell(stateText(d.state)),
          d.errorCount,
          d.warningCount,
          markdownCell(d.file),
        ]),
      ),
    );
  }
  lines.push(...notReady(report), '');
  return lines.join('\n');
};
