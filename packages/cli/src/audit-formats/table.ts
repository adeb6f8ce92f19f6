import type { AuditReport } from '@virt-alias/audit';
import { textTable, type Align } from '../text-table.js';
import {
  ACTION_TEXT,
  domainLabel,
  novaLines,
  number,
  percentText,
  plural,
  presetText,
  stateLines,
  stateText,
  type AuditFormatter,
} from './shared.js';

/** Hosts a terminal shows; the other formats list them all. */
export const TABLE_HOSTS = 20;

const section = (title: string, rows: string[][], align: Align[]): string[] => [
  '',
  title,
  ...textTable(rows, { align }).map((l) => `  ${l}`),
];

const COUNTS_ALIGN: Align[] = ['left', 'right', 'right', 'right', 'right', 'right', 'right'];
const HOSTS_ALIGN: Align[] = [...COUNTS_ALIGN, 'right'];

function headline(report: AuditReport): string[] {
  const s = report.summary;
  return [
    `virt-alias audit: ${plural(s.domains, 'domain')} on ${plural(s.hosts, 'host')}, judged by ${presetText(report)}`,
    ...textTable(
      [
        ['ready', number(s.ready), percentText(s.readyPercent)],
        [
          'not ready',
          number(s.notReady),
          s.domains === 0 ? '-' : percentText(Math.round((1000 * s.notReady) / s.domains) / 10),
        ],
        [
          'findings',
          number(s.errors + s.warnings),
          `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}`,
        ],
        ...(['fix', 'mapping', 'person'] as const).map((a) => [`  ${ACTION_TEXT[a]}`, number(s[a]), '']),
      ],
      { align: ['left', 'right', 'left'] },
    ).map((l) => `  ${l}`),
    `  ${plural(s.novaManaged, 'Nova-managed domain')}, ${plural(s.liveDumps, 'live dump')}, ${plural(s.unparsable, 'unparsable file')}`,
  ];
}

/** The terminal report: the answer first, then where the work is. Every domain is in json, csv and html. */
export const auditTable: AuditFormatter = (report) => {
  const s = report.summary;
  const lines = headline(report);
  if (s.domains === 0) return `${lines.join('\n')}\n`;
  const hosts = s.byHost.slice(0, TABLE_HOSTS);
  lines.push(
    ...section(
      s.byHost.length > hosts.length
        ? `Hosts, the worst ${hosts.length} of ${number(s.byHost.length)}`
        : 'Hosts, the worst first',
      [
        ['host', 'domains', 'not ready', 'ready', 'fix', 'mapping', 'person', 'cold boot'],
        ...hosts.map((h) => [
          h.host,
          number(h.domains),
          number(h.notReady),
          percentText(h.readyPercent),
          number(h.fix),
          number(h.mapping),
          number(h.person),
          number(h.runningNotReady),
        ]),
      ],
      HOSTS_ALIGN,
    ),
  );
  if (s.byRule.length > 0) {
    lines.push(
      ...section(
        'Findings by rule',
        [
          ['rule', 'findings', 'domains', 'errors', 'fix', 'mapping', 'person'],
          ...s.byRule.map((r) => [
            r.ruleId,
            number(r.errors + r.warnings),
            number(r.domains),
            number(r.errors),
            number(r.fix),
            number(r.mapping),
            number(r.person),
          ]),
        ],
        COUNTS_ALIGN,
      ),
      ...section(
        'Findings by device kind',
        [
          ['device', 'findings', 'domains', 'errors', 'fix', 'mapping', 'person'],
          ...s.byDeviceKind.map((k) => [
            k.deviceKind ?? '(domain)',
            number(k.errors + k.warnings),
            number(k.domains),
            number(k.errors),
            number(k.fix),
            number(k.mapping),
            number(k.person),
          ]),
        ],
        COUNTS_ALIGN,
      ),
    );
  }
  const nova = novaLines(report);
  if (nova.length > 0) lines.push('', 'Nova operators', ...nova.map((l) => `  ${l}`));
  const states = stateLines(report);
  if (states.length > 0)
    lines.push('', 'Guest states (cold boot: running and not ready)', ...states.map((l) => `  ${l}`));
  if (s.worstDomains.length > 0) {
    lines.push(
      ...section(
        'Worst domains',
        [
          ['domain', 'host', 'state', 'errors', 'warnings', 'file'],
          ...s.worstDomains.map((d) => [
            domainLabel(d),
            d.host,
            stateText(d.state),
            number(d.errorCount),
            number(d.warningCount),
            d.file,
          ]),
        ],
        ['left', 'left', 'left', 'right', 'right', 'left'],
      ),
    );
  }
  return `${lines.join('\n')}\n`;
};
