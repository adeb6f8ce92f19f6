import { stat } from 'node:fs/promises';
import path from 'node:path';
import { MAX_INPUT_BYTES, readRegularFile, validateConfig, type ConfigFile } from '@virt-alias/rules';
import { describeFsError } from './errors.js';
import { findJsonSyntaxError, lineColumnAt } from './json-syntax.js';

export const CONFIG_FILE_NAME = 'virt-alias.config.json';

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

/** Parses a config text: JSON syntax first (with line and column), then the schema. */
export function parseConfigText(text: string, display: string): LoadedConfig {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const offsetShift = text.length - body.length;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    const found = findJsonSyntaxError(body);
    const offset = (found?.offset ?? 0) + offsetShift;
    const { line, column } = lineColumnAt(text, offset);
    const reason = found?.message ?? (error instanceof Error ? error.message : String(error));
    return { ok: false, path: display, problems: [`${display}:${line}:${column}: invalid JSON: ${reason}`] };
  }
  const problems = validateConfig(value);
  if (problems.length > 0) {
    return { ok: false, path: display, problems: problems.map((p) => `${display}: ${p.path}: ${p.message}`) };
  }
  return { ok: true, path: display, config: value as ConfigFile };
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
  return parseConfigText(text, display);
}

/**
 * Every `virt-alias.config.json` from `from` up to the file-system root, nearest first, stopping
 * after one whose `root` is true. `load` reads each file (the caller caches it across chains).
 */
export async function findConfigChain(
  from: string,
  load: (file: string) => Promise<LoadedConfig>,
): Promise<{ readonly file: string; readonly loaded: LoadedConfig }[]> {
  const chain: { file: string; loaded: LoadedConfig }[] = [];
  let dir = path.resolve(from);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    if (await isConfigCandidate(candidate)) {
      const loaded = await load(candidate);
      chain.push({ file: candidate, loaded });
      if (loaded.ok && loaded.config.root === true) return chain;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return chain;
    dir = parent;
  }
}
