#!/usr/bin/env node
// The lint step alone, in process: the rules over parsed domains, without reading, parsing,
// threads or formatting. CPU time (process.cpuUsage) and GC pause time (PerformanceObserver
// 'gc' entries), medians over rounds. Not a test, and not part of `pnpm bench`.
//
//   node scripts/bench/lint-step.mjs --fleet DIR [--root REPO] [--mode parsed|hot]
//                                    [--files N] [--passes P] [--rounds R]
//
// --mode parsed: parses --files files of the fleet once, then times --passes lints of each tree.
//   Trees parsed long before are cold in the CPU caches: a walk over a whole tree costs more
//   than in a real run.
// --mode hot:    each round parses every file and drops it, then parses and lints every file
//   (so each tree is linted right after it is built, as in a run); the lint step's cost is the
//   difference of the two.
// --root: the checkout whose built packages are measured (default this one), for A/B runs.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    fleet: { type: 'string' },
    root: { type: 'string', default: join(dirname(fileURLToPath(import.meta.url)), '..', '..') },
    mode: { type: 'string', default: 'parsed' },
    files: { type: 'string', default: '1000' },
    passes: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '9' },
  },
});
if (!values.fleet || !['parsed', 'hot'].includes(values.mode)) {
  console.error('Usage: node scripts/bench/lint-step.mjs --fleet DIR [--root REPO] [--mode parsed|hot]');
  process.exit(2);
}
const root = resolve(values.root);
const load = (path) => import(pathToFileURL(join(root, path)).href);
const { parseDomain } = await load('packages/parser/dist/index.js');
const { lintParseResult, resolveConfig } = await load('packages/rules/dist/index.js');
const { sourceFacts } = await load('packages/engine/dist/index.js');

const limit = values.mode === 'hot' ? Infinity : Number(values.files);
const files = readFileSync(join(values.fleet, 'files.txt'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .slice(0, limit);
const texts = files.map((f) => readFileSync(join(values.fleet, f), 'utf8'));
const config = resolveConfig({});
const options = (i) => ({ filePath: files[i], settings: {}, reportUnusedDisableDirectives: 'off' });

let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
}).observe({ entryTypes: ['gc'] });
const settle = () => sleep(20);

let sink = 0;
const lintOne = (parsed, i) => {
  const result = lintParseResult(parsed, config, options(i));
  sink += result.messages.length + sourceFacts(texts[i], result.messages).lines.size;
};

/** CPU and GC milliseconds of one call of `work`. */
async function timed(work) {
  await settle();
  gcMs = 0;
  const start = process.cpuUsage();
  work();
  const used = process.cpuUsage(start);
  await settle(); // GC entries arrive asynchronously
  return { cpu: (used.user + used.system) / 1000, gc: gcMs };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const rounds = Number(values.rounds);
if (values.mode === 'parsed') {
  const parsed = texts.map((t) => parseDomain(t));
  const passes = Number(values.passes);
  const runs = [];
  for (let r = 0; r < rounds; r++) {
    runs.push(
      await timed(() => {
        for (let p = 0; p < passes; p++) for (let i = 0; i < parsed.length; i++) lintOne(parsed[i], i);
      }),
    );
  }
  const lints = passes * parsed.length;
  console.log(
    JSON.stringify({
      mode: 'parsed',
      files: parsed.length,
      lints,
      cpuMs: Math.round(median(runs.map((x) => x.cpu))),
      gcMs: Math.round(median(runs.map((x) => x.gc))),
      cpuUsPerLint: +((median(runs.map((x) => x.cpu)) * 1000) / lints).toFixed(1),
    }),
  );
} else {
  const parseOnly = [];
  const parseLint = [];
  for (let r = 0; r < rounds; r++) {
    // Alternate which goes first, so that a busy moment of the machine hits both alike.
    const order = r % 2 ? [true, false] : [false, true];
    for (const lint of order) {
      const run = await timed(() => {
        for (let i = 0; i < texts.length; i++) {
          const parsed = parseDomain(texts[i]);
          if (lint) lintOne(parsed, i);
          else sink += parsed.kind.length;
        }
      });
      (lint ? parseLint : parseOnly).push(run);
    }
  }
  const m = (runs, key) => Math.round(median(runs.map((x) => x[key])));
  console.log(
    JSON.stringify({
      mode: 'hot',
      files: texts.length,
      parseCpuMs: m(parseOnly, 'cpu'),
      parseLintCpuMs: m(parseLint, 'cpu'),
      lintCpuMs: m(parseLint, 'cpu') - m(parseOnly, 'cpu'),
      parseGcMs: m(parseOnly, 'gc'),
      parseLintGcMs: m(parseLint, 'gc'),
      lintGcMs: m(parseLint, 'gc') - m(parseOnly, 'gc'),
    }),
  );
}
if (sink < 0) console.log(sink); // keeps the work observable
