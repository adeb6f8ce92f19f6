import type { AuditFinding, AuditReport, DomainRow } from '@virt-alias/audit';
import { CHART_HOSTS, COLORS, renderCharts, type AuditCharts } from './charts.js';
import { SCRIPT, STYLE } from './html-assets.js';
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

/** Escapes text and double-quoted attribute values. */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/gu, '&amp;')
    .replace(/</gu, '&lt;')
    .replace(/>/gu, '&gt;')
    .replace(/"/gu, '&quot;')
    .replace(/'/gu, '&#39;');
}

const e = escapeHtml;

/** Nothing may be fetched: the report opens from disk in an air-gapped browser. */
const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const ruleLink = (ruleId: string): string => {
  const url = ruleUrl(ruleId);
  return url === undefined
    ? `<code>${e(ruleId)}</code>`
    : `<a href="${e(url)}"><code>${e(ruleId)}</code></a>`;
};

const legend = (items: readonly (readonly [string, string])[]): string =>
  `<div class="legend">${items.map(([label, color]) => `<span><i style="background:${color}"></i>${e(label)}</span>`).join('')}</div>`;

const ACTION_LEGEND = [
  [ACTION_TEXT.fix, COLORS.fix],
  [ACTION_TEXT.mapping, COLORS.mapping],
  [ACTION_TEXT.person, COLORS.person],
] as const;

const num = (n: number): string => `<td class="n" data-v="${n}">${number(n)}</td>`;

function headline(report: AuditReport): string {
  const s = report.summary;
  const p = s.readyPercent ?? 100;
  const tone = p >= 95 ? 'good' : p >= 60 ? 'mid' : 'bad';
  const card = (cls: string, value: number, label: string): string =>
    `<div class="card ${cls}"><b>${number(value)}</b><span>${e(label)}</span></div>`;
  return `<section class="headline-section" aria-label="readiness">
<div class="headline">
<div><div class="big ${tone}" id="ready-percent">${percentText(s.readyPercent)}</div><div class="note">ready</div></div>
<div><div><b>${number(s.ready)}</b> of ${plural(s.domains, 'domain')} ready on ${plural(s.hosts, 'host')}; <b>${number(s.notReady)}</b> not ready</div>
<div class="meter" title="${percentText(s.readyPercent)} ready"><span style="width:${p}%"></span></div>
<div class="note">Judged by ${e(presetText(report))}. Ready: no error-severity finding.</div></div>
</div>
<div class="cards">
${card('ready', s.ready, 'domains ready')}
${card('not-ready', s.notReady, 'domains not ready')}
${card('fix', s.fix, 'findings virt-alias fix repairs alone')}
${card('mapping', s.mapping, 'findings that need a --mapping')}
${card('person', s.person, 'findings that need a person')}
</div>
<div class="cards">
${card('', s.errors, plural(s.errors, 'error').replace(/^[\d,]+ /u, ''))}
${card('', s.warnings, plural(s.warnings, 'warning').replace(/^[\d,]+ /u, ''))}
${card('', s.novaManaged, 'Nova-managed domains')}
${card('', s.liveDumps, 'live dumps')}
${card('', s.unparsable, 'unparsable files')}
</div>
</section>`;
}

function novaSection(report: AuditReport): string {
  const lines = novaLines(report);
  if (lines.length === 0) return '';
  return `<section><h2>Nova operators</h2><ul class="nova">${lines.map((l) => `<li>${e(l)}</li>`).join('')}</ul></section>`;
}

function statesSection(report: AuditReport): string {
  const lines = stateLines(report);
  if (lines.length === 0) return '';
  return `<section><h2>Guest states</h2><ul class="nova">${lines.map((l) => `<li>${e(l)}</li>`).join('')}</ul></section>`;
}

function hostsSection(report: AuditReport, charts: AuditCharts): string {
  const hosts = report.summary.byHost;
  if (hosts.length === 0) return '';
  const caption =
    hosts.length > CHART_HOSTS
      ? `The ${CHART_HOSTS} worst of ${number(hosts.length)} hosts; every host is in the table below.`
      : 'Every host, the worst first.';
  const rows = hosts
    .map(
      (h) =>
        `<tr><td>${e(h.host)}</td>${num(h.domains)}${num(h.notReady)}<td class="n" data-v="${h.readyPercent ?? 100}">${percentText(h.readyPercent)}</td>${num(h.errors)}${num(h.warnings)}${num(h.fix)}${num(h.mapping)}${num(h.person)}${num(h.runningNotReady)}</tr>`,
    )
    .join('\n');
  return `<section><h2>Readiness per host</h2>
<figure data-chart="hosts"><figcaption>Domains per host, the worst first</figcaption>
${legend([
  ['not ready', COLORS.notReady],
  ['ready', COLORS.ready],
])}
${charts.hosts}<div class="note">${e(caption)}</div></figure>
<details${hosts.length <= CHART_HOSTS ? '' : ' open'}><summary>All ${plural(hosts.length, 'host')}</summary>
<div class="scroll"><table class="sortable" id="hosts"><thead><tr><th>Host</th><th class="n">Domains</th><th class="n">Not ready</th><th class="n">Ready</th><th class="n">Errors</th><th class="n">Warnings</th><th class="n">Fix</th><th class="n">Mapping</th><th class="n">Person</th><th class="n" title="running and not ready: a fixed definition waits for a shut down and start">Cold boot</th></tr></thead>
<tbody>
${rows}
</tbody></table></div></details></section>`;
}

function findingsSection(report: AuditReport, charts: AuditCharts): string {
  const s = report.summary;
  if (s.byRule.length === 0) return '<section><h2>Findings</h2><p>No findings.</p></section>';
  const counts = (c: {
    errors: number;
    warnings: number;
    fix: number;
    mapping: number;
    person: number;
    domains: number;
  }): string =>
    `${num(c.errors + c.warnings)}${num(c.domains)}${num(c.fix)}${num(c.mapping)}${num(c.person)}`;
  const head =
    '<th class="n">Findings</th><th class="n">Domains</th><th class="n">Fix</th><th class="n">Mapping</th><th class="n">Person</th>';
  return `<section><h2>Findings</h2>
${legend(ACTION_LEGEND)}
<div class="charts">
<figure data-chart="rules"><figcaption>Per rule</figcaption>${charts.rules}
<table class="sortable"><thead><tr><th>Rule</th>${head}</tr></thead><tbody>
${s.byRule.map((r) => `<tr><td>${ruleLink(r.ruleId)}</td>${counts(r)}</tr>`).join('\n')}
</tbody></table></figure>
<figure data-chart="deviceKinds"><figcaption>Per device kind</figcaption>${charts.deviceKinds}
<table class="sortable"><thead><tr><th>Device</th>${head}</tr></thead><tbody>
${s.byDeviceKind.map((k) => `<tr><td>${e(k.deviceKind ?? '(domain)')}</td>${counts(k)}</tr>`).join('\n')}
</tbody></table></figure>
</div></section>`;
}

function worstSection(report: AuditReport): string {
  const worst = report.summary.worstDomains;
  if (worst.length === 0) return '';
  return `<section><h2>Worst domains</h2><table><thead><tr><th>Domain</th><th>Host</th><th>State</th><th class="n">Errors</th><th class="n">Warnings</th><th>File</th></tr></thead><tbody>
${worst.map((d) => `<tr><td>${e(domainLabel(d))}</td><td>${e(d.host)}</td><td>${e(stateText(d.state))}</td>${num(d.errorCount)}${num(d.warningCount)}<td class="mono">${e(d.file)}</td></tr>`).join('\n')}
</tbody></table></section>`;
}

function findingItem(f: AuditFinding): string {
  const why = f.reason ?? f.message;
  const device = f.device === null ? '' : ` <span class="mono">${e(f.device)}</span>`;
  return `<li>${f.line}:${f.column} ${ruleLink(f.ruleId)}${device} <span class="tag ${f.action}">${f.action}</span> ${e(why)}</li>`;
}

function domainRow(d: DomainRow): string {
  const status = d.ready ? 'ready' : 'not-ready';
  const rules = [...new Set(d.findings.map((f) => f.ruleId))];
  const findings =
    d.findings.length === 0
      ? ''
      : `<details><summary>${rules.map((r) => `<code>${e(r)}</code>`).join(' ')}</summary><ul>${d.findings.map(findingItem).join('')}</ul></details>`;
  return `<tr data-status="${status}" data-host="${e(d.host)}"><td>${e(d.host)}</td><td title="${e(d.file)}">${e(domainLabel(d))}</td><td class="mono">${e(d.uuid ?? '')}</td><td>${d.novaManaged ? 'Nova' : ''}</td><td>${d.parsed ? (d.liveDump ? 'live' : 'inactive') : 'unparsable'}</td><td>${e(stateText(d.state))}</td><td data-v="${d.ready ? 1 : 0}"><span class="tag ${status}">${d.ready ? 'ready' : 'not ready'}</span></td>${num(d.errorCount)}${num(d.warningCount)}${num(d.actions.fix)}${num(d.actions.mapping)}${num(d.actions.person)}<td>${findings}</td></tr>`;
}

function domainsSection(report: AuditReport): string {
  const hosts = report.summary.byHost.map((h) => h.host).sort();
  return `<section><h2>Domains</h2>
<div class="controls"><input type="search" id="filter-text" placeholder="Filter: host, name, uuid, rule, device..." aria-label="filter domains">
<select id="filter-status" aria-label="readiness"><option value="">ready and not ready</option><option value="not-ready">not ready</option><option value="ready">ready</option></select>
<select id="filter-host" aria-label="host"><option value="">every host</option>${hosts.map((h) => `<option>${e(h)}</option>`).join('')}</select>
<span class="note"><span id="shown">${number(report.domains.length)}</span> of ${plural(report.domains.length, 'domain')} shown; click a column to sort</span></div>
<div class="scroll"><table class="sortable" id="domains"><thead><tr><th>Host</th><th>Domain</th><th>UUID</th><th>Manager</th><th>Dump</th><th>State</th><th>Ready</th><th class="n">Errors</th><th class="n">Warnings</th><th class="n">Fix</th><th class="n">Mapping</th><th class="n">Person</th><th>Findings</th></tr></thead>
<tbody>
${report.domains.map(domainRow).join('\n')}
</tbody></table></div></section>`;
}

/**
 * One self-contained HTML file: inline style, inline SVG charts rendered now, a few lines of
 * inline script for sorting and filtering; a Content-Security-Policy that allows no fetch.
 */
export const auditHtml: AuditFormatter = async (report) => {
  const charts = await renderCharts(report.summary);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="virt-alias ${e(report.tool.version)}">
<title>virt-alias audit: ${percentText(report.summary.readyPercent)} ready</title>
<style>${STYLE}</style></head>
<body><header><h1>virt-alias audit</h1><span class="meta">report version ${report.reportVersion}, virt-alias ${e(report.tool.version)}</span></header>
<main>
${headline(report)}
${novaSection(report)}
${statesSection(report)}
${hostsSection(report, charts)}
${findingsSection(report, charts)}
${worstSection(report)}
${domainsSection(report)}
</main>
<script>${SCRIPT}</script>
</body></html>
`;
};
