// The commands `pnpm bench` compares, all run on the same fleet from the fleet's directory.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

export const SIDE_NAMES = [
  'lint',
  'audit',
  'fix',
  'xmllint',
  'lxml',
  'cache',
  'schema',
  'xmllint-rng',
  'floor',
  'floor-fix',
];
/** libvirt's schemas, where Debian's libvirt0 puts them: the `schema` and `xmllint-rng` sides. */
export const SCHEMA_DIR = '/usr/share/libvirt/schemas';
export const PYTHON = '/usr/bin/python3';

/**
 * What the built CLI offers: `--cache` (and `--cache-location`) on `lint`, read from its help, so
 * that the benchmark measures the cache as soon as the CLI has one.
 */
export function cliFeatures(bin) {
  const help = spawnSync(process.execPath, [bin, 'lint', '--help'], { encoding: 'utf8' });
  if (help.status !== 0) throw new Error(`${bin} lint --help failed: ${help.stderr || help.error?.message}`);
  return { cache: /--cache\b/.test(help.stdout), cacheLocation: /--cache-location\b/.test(help.stdout) };
}

/**
 * The sides, by name: `{ label, command, args(run), ok(code), available?, reset?() }`. `run` numbers the
 * measured runs, so that each `fix` writes a fresh output directory. They are kept until the
 * bench ends (the scratch directory goes then): on ext4 without a journal, as on the reference
 * machine, creating a file skips every inode freed in the last minutes, and removing one round's
 * 10,000 copies made the next round's creates cost up to 10 s of system CPU
 * (docs/performance.md, "fix --out-dir: where its CPU goes").
 * `fleet` is ensureFleet's result, `work` a scratch directory outside the fleet.
 */
export function defineSides({ bin, fleet, work, features, lxmlScript, floorScript, root }) {
  const node = process.execPath;
  const cacheFile = features.cacheLocation
    ? join(work, 'virt-alias-cache')
    : join(fleet.dir, '.virt-alias-cache');
  const cacheArgs = features.cacheLocation ? ['--cache', '--cache-location', cacheFile] : ['--cache'];
  const outDir = (run) => join(work, `fixed-${run}`);
  const findings = (code) => code === 0 || code === 1;
  return {
    lint: {
      label: 'virt-alias lint --format json',
      command: node,
      args: () => [bin, 'lint', '--no-config', '--format', 'json', '.'],
      ok: findings,
    },
    audit: {
      label: 'virt-alias audit --format json',
      command: node,
      args: () => [bin, 'audit', '--no-config', '--quiet', '--format', 'json', '.'],
      ok: findings,
    },
    fix: {
      label: 'virt-alias fix --out-dir',
      command: node,
      args: (run) => [bin, 'fix', '--no-config', '--quiet', '--out-dir', outDir(run), '.'],
      ok: findings,
    },
    xmllint: {
      label: 'xmllint --noout (xargs)',
      command: 'xargs',
      // xargs splits the list into command lines within ARG_MAX, as an operator would.
      args: () => ['-d', '\n', '-a', 'files.txt', 'xmllint', '--noout'],
      ok: (code) => code === 0,
    },
    lxml: {
      label: 'python3-lxml script',
      command: PYTHON,
      args: () => [lxmlScript, '--files-from', 'files.txt'],
      ok: findings,
    },
    // libvirt's RelaxNG schema (issue 8): the rule on top of lint, against xmllint validating.
    schema: {
      label: 'virt-alias lint + libvirt-schema',
      command: node,
      args: () => [
        bin,
        'lint',
        '--no-config',
        '--format',
        'json',
        '--rule',
        'libvirt-schema=error',
        '--schema',
        SCHEMA_DIR,
        '.',
      ],
      ok: findings,
    },
    'xmllint-rng': {
      label: 'xmllint --noout --relaxng (xargs)',
      command: 'xargs',
      args: () => [
        '-d',
        '\n',
        '-a',
        'files.txt',
        'xmllint',
        '--noout',
        '--relaxng',
        join(SCHEMA_DIR, 'domain.rng'),
      ],
      // xmllint exits 3 for a file the schema rejects (the broken aliases), and xargs then 123.
      ok: (code) => code === 0 || code === 123,
    },
    // Node's floor (floor.mjs): virt-alias's reader and parser alone, no rule, no output. Context
    // for the lint and fix targets: what is left of them once a Node tool has read and parsed.
    floor: {
      label: "Node's floor: read + parse",
      command: node,
      args: () => [floorScript, '--root', root, '--files-from', 'files.txt'],
      ok: (code) => code === 0,
    },
    'floor-fix': {
      label: "Node's floor: + parse + write",
      command: node,
      args: (run) => [
        floorScript,
        '--root',
        root,
        '--files-from',
        'files.txt',
        '--out-dir',
        join(work, `floor-${run}`),
      ],
      ok: (code) => code === 0,
    },
    cache: {
      label: 'virt-alias lint --cache, re-run',
      command: node,
      args: () => [bin, 'lint', '--no-config', '--format', 'json', ...cacheArgs, '.'],
      ok: findings,
      available: features.cache,
      /** A cache from an earlier build would be a lie: start empty, then fill it (unmeasured). */
      reset: () => rmSync(cacheFile, { recursive: true, force: true }),
    },
  };
}
