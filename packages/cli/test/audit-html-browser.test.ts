/**
 * The HTML report in a real browser: Debian's chromium, headless, driven by playwright-core with
 * the system executable (never a downloaded browser). Opens the report from disk and checks that
 * nothing is fetched, nothing logs an error, the charts' bars have the report's numbers, and the
 * domain table sorts and filters. Keeps a screenshot in test-artifacts/ (gitignored).
 *
 * Without chromium the test is skipped with a warning; with CI=true it fails.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AuditReport } from '@virt-alias/audit';
import { IN_CI } from '@virt-alias/rules/testing';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHART_HOSTS } from '../src/audit-formats/charts.js';
import { run, tempTree } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../../../test-artifacts/', import.meta.url));
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const HOSTS = CHART_HOSTS + 5;

/**
 * What the page's elements offer the callbacks below, which run in the browser: the tests compile
 * without the DOM's types, and only type casts (erased) may name this.
 */
interface PageElement {
  getAttribute(name: string): string | null;
  closest(selector: string): PageElement | null;
  getBBox(): { width: number };
  readonly textContent: string | null;
  readonly cells: readonly PageElement[];
}

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  if (IN_CI)
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (scripts/install-system-deps.sh)`);
  console.warn(`skipping the HTML report's browser test: ${CHROMIUM} is missing (apt-get install chromium)`);
}

/** A guest with one interface: aliased (ready) or not (an alias-required error `fix` repairs). */
function guest(name: string, ready: boolean, nic: number): string {
  const mac = `52:54:00:00:${String(Math.floor(nic / 100)).padStart(2, '0')}:${String(nic % 100).padStart(2, '0')}`;
  return [
    `<domain type='kvm'>`,
    `  <name>${name}</name>`,
    `  <devices>`,
    `    <interface type='network'>`,
    `      <mac address='${mac}'/>`,
    `      <source network='default'/>`,
    ready ? `      <alias name='ua-net0'/>` : '',
    `    </interface>`,
    `  </devices>`,
    `</domain>`,
    ``,
  ].join('\n');
}

/** `HOSTS` hosts of 2-6 guests, each with a different share not ready, and one Nova guest with a LUN. */
function fleetFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  let n = 0;
  for (let h = 0; h < HOSTS; h++) {
    const count = 2 + (h % 5);
    for (let g = 0; g < count; g++) {
      n++;
      files[`dumps/cmp-${String(h).padStart(2, '0')}/guest-${g}.xml`] = guest(
        `guest-${h}-${g}`,
        g >= h % (count + 1),
        n,
      );
    }
  }
  // Each host's guests as examples/ansible records them: even ones running, odd ones shut off.
  for (let h = 0; h < HOSTS; h++) {
    const count = 2 + (h % 5);
    files[`dumps/cmp-${String(h).padStart(2, '0')}/states.tsv`] = Array.from(
      { length: count },
      (_, g) => `guest-${h}-${g}\t${g % 2 === 0 ? 'running' : 'shut off'}\n`,
    ).join('');
  }
  const lun = fileURLToPath(new URL('../../../fixtures/nova/lun-passthrough.xml', import.meta.url));
  files['dumps/cmp-00/instance-lun.xml'] = '';
  return Object.assign(files, { 'dumps/cmp-00/instance-lun.xml': lun });
}

