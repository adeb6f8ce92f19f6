/**
 * The release tarball, for the tests that install it as a user does: built once per test file by
 * the package script (`pnpm run package` is `node scripts/package.mjs`; `--no-build` because the
 * suite has built already) into a temporary directory, installed with npm.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProgram, type Run } from '@virt-alias/rules/testing';
import { tempTree } from './helpers.js';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * A hang guard for packing and installing, never a measure of speed: npm fetches
 * `@napi-rs/xattr` from the registry when its cache does not have it, on a machine shared with
 * other tests.
 */
export const INSTALL_TIMEOUT_MS = 300_000;

/** PATH without node_modules/.bin directories (pnpm and vitest add them): a user's PATH. */
export const USER_PATH = (process.env.PATH ?? '')
  .split(path.delimiter)
  .filter((dir) => dir !== '' && !dir.split(path.sep).includes('node_modules'))
  .join(path.delimiter);

/**
 * The environment of a user's shell: this process's without what pnpm's script runner and
 * vitest set (`npm_config_*` would steer npm), with USER_PATH and `extra`.
 */
export function userEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(npm_|PNPM_|VITEST|NODE_OPTIONS$|INIT_CWD$)/i.test(name)) env[name] = value;
  }
  return { ...env, PATH: USER_PATH, ...extra };
}

/** What a failed run printed, for assertion messages. */
export const shown = (r: Run): string => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

let tarball: Promise<string> | undefined;

/** The path of virt-alias-<version>.tgz, packed by scripts/package.mjs from the built dist/. */
export function releaseTarball(): Promise<string> {
  tarball ??= (async () => {
    const destination = await tempTree({}, { isolate: false });
    const script = path.join(ROOT, 'scripts/package.mjs');
    const r = await runProgram(process.execPath, [script, '--no-build', '--pack-destination', destination], {
      cwd: ROOT,
      env: userEnv(),
      timeoutMs: INSTALL_TIMEOUT_MS,
    });
    if (r.code !== 0) throw new Error(`scripts/package.mjs failed: ${shown(r)}`);
    return r.stdout.trim();
  })();
  return tarball;
}

/**
 * `npm install --global --prefix PREFIX TARBALL` run from `cwd`: the registry (or npm's cache,
 * preferred) only for the third-party dependencies. The command lands in PREFIX/bin.
 */
export function installGlobally(tarball: string, prefix: string, cwd: string): Promise<Run> {
  return runProgram(
    'npm',
    ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball],
    { cwd, env: userEnv({ NPM_CONFIG_UPDATE_NOTIFIER: 'false' }), timeoutMs: INSTALL_TIMEOUT_MS },
  );
}
