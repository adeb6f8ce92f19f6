import { MAX_INPUT_BYTES, readRegularFile, validateConfig, type ConfigFile } from '@virt-alias/rules';
import { configFormatOf, readConfigText, type ConfigFormat } from './config-text.js';
import { describeFsError } from './errors.js';
import { decodeStrictUtf8 } from '@virt-alias/engine';
import type { LoadedConfig } from './config-find.js';

export { CONFIG_FILE_NAME, CONFIG_FILE_NAMES, findConfigChain, type LoadedConfig } from './config-find.js';

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
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(file, MAX_INPUT_BYTES);
  } catch (error) {
    return {
      ok: false,
      path: display,
      problems: [`${display}: cannot read config file: ${describeFsError(error)}`],
    };
  }
  const decoded = decodeStrictUtf8(bytes);
  if (!('text' in decoded)) {
    const { at, offset } = decoded;
    const problem = `${display}:${at.line}:${at.column}: not valid UTF-8 (byte offset ${offset}): a config file is read as UTF-8`;
    return { ok: false, path: display, problems: [problem] };
  }
  return parseConfigText(decoded.text, display, configFormatOf(file));
}
