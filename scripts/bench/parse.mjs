#!/usr/bin/env node
// Per-file cost of `parseDomain` on a generated fleet: CPU and garbage-collector time.
//
//   pnpm build && node scripts/bench/parse.mjs --fleet DIR [--rounds R] [--parser DIST] [--files N] [--xml-only | --lint] [--alloc]
//
// Reads every file of the fleet's files.txt (decoded strictly, as the CLI reads files) once,
// then parses them all R times and prints, per round and as medians, the CPU time (user +
// system, process.cpuUsage) and the time the collector took (PerformanceObserver 'gc' entries)
// per pass over the fleet. --parser points at another build of packages/parser/dist (e.g. the
// baseline's) to compare; run the two alternately, in separate processes, on a shared machine.
// --alloc prints the bytes each file's parse allocates instead: the heap's growth over batches of
// 200 files with the collector held off (a 256 MB young generation; a batch the collector ran in
// is not counted), as a median of per-batch means.
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { setTimeout } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs, TextDecoder } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({
  options: {
    fleet: { type: 'string' },
    rounds: { type: 'string', default: '5' },
    parser: { type: 'string', default: join(root, 'packages/parser/dist') },
    files: { type: 'string' },
    'xml-only': { type: 'boolean', default: false },
    lint: { type: 'boolean', default: false },
    alloc: { type: 'boolean', default: false },
  },
});
const ALLOC_FLAGS = ['--max-semi-space-size=256', '--expose-gc'];
if (values.alloc && typeof globalThis.gc !== 'function') {
  // The young generation's size is fixed at start-up: run again with it.
  const { status } = spawnSync(process.execPath, [...ALLOC_FLAGS, ...process.argv.slice(1)], {
    stdio: 'inherit',
  });
  process.exit(status ?? 2);
}
if (!values.fleet) {
  console.error(
    'usage: parse.mjs --fleet DIR [--rounds R] [--parser DIST] [--files N] [--xml-only | --lint] [--alloc]',
  );
  process.exit(2);
}
const fleet = resolve(values.fleet);
const parser = await import(pathToFileURL(join(resolve(values.parser), 'index.js')).href);
/**
 * --xml-only: the scanner alone (`parseXml`), without reading devices off the tree. --lint: the
 * rules' `lintText` with the default config (what `lint --no-config` runs per file), from the
 * rules build beside that parser build.
 */
let parseDomain = parser.parseDomain;
if (values['xml-only']) parseDomain = (text) => (parser.parseXml(text), { kind: 'xml' });
if (values.lint) {
  const rules = await import(pathToFileURL(join(resolve(values.parser), '../../rules/dist/index.js')).href);
  const config = rules.resolveConfig();
  parseDomain = (text) => (rules.lintText(text, config), { kind: 'lint' });
}

let names = (await readFile(join(fleet, 'files.txt'), 'utf8')).split('\n').filter(Boolean);
if (values.files) names = names.slice(0, Number(values.files));
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const texts = await Promise.all(names.map(async (f) => decoder.decode(await readFile(join(fleet, f)))));

let gcMs = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcMs += e.duration;
}).observe({ entryTypes: ['gc'] });
/** Lets the observer's callback run, so the round's collections are counted. */
const settle = () => setTimeout(20);

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
if (values.alloc) {
  const BATCH = 200;
  const perFile = [];
  let skipped = 0;
  for (let round = 0; round < Number(values.rounds); round++) {
    for (let from = 0; from + BATCH <= texts.length; from += BATCH) {
      globalThis.gc();
      await settle();
      const gc0 = gcMs;
      const heap0 = process.memoryUsage().heapUsed;
      const kept = [];
      for (let i = from; i < from + BATCH; i++) kept.push(parseDomain(texts[i]));
      const grown = process.memoryUsage().heapUsed - heap0;
      await settle();
      if (gcMs !== gc0) skipped++;
      else perFile.push(grown / BATCH);
      kept.length = 0;
    }
  }
  const avgSize = texts.reduce((s, t) => s + t.length, 0) / texts.length;
  console.log(
    `${texts.length} files of ${(avgSize / 1024).toFixed(1)} KiB (characters) on average: ` +
      `median ${(median(perFile) / 1024).toFixed(1)} KiB allocated per file ` +
      `(${perFile.length} batches of ${BATCH}, ${skipped} skipped: the collector ran)`,
  );
  process.exit(0);
}
const cpu = [];
const gc = [];
let devices = 0;
for (let round = 0; round < Number(values.rounds); round++) {
  await settle();
  const gc0 = gcMs;
  const t0 = process.cpuUsage();
  for (const text of texts) {
    const r = parseDomain(text);
    if (r.kind === 'domain') devices += r.document.devices.length;
  }
  const t = process.cpuUsage(t0);
  await settle();
  cpu.push((t.user + t.system) / 1000);
  gc.push(gcMs - gc0);
  console.log(`round ${round + 1}: cpu ${cpu.at(-1).toFixed(0)} ms, gc ${gc.at(-1).toFixed(0)} ms`);
}
const n = texts.length;
console.log(
  `${n} files, median cpu ${median(cpu).toFixed(0)} ms (${((median(cpu) * 1000) / n).toFixed(1)} µs/file), ` +
    `median gc ${median(gc).toFixed(0)} ms; ${devices} devices read`,
);
