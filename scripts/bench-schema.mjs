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
import { lintText, loadRuleSupport, prepareRules } from '../packages/rules/dist/index.js';
import { seeded } from './bench/prng.mjs';

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

// A seeded generator, so every run lints the same corpus.
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

// Loading libxml2-wasm (about 40 ms) is not the schema's compile.
await loadRuleSupport([withSchema]);
const start = performance.now();
const problems = prepareRules([withSchema]);
const compileMs = performance.now() - start;
if (problems.length > 0) throw problems[0];

/** Wall and CPU milliseconds of `run` (CPU: user + system of this process, all its threads). */
function timed(run) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = run();
  const cpu = process.cpuUsage(cpu0);
  return { ...result, ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** Reads and lints every file: what `virt-alias lint` does per file, minus the output. */
function lintAll(config) {
  return timed(() => {
    let invalid = 0;
    for (const file of files) {
      if (lintText(readFileSync(file, 'utf8'), config, { filePath: file }).errorCount > 0) invalid++;
    }
    return { invalid };
  });
}

/** `0m0.760000s` -> milliseconds. */
const shellTime = (t) => {
  const m = /^(\d+)m([\d.]+)s$/.exec(t);
  if (!m) throw new Error(`unexpected output of the shell's times: ${t}`);
  return (Number(m[1]) * 60 + Number(m[2])) * 1000;
};

/**
 * xmllint on `list`, with its CPU time from the shell's `times` (the machine may be busy: CPU
 * time is steadier than wall time, at 10 ms resolution). The shell gets the file names as
 * arguments ("$@"): it never parses them.
 */
function xmllint(list) {
  const t0 = performance.now();
  const r = spawnSync('sh', ['-c', 'xmllint --noout --relaxng "$@" 2>&1; times', 'sh', rng, ...list], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const ms = performance.now() - t0;
  if (r.error) throw r.error;
  // The last line of `times`: the user and system time of the shell's children.
  const [user, system] = r.stdout.trim().split('\n').pop().split(' ').map(shellTime);
  const valid = r.stdout.split('\n').filter((l) => l.endsWith(' validates')).length;
  return { ms, cpuMs: user + system, invalid: list.length - valid };
}

// One unmeasured pass first: V8 compiles the hot WebAssembly functions again, optimised, in the
// background during the first thousand or so validations.
lintAll(withSchema);
const samples = { rule: [], parse: [], xmllintAll: [], xmllintOne: [] };
let verdicts;
for (let round = 0; round < rounds; round++) {
  // Interleaved, so that a slow moment of the machine hits every side alike.
  const rule = lintAll(withSchema);
  const all = xmllint(files);
  samples.rule.push(rule);
  samples.xmllintAll.push(all);
  samples.xmllintOne.push(xmllint(files.slice(0, 1)));
  samples.parse.push(lintAll(noRules));
  verdicts = { rule: rule.invalid, xmllint: all.invalid };
}
rmSync(work, { recursive: true, force: true });
if (verdicts.rule !== verdicts.xmllint) {
  throw new Error(`the rule found ${verdicts.rule} invalid files, xmllint ${verdicts.xmllint}`);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
/** Per-file milliseconds of each side, by `key` (wall `ms` or `cpuMs`). */
function perFile(key) {
  const m = (name) => median(samples[name].map((x) => x[key]));
  const rule = m('rule') / count;
  const parse = m('parse') / count;
  return {
    xmllintRaw: m('xmllintAll') / count,
    xmllintOnce: (m('xmllintAll') - m('xmllintOne')) / (count - 1),
    rule,
    parse,
    alone: rule - parse,
  };
}
const wall = perFile('ms');
const cpu = perFile('cpuMs');
const row = (label, key) =>
  `${label.padEnd(54)}${wall[key].toFixed(3).padStart(8)}${cpu[key].toFixed(3).padStart(8)}`;
const ratio = (label, a, b) =>
  `${label.padEnd(54)}${(wall[a] / wall[b]).toFixed(2).padStart(8)}${(cpu[a] / cpu[b]).toFixed(2).padStart(8)}`;

const load1 = Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
console.log(`libvirt-schema vs xmllint --relaxng ${rng}`);
console.log(
  `${count} Nova-like domains (${(bytes / count / 1024).toFixed(1)} KiB each on average), ${rounds} interleaved rounds, medians; ` +
    `node ${process.version}, ${spawnSync('xmllint', ['--version'], { encoding: 'utf8' }).stderr.split('\n')[0]}; load average ${load1}`,
);
console.log(`invalid files: ${verdicts.rule} for both`);
console.log(`schema compile by the rule, once per process: ${compileMs.toFixed(0)} ms`);
console.log(`${'per file, ms'.padEnd(54)}${'wall'.padStart(8)}${'cpu'.padStart(8)}`);
console.log(row('xmllint, process and schema compile included', 'xmllintRaw'));
console.log(row('xmllint, schema compiled once', 'xmllintOnce'));
console.log(row('rule (read + virt-alias parse + validation)', 'rule'));
console.log(row("  of which virt-alias's own read and parse", 'parse'));
console.log(row('  the rule alone (libxml2-wasm parse + validation)', 'alone'));
console.log(ratio('ratio rule / xmllint (schema compiled once)', 'rule', 'xmllintOnce'));
console.log(ratio('ratio rule alone / xmllint (schema compiled once)', 'alone', 'xmllintOnce'));
