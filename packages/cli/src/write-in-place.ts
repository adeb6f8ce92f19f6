import { realpathSync } from 'node:fs';
import path from 'node:path';
import { replaceFile } from '@virt-alias/rewriter';
import type { FixArgs } from './args.js';
import type { CliIo } from './io.js';
import type { StaleTempSweeper } from './stale-temps.js';
import { pauseBeforeRename } from './test-hooks.js';

/** `fix --write`: replaces one file with its fixed text, given the text it was read with. */
export type InPlaceWrite = (file: string, before: string, after: string) => Promise<void>;

export function inPlaceWriter(args: FixArgs, io: CliIo, sweeper: StaleTempSweeper): InPlaceWrite {
  const beforeRename = pauseBeforeRename(io);
  return async (file, before, after) => {
    // Through a symbolic link, the file it points at is rewritten: the link stays a link.
    const target = realpathSync.native(file);
    await sweeper.sweep(path.dirname(target));
    await replaceFile(target, after, {
      expected: before,
      backup: args.backup,
      breakHardLinks: args.breakHardLinks,
      ...(beforeRename ? { beforeRename } : {}),
    });
  };
}
