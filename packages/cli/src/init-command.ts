import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeFileAtomic } from '@virt-alias/rewriter';
import { DEFAULT_PRESET, pathInside, type PresetName } from '@virt-alias/rules';
import { CONFIG_FILE_NAME, CONFIG_FILE_NAMES } from './config-file.js';
import { describeFsError, isFsError } from './errors.js';
import { PROGRAM, type CliIo } from './io.js';

/** `virt-alias init`. */
export interface InitArgs {
  /** Replace an existing virt-alias.config.json. */
  readonly force: boolean;
  readonly preset: PresetName | undefined;
}

/**
 * The JSON schema this virt-alias ships, beside its dist/ (and src/): the package's root in the
 * tarball and in packages/cli/ of the repository.
 */
export const SHIPPED_SCHEMA = fileURLToPath(new URL('../config.schema.json', import.meta.url));

/**
 * `$schema` for a config file in `dir`: the schema of the virt-alias that writes it. Relative
 * (`./node_modules/virt-alias/config.schema.json` for a project's own install) when it lies
 * below `dir`, so the file can be committed; else a file: URL (a global install), which
 * editors resolve on this machine.
 */
export function schemaReference(dir: string, schema = SHIPPED_SCHEMA): string {
  const inside = pathInside(dir, schema);
  return inside !== undefined ? `./${inside.split(path.sep).join('/')}` : pathToFileURL(schema).href;
}

export function starterConfig(schema: string, preset: PresetName): string {
  const config = {
    $schema: schema,
    root: true,
    extends: preset,
    rules: {},
    ignores: [],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes a starter `virt-alias.config.json` in the working directory. Refuses (exit 2) when one
 * exists, unless `--force`, and always when a config file of another name is there: two in one
 * directory are an error.
 */
export async function runInit(args: InitArgs, io: CliIo): Promise<number> {
  const file = path.join(io.cwd, CONFIG_FILE_NAME);
  for (const name of CONFIG_FILE_NAMES.filter((n) => n !== CONFIG_FILE_NAME)) {
    if (await exists(path.join(io.cwd, name))) {
      io.stderr.write(
        `${PROGRAM}: init: ${name} already exists here; a directory holds one config file: edit it, or remove it first\n`,
      );
      return 2;
    }
  }
  const text = starterConfig(schemaReference(io.cwd), args.preset ?? DEFAULT_PRESET);
  try {
    if (args.force) await writeFileAtomic(file, text);
    // `wx`: created only if absent, in one step: nothing written between a check and the write.
    else await writeFile(file, text, { flag: 'wx' });
  } catch (error) {
    const reason = isFsError(error, 'EEXIST')
      ? 'already exists (overwrite it with --force)'
      : `cannot write: ${describeFsError(error)}`;
    io.stderr.write(`${PROGRAM}: init: ${CONFIG_FILE_NAME}: ${reason}\n`);
    return 2;
  }
  io.stderr.write(`${PROGRAM}: init: wrote ${CONFIG_FILE_NAME} (extends ${args.preset ?? DEFAULT_PRESET})\n`);
  return 0;
}
