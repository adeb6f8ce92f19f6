#!/usr/bin/env node
// `pnpm bench`: virt-alias against xmllint and a python3-lxml script on a generated Nova fleet.
//
//   pnpm bench [--files 10000] [--hosts N] [--rounds 3] [--seed 1]
//              [--only lint,audit,fix,xmllint,lxml,cache,schema,xmllint-rng,floor,floor-fix]
//              [--json FILE] [--bin FILE]
//
// By default it measures what operators install: the tarball's staged bundle (scripts/package.mjs,
// built into the run's scratch directory), not the workspace's packages/cli/bin, whose ESM
// modules load file by file and start 0.05-0.1 s slower. --bin measures any other build.
//
// The fleet is generated under .bench/ once per size, seed and generator (fleet.mjs). Each round
// runs every side once, in the same order (interleaved: a slow moment of the machine hits every
// side alike); the table gives medians and the targets of docs/performance.md. Not a test: it
// asserts nothing about speed and is not part of `pnpm test`.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  symlinkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureFleet } from './fleet.mjs';
import { describeMachine, loadAverage } from './machine.mjs';
import { GNU_TIME, measure, SAMPLE_MS } from './measure.mjs';
import { context, formatReport, judge, summarise } from './report.mjs';
import { cliFeatures, defineSides, PYTHON, SCHEMA_DIR, SIDE_NAMES } from './sides.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const cacheDir = join(root, '.bench');

const USAGE = `Usage: pnpm bench [--files N] [--hosts H] [--rounds R] [--seed S] [--only SIDE,...] [--json FILE]
  --files   guests in the generated fleet (default 10000)
  --hosts   host directories the guests are spread over (default: one per 100 guests)
  --rounds  interleaved rounds; the table shows medians (default 3)
  --seed    seed of the fleet (default 1)
  --only    sides to run, of ${SIDE_NAMES.join(',')} (default: all)
  --json    also write the raw numbers to FILE
  --bin     the virt-alias bin to measure (default: the installable bundle, staged from this
            tree's build by scripts/package.mjs); packages/cli/bin/virt-alias.js for the workspace's
            modules, or another tree's, to compare two builds on one fleet
`;

function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

function options() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        files: { type: 'string', default: '10000' },
        hosts: { type: 'string' },
        rounds: { type: 'string', default: '3' },
        seed: { type: 'string', default: '1' },
        only: { type: 'string', default: SIDE_NAMES.join(',') },
        json: { type: 'string' },
        bin: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    fail(error.message);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const files = Number(values.files);
  const rounds = Number(values.rounds);
  const seed = Number(values.seed);
  if (!Number.isInteger(files) || files < 1) fail('--files must be a positive integer');
  const hosts = values.hosts === undefined ? undefined : Number(values.hosts);
  if (hosts !== undefined && (!Number.isInteger(hosts) || hosts < 1))
    fail('--hosts must be a positive integer');
  if (!Number.isInteger(rounds) || rounds < 1) fail('--rounds must be a positive integer');
  if (!Number.isInteger(seed) || seed < 0) fail('--seed must be a non-negative integer');
  const only = values.only.split(',').filter(Boolean);
  const unknown = only.filter((name) => !SIDE_NAMES.includes(name));
  if (unknown.length > 0)
    fail(`--only: unknown side ${unknown.join(', ')} (sides: ${SIDE_NAMES.join(', ')})`);
  const bin = values.bin === undefined ? undefined : resolve(values.bin);
  return {
    files,
    hosts,
    rounds,
    seed,
    only: SIDE_NAMES.filter((name) => only.includes(name)),
    json: values.json,
    bin,
  };
}

/** A missing tool is an error, not a silent gap in the table. */
function checkTools({ only }) {
  const missing = (command, args) => spawnSync(command, args, { stdio: 'ignore' }).status !== 0;
  if (missing(GNU_TIME, ['--version']))
    fail(`${GNU_TIME} (GNU time) is missing: bash scripts/install-system-deps.sh`);
  if (
    (only.includes('xmllint') || only.includes('xmllint-rng')) &&
    (missing('xmllint', ['--version']) || missing('xargs', ['--version']))
  ) {
    fail('xmllint or xargs is missing: bash scripts/install-system-deps.sh');
  }
  if (
    (only.includes('schema') || only.includes('xmllint-rng')) &&
    !existsSync(join(SCHEMA_DIR, 'domain.rng'))
  ) {
    fail(`${SCHEMA_DIR}/domain.rng is missing: libvirt's schemas come with libvirt (Debian: libvirt0)`);
  }
  if (only.includes('lxml') && missing(PYTHON, ['-c', 'import lxml.etree'])) {
    fail(`${PYTHON} cannot import lxml: bash scripts/install-system-deps.sh (Debian's python3-lxml)`);
  }
}

/** Scratch directories of runs that died (their pid is gone). */
function removeStaleWork() {
  if (!existsSync(cacheDir)) return;
  for (const entry of readdirSync(cacheDir)) {
    const pid = /^run-(\d+)-/.exec(entry)?.[1];
    if (pid && !existsSync(`/proc/${pid}`)) rmSync(join(cacheDir, entry), { recursive: true, force: true });
  }
}

