import path from 'node:path';
import { resolveConfig, type ConfigFile, type ResolvedConfig } from '@virt-alias/rules';
import type { CommonArgs } from './args.js';
import { findConfigFile, loadConfigFile } from './config-file.js';
import { displayPath } from './display-path.js';
import { PROGRAM, type CliIo } from './io.js';
import { parseRuleFlags } from './rule-flags.js';
import { expandArgs, type Target } from './targets.js';

/** `<stdin>`: what results name standard input without `--stdin-filename`. */
export const STDIN_FILE_PATH = '<stdin>';

/** The config file to use: `--config`, else the nearest `virt-alias.config.json`, else none. */
async function loadConfig(
  args: CommonArgs,
  io: CliIo,
): Promise<{ file?: ConfigFile; problems?: readonly string[] }> {
  if (args.config === false) return {};
  const file = args.config !== undefined ? path.resolve(io.cwd, args.config) : await findConfigFile(io.cwd);
  if (file === undefined) return {};
  const loaded = await loadConfigFile(file, args.config ?? displayPath(io.cwd, file));
  return loaded.ok ? { file: loaded.config } : { problems: loaded.problems };
}

export type PreparedRun =
  | { readonly configFailed: true }
  | {
      readonly configFailed: false;
      readonly config: ResolvedConfig;
      readonly targets: readonly Target[];
      /** A path named nothing that could be read: reported on stderr; the run ends with exit 2. */
      readonly failed: boolean;
    };

/**
 * What `lint` and `fix` share: the resolved config (problems printed to stderr) and the files the
 * arguments stand for (missing ones reported to stderr, the others kept).
 */
export async function prepareRun(args: CommonArgs, io: CliIo): Promise<PreparedRun> {
  const cliRules = parseRuleFlags(args.rules);
  const loaded = await loadConfig(args, io);
  if (loaded.problems) {
    for (const problem of loaded.problems) io.stderr.write(`${problem}\n`);
    return { configFailed: true };
  }
  const config = resolveConfig({ file: loaded.file, preset: args.preset, rules: cliRules });
  const stdinFilePath =
    args.stdinFilename !== undefined ? path.resolve(io.cwd, args.stdinFilename) : STDIN_FILE_PATH;
  let failed = false;
  const targets: Target[] = [];
  for (const e of await expandArgs(args.paths, io.cwd, stdinFilePath)) {
    if ('error' in e) {
      io.stderr.write(`${PROGRAM}: ${e.arg}: ${e.error}\n`);
      failed = true;
    } else {
      if (e.notice && !args.quiet) io.stderr.write(`${e.arg}: ${e.notice}\n`);
      targets.push(...e.targets);
    }
  }
  return { configFailed: false, config, targets, failed };
}
