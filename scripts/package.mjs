#!/usr/bin/env node
// `pnpm run package`: builds virt-alias-<version>.tgz, the one installable artifact, which
// `npm install -g ./virt-alias-<version>.tgz` installs with Node.js 20.19+ and the npm registry
// alone (docs/decisions/0011-one-tarball-bundled-cli.md, docs/install.md).
//
//   node scripts/package.mjs [--no-build] [--pack-destination DIR] [--stage DIR]
//
// It builds (tsc -b) first, so the tarball can never lack dist/; --no-build is for tests that
// built already. The package is assembled in a stage directory (a temporary one, removed after;
// --stage keeps it for inspection) and packed there with `npm pack`.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundle } from './package/bundle.mjs';
import { tarballManifest } from './package/manifest.mjs';
import { keepSources } from './package/source-map.mjs';
import { bundledPackages, licensesText } from './package/third-party-licenses.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'packages/cli');
const PACKAGES = path.join(ROOT, 'packages');

function fail(message) {
  process.stderr.write(`package: ${message}\n`);
  process.exit(2);
}

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

function copy(from, to) {
  mkdirSync(path.dirname(to), { recursive: true });
  copyFileSync(from, to);
}

function build() {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-b'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) fail(`tsc -b failed (exit ${r.status ?? r.signal})`);
}

/**
 * Rewrites the bundle's source map to name only the workspace's TypeScript, copied into the
 * stage as src/<package>/...: the map then points at files the tarball ships.
 */
function shipSources(stage) {
  const shipped = new Set();
  // main.js, worker.js, libxml2.js and the chunks they import.
  const maps = readdirSync(path.join(stage, 'dist')).filter((f) => f.endsWith('.js.map'));
  for (const bundled of maps) {
    const mapFile = path.join(stage, 'dist', bundled);
    const dir = path.dirname(mapFile);
    const map = keepSources(readJson(mapFile), (source) => {
      const file = path.resolve(dir, source);
      const match = /^([^/\\]+)[/\\]src[/\\](.+\.ts)$/.exec(path.relative(PACKAGES, file));
      if (match === null) return undefined;
      const copied = path.join(stage, 'src', match[1], match[2]);
      copy(file, copied);
      shipped.add(copied);
      return path.relative(dir, copied).split(path.sep).join('/');
    });
    writeFileSync(mapFile, JSON.stringify(map));
  }
  return shipped.size;
}

function pack(stage, destination) {
  mkdirSync(destination, { recursive: true });
  const r = spawnSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], {
    cwd: stage,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`npm pack failed (exit ${r.status ?? r.signal}):\n${r.stderr}`);
  const [result] = JSON.parse(r.stdout);
  return { file: path.join(destination, result.filename), size: result.size, entries: result.entryCount };
}

const { values: options } = parseArgs({
  options: {
    'no-build': { type: 'boolean', default: false },
    'pack-destination': { type: 'string', default: ROOT },
    stage: { type: 'string' },
  },
});

if (!options['no-build']) build();
const entry = path.join(CLI, 'dist/main.js');
if (!existsSync(entry)) fail(`${path.relative(ROOT, entry)} is missing: run without --no-build`);

let stage = options.stage;
if (stage === undefined) {
  stage = mkdtempSync(path.join(os.tmpdir(), 'virt-alias-package-'));
} else if (existsSync(stage) && readdirSync(stage).length > 0) {
  fail(`--stage ${stage}: not empty`);
}

try {
  const { metafile, externals, yargsLocales } = await bundle({
    root: ROOT,
    entry,
    worker: path.join(PACKAGES, 'engine/dist/worker.js'),
    outfile: path.join(stage, 'dist/main.js'),
  });
  const sources = shipSources(stage);
  // The CLI fixes yargs' locale to English (args.ts): its messages are the only ones read.
  copy(path.join(yargsLocales, 'en.json'), path.join(stage, 'dist/locales/en.json'));

  const cli = readJson(path.join(CLI, 'package.json'));
  const workspace = readdirSync(PACKAGES).map((name) => readJson(path.join(PACKAGES, name, 'package.json')));
  writeFileSync(
    path.join(stage, 'package.json'),
    `${JSON.stringify(tarballManifest(cli, workspace, externals), null, 2)}\n`,
  );
  const licenses = bundledPackages(Object.keys(metafile.inputs), ROOT);
  writeFileSync(
    path.join(stage, 'THIRD-PARTY-LICENSES.txt'),
    licensesText(licenses, `${cli.name} ${cli.version}`),
  );
  for (const file of ['bin/virt-alias.js', 'config.schema.json', 'mapping.schema.json', 'README.md']) {
    copy(path.join(CLI, file), path.join(stage, file));
  }
  copy(path.join(ROOT, 'LICENSE'), path.join(stage, 'LICENSE'));
  const missing = cli.files.filter((name) => !existsSync(path.join(stage, name)));
  if (missing.length > 0)
    throw new Error(`packages/cli/package.json lists files the stage lacks: ${missing.join(', ')}`);

  const packed = pack(stage, path.resolve(options['pack-destination']));
  const { pathInside } = await import('../packages/rules/dist/index.js');
  const shown = pathInside(process.cwd(), packed.file) ?? packed.file;
  process.stderr.write(
    `package: ${shown}: ${(packed.size / 1024).toFixed(0)} KiB, ` +
      `${packed.entries} files (${sources} TypeScript sources for the source map, ` +
      `${licenses.length} bundled npm packages; installs ${externals.join(', ')} from the registry)\n`,
  );
  process.stdout.write(`${packed.file}\n`);
} catch (error) {
  process.stderr.write(
    `package: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 2;
} finally {
  if (options.stage === undefined) rmSync(stage, { recursive: true, force: true });
}