describe.skipIf(!haveChromium)('the HTML report in chromium', () => {
  let cwd: string;
  let report: AuditReport;
  let profile: string;

  beforeAll(async () => {
    const files = fleetFiles();
    const lunPath = files['dumps/cmp-00/instance-lun.xml']!;
    files['dumps/cmp-00/instance-lun.xml'] = await readFile(lunPath, 'utf8');
    cwd = await tempTree(files, { isolate: false });
    const r = await run(
      ['audit', '-f', 'json', '-o', 'audit.json', '-f', 'html', '-o', 'audit.html', 'dumps'],
      { cwd },
    );
    expect(r.stderr).toBe('');
    report = JSON.parse(await readFile(path.join(cwd, 'audit.json'), 'utf8')) as AuditReport;
    profile = await mkdtemp(path.join(os.tmpdir(), 'virt-alias-chromium-'));
  });

  afterAll(async () => {
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  it('opens from disk with no request and no error; bars, sorting and filtering match the JSON report', async () => {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1300, height: 1500 },
    });
    try {
      const page = await context.newPage();
      const url = pathToFileURL(path.join(cwd, 'audit.html')).href;
      const requests: string[] = [];
      const errors: string[] = [];
      page.on('request', (request) => {
        if (request.url() !== url) requests.push(request.url());
      });
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(url, { waitUntil: 'load' });
      await mkdir(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'audit-report.png') });

      expect(await page.textContent('#ready-percent')).toBe(`${report.summary.readyPercent!.toFixed(1)}%`);

      // Every bar: [chart, series, data index, width in px]. ECharts marks them for its SSR runtime.
      const bars = await page.$$eval('figure[data-chart] path[ecmeta_series_index]', (paths) =>
        (paths as unknown as PageElement[]).map(
          (p) =>
            [
              p.closest('figure')!.getAttribute('data-chart')!,
              Number(p.getAttribute('ecmeta_series_index')),
              Number(p.getAttribute('ecmeta_data_index')),
              p.getBBox().width,
            ] as const,
        ),
      );
      const s = report.summary;
      const hosts = s.byHost.slice(0, CHART_HOSTS);
      const expected: Record<string, number[][]> = {
        hosts: [hosts.map((h) => h.notReady), hosts.map((h) => h.ready)],
        rules: [s.byRule.map((r) => r.fix), s.byRule.map((r) => r.mapping), s.byRule.map((r) => r.person)],
        deviceKinds: [
          s.byDeviceKind.map((k) => k.fix),
          s.byDeviceKind.map((k) => k.mapping),
          s.byDeviceKind.map((k) => k.person),
        ],
      };
      for (const [chart, series] of Object.entries(expected)) {
        const mine = bars.filter((b) => b[0] === chart);
        const nonZero = series.flatMap((values, si) =>
          values.flatMap((v, di) => (v > 0 ? [[si, di, v] as const] : [])),
        );
        expect(nonZero.length).toBeGreaterThan(0);
        const scale = (() => {
          const [si, di, v] = nonZero[0]!;
          return mine.find((b) => b[1] === si && b[2] === di)![3] / v;
        })();
        for (const [si, di, v] of nonZero) {
          const bar = mine.find((b) => b[1] === si && b[2] === di);
          expect(bar, `${chart}: bar of series ${si}, item ${di}`).toBeDefined();
          expect(Math.abs(bar![3] - v * scale), `${chart} ${si}/${di}: ${bar![3]}px for ${v}`).toBeLessThan(
            1.5,
          );
        }
      }
      // The hosts' labels, top to bottom, are the report's worst hosts in order.
      const labels = await page.$$eval('figure[data-chart="hosts"] svg text', (texts) =>
        (texts as unknown as PageElement[]).map((t) => t.textContent ?? ''),
      );
      const hostLabels = labels.filter((l) => /^cmp-\d+ {2}/u.test(l));
      expect(hostLabels.map((l) => l.split(' ')[0])).toEqual(hosts.map((h) => h.host));
      expect(await page.$$eval('#hosts tbody tr', (rows) => rows.length)).toBe(HOSTS);
      // Each host's running guests that are not ready (their fix waits for a cold boot).
      const coldBoot = await page.$$eval('#hosts tbody tr', (rows) =>
        (rows as unknown as PageElement[]).map((r) => [
          r.cells[0]!.textContent,
          Number(r.cells[9]!.getAttribute('data-v')),
        ]),
      );
      expect(coldBoot).toEqual(s.byHost.map((h) => [h.host, h.runningNotReady]));
      expect(s.state.running.notReady).toBeGreaterThan(0);
      expect(await page.textContent('main')).toContain(
        `${s.state.running.notReady} running guests not ready: a fixed definition`,
      );

      // Filter and sort the domain table.
      const shown = async (): Promise<number> => Number(await page.textContent('#shown'));
      expect(await shown()).toBe(s.domains);
      await page.selectOption('#filter-status', 'not-ready');
      expect(await shown()).toBe(s.notReady);
      const worst = s.byHost[0]!;
      await page.selectOption('#filter-host', worst.host);
      expect(await shown()).toBe(worst.notReady);
      await page.selectOption('#filter-host', '');
      await page.selectOption('#filter-status', '');
      await page.fill('#filter-text', 'instance-00000051');
      expect(await shown()).toBe(1);
      await page.fill('#filter-text', '');
      await page.click('#domains th:has-text("Errors")');
      await page.click('#domains th:has-text("Errors")');
      const firstErrors = await page.$eval('#domains tbody tr', (row) =>
        Number((row as unknown as PageElement).cells[7]!.getAttribute('data-v')),
      );
      expect(firstErrors).toBe(Math.max(...report.domains.map((d) => d.errorCount)));

      await page.screenshot({ path: path.join(ARTIFACTS, 'audit-report-domains.png') });
      expect(requests).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
