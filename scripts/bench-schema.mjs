#!/usr/bin/env node
// The libvirt-schema rule against `xmllint --noout --relaxng domain.rng`, per file, on N
// generated Nova-like domains. Both sides compile the schema once: the rule before its rounds
// (timed apart), xmllint once per process, which is why xmllint also runs on one file and its
// per-file cost is (T(N files) - T(1 file)) / (N - 1). Rounds are interleaved, medians reported.
//
//   pnpm build && node scripts/bench-schema.mjs [--count 500] [--rounds 5] [--schema DIR]
//
// Run on an otherwise idle machine: the numbers are for a decision record, not for a test.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { lintText, prepareRules } from '../packages/rules/dist/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '500' },
    rounds: { type: 'string', default: '5' },
    schema: { type: 'string', default: '/usr/share/libvirt/schemas' },
  },
});
const count = Number(values.count);
const rounds = Number(values.rounds);
const schemaDir = values.schema;
const rng = join(schemaDir, 'domain.rng');
if (!(count >= 2) || !(rounds >= 1)) throw new Error('--count must be 2 or more, --rounds 1 or more');

/** A seeded generator (mulberry32), so every run lints the same corpus. */
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seeded(8);
const hex = (n) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;

/** The Nova fixtures, renamed and re-identified: Nova-like guests of every plug type. */
const novaDir = join(root, 'fixtures/nova');
const templates = readdirSync(novaDir)
  .filter((n) => n.endsWith('.xml'))
  .sort()
  .map((n) => readFileSync(join(novaDir, n), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'virt-alias-bench-schema-'));
const files = [];
for (let i = 0; i < count; i++) {
  const text = templates[i % templates.length]
    .replace(/<name>[^<]*<\/name>/, `<name>instance-${i.toString(16).padStart(8, '0')}</name>`)
    .replace(/<uuid>[^<]*<\/uuid>/, `<uuid>${uuid()}</uuid>`);
  const file = join(work, `instance-${i}.xml`);
  writeFileSync(file, text);
  files.push(file);
}
const bytes = files.reduce((n, f) => n + readFileSync(f).length, 0);

const only = (rules) => ({ preset: 'strict', rules: new Map(rules) });
const withSchema = only([['libvirt-schema', { severity: 2, options: { schemaDir } }]]);
const noRules = only([]);

let start = performance.now();
const problems = prepareRules([withSchema]);
const compileMs = performance.now() - start;
if (problems.length > 0) throw problems[0];

/** Reads and lints every file: what `virt-alias lint` does per file, minus the output. */
function lintAll(config) {
  let invalid = 0;
  const t0 = performance.now();
  for (const file of files) {
    if (lintText(readFileSync(file, 'utf8'), config, { filePath: file }).errorCount > 0) invalid++;
  }
  return { ms: performance.now() - t0, invalid };
}

function xmllint(list) {
  const t0 = performance.now();
  const r = spawnSync('xmllint', ['--noout', '--relaxng', rng, ...list], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = performance.now() - t0;
  if (r.error) throw r.error;
  const valid = r.stderr.split('\n').filter((l) => l.endsWith(' validates')).length;
  return { ms, invalid: list.length - valid };
}

const samples = { rule: [], parse: [], xmllintAll: [], xmllintOne: [] };
let verdicts;
for (let round = 0; round < rounds; round++) {
  // Interleaved, so that a slow moment of the machine hits every side alike.
  const rule = lintAll(withSchema);
  const all = xmllint(files);
  samples.rule.push(rule.ms);
  samples.xmllintAll.push(all.ms);
  samples.xmllintOne.push(xmllint(files.slice(0, 1)).ms);
  samples.parse.push(lintAll(noRules).ms);
  verdicts = { rule: rule.invalid, xmllint: all.invalid };
}
rmSync(work, { recursive: true, force: true });

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const rule = median(samples.rule) / count;
const parse = median(samples.parse) / count;
const xmllintOnce = (median(samples.xmllintAll) - median(samples.xmllintOne)) / (count - 1);
const xmllintRaw = median(samples.xmllintAll) / count;
const fmt = (ms) => `${ms.toFixed(3)} ms`;

console.log(`libvirt-schema vs xmllint --relaxng ${rng}`);
console.log(
  `${count} Nova-like domains (${(bytes / count / 1024).toFixed(1)} KiB each on average), ${rounds} interleaved rounds, medians; ` +
    `node ${process.version}, ${spawnSync('xmllint', ['--version'], { encoding: 'utf8' }).stderr.split('\n')[0]}`,
);
console.log(`invalid files: rule ${verdicts.rule}, xmllint ${verdicts.xmllint}`);
console.log(`schema compile (rule, once per process):              ${fmt(compileMs)}`);
console.log(`xmllint per file, process and compile included:       ${fmt(xmllintRaw)}`);
console.log(`xmllint per file, schema compiled once:               ${fmt(xmllintOnce)}`);
console.log(`rule per file (read + virt-alias parse + validation): ${fmt(rule)}`);
console.log(`  of which virt-alias's own read and parse:           ${fmt(parse)}`);
console.log(`  the rule alone (libxml2-wasm parse + validation):   ${fmt(rule - parse)}`);
console.log(`ratio rule / xmllint per file (schema compiled once): ${(rule / xmllintOnce).toFixed(2)}`);
console.log(`ratio rule alone / xmllint per file:                  ${((rule - parse) / xmllintOnce).toFixed(2)}`);