/** Reads every file once, so that the first measured run does not pay for a cold page cache. */
function warmPageCache(fleet) {
  for (const path of readFileSync(fleet.list, 'utf8').split('\n'))
    if (path) readFileSync(join(fleet.dir, path));
}

async function runSide(name, side, run, fleet, work) {
  const result = await measure(side.command, side.args(run), { cwd: fleet.dir, scratch: work });
  if (result.signal !== null || !side.ok(result.code)) {
    fail(
      `${name} (${side.command} ${side.args(run).join(' ')}) exited ${result.signal ?? result.code}:\n${result.stderr}`,
    );
  }
  return result;
}

/**
 * The tarball's contents, staged (not packed into an install) under `work`: its one registry
 * dependency (@napi-rs/xattr, for `fix --write`) resolves through the CLI package's node_modules,
 * as an install's would.
 */
function stageBundle(work) {
  const stage = join(work, 'stage');
  const r = spawnSync(
    process.execPath,
    [join(root, 'scripts/package.mjs'), '--no-build', '--stage', stage, '--pack-destination', work],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) fail(`scripts/package.mjs failed (exit ${r.status ?? r.signal}):\n${r.stderr}`);
  symlinkSync(join(root, 'packages/cli/node_modules'), join(stage, 'node_modules'));
  const bin = join(stage, 'bin/virt-alias.js');
  checkBin(bin);
  return bin;
}

function checkBin(bin) {
  if (spawnSync(process.execPath, [bin, '--version'], { stdio: 'ignore' }).status !== 0)
    fail(`${bin} does not run: \`pnpm build\` first?`);
}

async function main() {
  const opts = options();
  checkTools(opts);
  if (opts.bin !== undefined) checkBin(opts.bin);
  removeStaleWork();
  const started = Date.now();
  const fleet = ensureFleet({ files: opts.files, seed: opts.seed, hosts: opts.hosts, cacheDir });
  process.stderr.write(
    `bench: fleet ${fleet.reused ? 'reused' : `generated in ${((Date.now() - started) / 1000).toFixed(1)} s`}: ${fleet.dir}\n`,
  );
  warmPageCache(fleet);
  mkdirSync(cacheDir, { recursive: true });
  const work = mkdtempSync(join(cacheDir, `run-${process.pid}-`));
  const bin = opts.bin ?? stageBundle(work);
  process.stderr.write(`bench: measuring ${bin}\n`);
  const machine = describeMachine({ root, bin, python: PYTHON });
  const features = cliFeatures(bin);
  const all = defineSides({
    bin,
    fleet,
    work,
    features,
    lxmlScript: join(here, 'lxml_check.py'),
    floorScript: join(here, 'floor.mjs'),
    root,
  });
  const sides = Object.fromEntries(opts.only.map((name) => [name, all[name]]));
  if (sides.cache && !sides.cache.available) {
    sides.cache = { ...sides.cache, skipped: 'the CLI has no --cache (lint --help)' };
  }
  const active = Object.entries(sides).filter(([, side]) => !side.skipped);
  const runs = Object.fromEntries(active.map(([name]) => [name, []]));
  machine.loadStart = loadAverage();
  try {
    if (sides.cache && !sides.cache.skipped) {
      sides.cache.reset();
      await runSide('cache', sides.cache, 0, fleet, work); // fills the cache: the measured runs re-use it
    }
    let run = 0;
    for (let round = 1; round <= opts.rounds; round++) {
      for (const [name, side] of active) {
        const result = await runSide(name, side, ++run, fleet, work);
        const { ms, cpuMs, peakKiB, code, samples } = result;
        runs[name].push({ ms, cpuMs, peakKiB, code, samples });
        process.stderr.write(
          `bench: round ${round}/${opts.rounds} ${name}: ${(ms / 1000).toFixed(2)} s wall, ${(cpuMs / 1000).toFixed(2)} s CPU, ${(peakKiB / 1024).toFixed(0)} MiB\n`,
        );
      }
    }
  } finally {
    sides.cache?.reset?.();
    rmSync(work, { recursive: true, force: true });
  }
  machine.loadEnd = loadAverage();
  const summary = summarise(sides, runs, fleet.files);
  const verdicts = judge(summary, fleet.files);
  const floors = context(summary);
  process.stdout.write(formatReport({ fleet, rounds: opts.rounds, machine, summary, verdicts, floors }));
  if (opts.json) {
    const { files, seed, hosts, generator, bytes, kinds } = fleet;
    const record = {
      date: new Date().toISOString(),
      fleet: { files, seed, hosts, generator, bytes, kinds },
      rounds: opts.rounds,
      rssSampleMs: SAMPLE_MS,
      machine,
      sides: summary,
      targets: verdicts,
      context: floors,
    };
    writeFileSync(opts.json, `${JSON.stringify(record, null, 2)}\n`);
  }
}

await main();
