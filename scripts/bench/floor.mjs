#!/usr/bin/env node
// Node's floor for `pnpm bench`: what any Node tool built on virt-alias's own reader and parser
// pays per file before a single rule runs. Its sides (`floor`, `floor-fix`) are context for the
// lint and fix targets, not targets themselves (docs/performance.md, "Node's floor").
//
//   node scripts/bench/floor.mjs --files-from LIST [--out-dir DIR] [--root REPO]
//
// One thread, no worker, no output per file: each file of LIST (paths relative to the working
// directory, one per line, as xmllint is given them) is read through @virt-alias/rules'
// `readRegularFileSync` (the CLI's reader: a stat, open, fstat, one read into a reused buffer,
// close), decoded as strict UTF-8 and parsed with @virt-alias/parser's `parseDomain`, and dropped.
// With --out-dir it is parsed a second time (a fix re-lints what it wrote) and written to the same
// relative path under DIR through a temporary file and a rename, without fsync: less than
// `fix --out-dir` must do, so a lower bound of it. Prints one line: files, malformed, written.
import { Buffer } from 'node:buffer';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs, TextDecoder } from 'node:util';

const { values } = parseArgs({
  options: {
    'files-from': { type: 'string' },
    'out-dir': { type: 'string' },
    root: { type: 'string', default: join(dirname(fileURLToPath(import.meta.url)), '..', '..') },
  },
});
if (!values['files-from']) {
  process.stderr.write('usage: floor.mjs --files-from LIST [--out-dir DIR] [--root REPO]\n');
  process.exit(2);
}
const load = (path) =>
  import(pathToFileURL(join(resolve(values.root), path)).href).catch((error) => {
    process.stderr.write(
      `floor: cannot load ${path} of ${values.root} (\`pnpm build\` first?): ${error.message}\n`,
    );
    process.exit(2);
  });
const { parseDomain } = await load('packages/parser/dist/index.js');
// The reader's own module, not the rules' barrel: the floor loads no rule, no ajv.
const { MAX_INPUT_BYTES, readRegularFileSync } = await load('packages/rules/dist/read-regular-file.js');

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const scratch = Buffer.allocUnsafe(64 * 1024);
const outDir = values['out-dir'] === undefined ? undefined : resolve(values['out-dir']);
const made = new Set();
let files = 0;
let malformed = 0;
let written = 0;
/** A floor that skipped a file would not be one: any file it cannot read ends the run, exit 2. */
function fail(message) {
  process.stderr.write(`floor: ${message}\n`);
  process.exit(2);
}
let list;
try {
  list = readFileSync(values['files-from'], 'utf8');
} catch (error) {
  fail(`cannot read the list ${values['files-from']}: ${error.message}`);
}
for (const path of list.split('\n')) {
  if (!path) continue;
  files++;
  let text;
  try {
    text = utf8.decode(readRegularFileSync(path, MAX_INPUT_BYTES, scratch));
  } catch (error) {
    fail(`${path}: ${error.message}`);
  }
  if (parseDomain(text).kind === 'error') malformed++;
  if (outDir === undefined) continue;
  parseDomain(text);
  const target = join(outDir, path);
  const dir = dirname(target);
  if (!made.has(dir)) {
    mkdirSync(dir, { recursive: true });
    made.add(dir);
  }
  const temporary = `${target}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, target);
  written++;
}
process.stdout.write(`${files} files, ${malformed} malformed, ${written} written\n`);
