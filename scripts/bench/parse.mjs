#!/usr/bin/env node
// Per-file cost of `parseDomain` on a generated fleet: CPU and garbage-collector time.
//
//   pnpm build && node scripts/bench/parse.mjs --fleet DIR [--rounds R] [--parser DIST] [--files N] [--xml-only | --lint]
//
// Reads every file of the fleet's files.txt (decoded strictly, as the CLI reads files) once,
// then parses them all R times and prints, per round and as medians, the CPU time (user +
// system, process.cpuUsage) and the time the collector took (PerformanceObserver 'gc' entries)
// per pass over the fleet. --parser points at another build of packages/parser/dist (e.g. the
// baseline's) to compare; run the two alternately, in separate processes, on a shared machine.
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
  },
});
if (!values.fleet) {
  console.error(
    'usage: parse.mjs --fleet DIR [--rounds R] [--parser DIST] [--files N] [--xml-only | --lint]',
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
