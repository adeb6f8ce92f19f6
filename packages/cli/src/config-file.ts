import { stat } from 'node:fs/promises';
import path from 'node:path';
import { MAX_INPUT_BYTES, readRegularFile, validateConfig, type ConfigFile } from '@virt-alias/rules';
import { configFormatOf, readConfigText, type ConfigFormat } from './config-text.js';
import { describeFsError } from './errors.js';

/** The names a directory's config file may have, in the order `--debug` lists them. */
export const CONFIG_FILE_NAMES = [
  'virt-alias.config.json',
  'virt-alias.config.jsonc',
  'virt-alias.config.yaml',
  'virt-alias.config.yml',
] as const;

/** The name `init` writes and the docs show first. */
export const CONFIG_FILE_NAME = CONFIG_FILE_NAMES[0];

/** A config file that was read and is valid, or every reason why not (one line each). */
export type LoadedConfig =
  | { readonly ok: true; readonly path: string; readonly config: ConfigFile }
  | { readonly ok: false; readonly path: string; readonly problems: readonly string[] };

/** Anything but a directory by that name is loaded: a FIFO or a device is then refused, not skipped. */
async function isConfigCandidate(candidate: string): Promise<boolean> {
  try {
    return !(await stat(candidate)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Parses a config text in its format (by default, the one its name says): syntax first, then
 * the schema; every problem at the line and column of what is wrong.
 */
export function parseConfigText(
  text: string,
  display: string,
  format: ConfigFormat = configFormatOf(display),
): LoadedConfig {
  const read = readConfigText(text, format);
  if (!read.ok) {
    return {
      ok: false,
      path: display,
      problems: [`${display}:${read.at.line}:${read.at.column}: ${read.message}`],
    };
  }
  const problems = validateConfig(read.value);
  if (problems.length > 0) {
    return {
      ok: false,
      path: display,
      problems: problems
        .map((p) => ({ ...p, at: read.locate(p.path, p.atKey) }))
        .sort((a, b) => a.at.line - b.at.line || a.at.column - b.at.column)
        .map((p) => `${display}:${p.at.line}:${p.at.column}: ${p.path}: ${p.message}`),
    };
  }
  return { ok: true, path: display, config: read.value as ConfigFile };
}

/** Reads and checks one config file. `display` is how messages name it. */
export async function loadConfigFile(file: string, display = file): Promise<LoadedConfig> {
  let text: string;
  try {
    text = (await readRegularFile(file, MAX_INPUT_BYTES)).toString('utf8');
  } catch (error) {
    return {
      ok: false,
      path: display,
      problems: [`${display}: cannot read config file: ${describeFsError(error)}`],
    };
  }
  return parseConfigText(text, display, configFormatOf(file));
}

/**
 * Every config file from `from` up to the file-system root, nearest first, stopping after one
 * whose `root` is true. `load` reads each file (the caller caches it across chains). Two config
 * files in one directory are an error (which one wins would be a guess), named by `display`.
 */
export async function findConfigChain(
  from: string,
  load: (file: string) => Promise<LoadedConfig>,
  display: (file: string) => string = (file) => file,
): Promise<{ readonly file: string; readonly loaded: LoadedConfig }[]> {
  const chain: { file: string; loaded: LoadedConfig }[] = [];
  let dir = path.resolve(from);
  for (;;) {
    const found: string[] = [];
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      if (await isConfigCandidate(candidate)) found.push(candidate);
    }
    if (found.length > 1) {
      const names = found.map(display);
      const problem = `${names.join(', ')}: ${found.length} config files in one directory: keep one`;
      chain.push({ file: found[0]!, loaded: { ok: false, path: names[0]!, problems: [problem] } });
      return chain;
    }
    const [candidate] = found;
    if (candidate !== undefined) {
      const loaded = await load(candidate);
      chain.push({ file: candidate, loaded });
      if (loaded.ok && loaded.config.root === true) return chain;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return chain;
    dir = parent;
  }
}
