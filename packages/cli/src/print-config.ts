import path from 'node:path';
import { resolveFileConfig, SEVERITY_NAMES, type ResolvedConfig } from '@virt-alias/rules';
import type { CommonArgs } from './args.js';
import { displayPath } from './display-path.js';
import { EXIT_ERROR, EXIT_OK } from './exit-codes.js';
import { PROGRAM, type CliIo } from './io.js';
import { cliLayers, ConfigChains, ignoredBecause, withRunOptions } from './prepare-run.js';

/** A resolved config as JSON: severities by name, each rule with its complete options. */
function plain(config: ResolvedConfig): Record<string, unknown> {
  return {
    preset: config.preset,
    ...(config.noInlineConfig ? { noInlineConfig: true } : {}),
    rules: Object.fromEntries(
      [...config.rules].map(([id, rule]) => [id, [SEVERITY_NAMES[rule.severity], rule.options]]),
    ),
    ...(config.novaManaged ? { novaManaged: plain(config.novaManaged) } : {}),
  };
}

/**
 * `--print-config FILE` (ESLint's): the config files that apply to FILE, farthest first, and the
 * config they, `--preset`, `--rule`, `--schema` and `--no-inline-config` make, as JSON on stdout.
 * FILE need not exist: the config depends on its path only. Exit 0, or 2 for a bad config.
 */
export async function runPrintConfig(args: CommonArgs & { printConfig: string }, io: CliIo): Promise<number> {
  const file = path.resolve(io.cwd, args.printConfig);
  const chains = new ConfigChains(io, args);
  const chain = await chains.chainFor(path.dirname(file));
  if (chains.problems.size > 0) {
    for (const problem of chains.problems) io.stderr.write(`${problem}\n`);
    return EXIT_ERROR;
  }
  const resolved = resolveFileConfig(chain, file.split(path.sep).join('/'), cliLayers(args));
  const schemaDir = args.schema === undefined ? undefined : path.resolve(io.cwd, args.schema);
  const out = {
    file: displayPath(io.cwd, file),
    configFiles: chain.map((c) => c.path),
    ...(resolved.kind === 'ignored'
      ? { ignored: ignoredBecause(resolved.by) }
      : plain(withRunOptions(resolved.config, args, schemaDir))),
  };
  io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  if (args.paths.length > 0 && !args.quiet) {
    io.stderr.write(`${PROGRAM}: --print-config prints and exits: the paths given were not processed\n`);
  }
  return EXIT_OK;
}
