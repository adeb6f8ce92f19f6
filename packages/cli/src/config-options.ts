import type { PresetName } from '@virt-alias/rules';
import type { Argv } from 'yargs';
import type { InitArgs } from './init-command.js';

/**
 * ESLint's options about configuration and what is read, shared by the commands that lint
 * files (`lint`, `fix`, `audit`, `apply`): `--print-config`, `--debug`, `--no-inline-config`,
 * `--ignore-pattern`.
 */
export interface ConfigArgs {
  /** `--print-config FILE`: print the config of FILE as JSON and exit. */
  readonly printConfig: string | undefined;
  /** `--debug`: what is read, which config applies, timings, to stderr. */
  readonly debug: boolean;
  /** `--no-inline-config`: false; the `virt-alias-disable` comments are then ignored. */
  readonly inlineConfig: boolean;
  /** `--ignore-pattern`: globs relative to the working directory, as a config file's `ignores`. */
  readonly ignorePatterns: readonly string[];
}

export function configOptions<T>(y: Argv<T>) {
  return y
    .option('print-config', {
      describe: 'Print the configuration of FILE as JSON (the config files, preset and rules) and exit',
      type: 'string',
      requiresArg: true,
    })
    .option('debug', {
      describe: 'Say on stderr what is read, which config files apply to each file, and timings',
      type: 'boolean',
    })
    .option('inline-config', {
      describe: 'Obey virt-alias-disable comments (--no-inline-config: ignore them; nothing suppressed)',
      type: 'boolean',
    })
    .option('ignore-pattern', {
      describe: 'Glob of files not to lint, relative to the working directory, as "ignores" (repeatable)',
      type: 'string',
      array: true,
      nargs: 1,
      requiresArg: true,
    });
}

const lastOf = <T>(value: T | readonly T[]): T =>
  Array.isArray(value) ? (value[value.length - 1] as T) : (value as T);

/** `restore`: args.ts's way back from its stand-in for `-`. */
export function configArgs(argv: Record<string, unknown>, restore: (value: string) => string): ConfigArgs {
  const printConfig = lastOf(argv['print-config'] as string | undefined);
  const patterns = (argv['ignore-pattern'] as unknown[] | undefined) ?? [];
  return {
    printConfig: printConfig === undefined ? undefined : restore(printConfig),
    debug: lastOf(argv.debug as boolean | undefined) ?? false,
    inlineConfig: lastOf(argv['inline-config'] as boolean | undefined) ?? true,
    ignorePatterns: patterns.map((p) => restore(String(p))),
  };
}

/** `virt-alias init [--force] [--preset NAME]`. */
export function initBuilder(presets: readonly string[]) {
  return (y: Argv) =>
    y
      .usage('$0 init [--force] [--preset nova|recommended|strict]')
      .option('force', { describe: 'Replace an existing virt-alias.config.json', type: 'boolean' })
      .option('preset', { describe: 'The preset it extends [default: recommended]', choices: presets })
      .example('$0 init --preset nova', 'A starter config for OpenStack compute hosts')
      .epilogue(
        'Writes virt-alias.config.json in the working directory, with a $schema for editors.\n\n' +
          'Exit codes: 0 written, 2 a config file is already there or cannot be written.',
      );
}

export function initArgs(argv: Record<string, unknown>): InitArgs {
  return {
    force: lastOf(argv.force as boolean | undefined) ?? false,
    preset: lastOf(argv.preset as PresetName | undefined),
  };
}
