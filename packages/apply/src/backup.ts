import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';

/** `2026-11-30T05-02-56Z`: a UTC time that sorts and needs no quoting in a path. */
export function timestampName(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
}

function isExists(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'EEXIST';
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A file name for a domain's backup: its name (what people look for) and uuid (what is unique). */
function fileName(name: string, uuid: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return `${safe}.${uuid}.xml`;
}

/**
 * The backups of one run: `PARENT/<UTC timestamp>/`, a directory of its own made when the first
 * backup is kept. Nothing in it is ever overwritten: the directory is created exclusively (a
 * `-2`, `-3`, ... suffix when a run of the same second has one), each file too (O_EXCL), and each
 * is fsynced with its directory before the define it protects. Mode 0700/0600: a definition
 * dumped with `--security-info` holds secrets.
 */
export class BackupDir {
  private dir: Promise<string> | undefined;

  constructor(
    private readonly parent: string,
    private readonly started: Date,
  ) {}

  private create(): Promise<string> {
    this.dir ??= (async () => {
      await mkdir(this.parent, { recursive: true, mode: 0o700 });
      const base = path.join(this.parent, timestampName(this.started));
      for (let n = 1; ; n++) {
        const dir = n === 1 ? base : `${base}-${n}`;
        try {
          await mkdir(dir, { mode: 0o700 });
          await syncDir(this.parent);
          return dir;
        } catch (error) {
          if (!isExists(error)) throw error;
        }
      }
    })();
    return this.dir;
  }

  /** Keeps `text`, the definition of domain `name`/`uuid` before it is replaced; returns the file. */
  async keep(name: string, uuid: string, text: string): Promise<string> {
    const dir = await this.create();
    const file = path.join(dir, fileName(name, uuid));
    const handle = await open(file, 'wx', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await syncDir(dir);
    return file;
  }
}
