import { lstat, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ConfigFile } from '@virt-alias/rules';

// Apart from config-file.ts, which parses config texts: a run without config files does not
// load YAML's and JSONC's parsers (docs/decisions/0016-startup-and-cache-rerun.md).

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

/**
 * Anything but a directory by that name is loaded: a FIFO or a device is then refused, not
 * skipped, and so is a symbolic link that leads nowhere (dangling, looping), whose author meant
 * a config file there: skipping it would lint with other rules without a word.
 */
async function isConfigCandidate(candidate: string): Promise<boolean> {
  // lstat first: where there is no such name, as nearly everywhere, one call says so.
  const entry = await lstat(candidate).catch(() => undefined);
  if (!entry?.isSymbolicLink()) return entry !== undefined && !entry.isDirectory();
  return stat(candidate).then(
    (target) => !target.isDirectory(),
    () => true,
  );
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
