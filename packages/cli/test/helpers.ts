import { closeSync, openSync } from 'node:fs';
import fsPromises, { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { allRules, type ConfigFile } from '@virt-alias/rules';
import { afterAll, vi } from 'vitest';
import { main } from '../src/main.js';
import { oneDiskDomain } from '@virt-alias/rules/testing';

/** A domain with one disk whose alias is `alias`: `ua-disk.0` is one alias-charset error at 7:14. */
export const domainXml = oneDiskDomain;

/**
 * A domain virsh defines (test driver), exactly `bytes` long: whitespace inside the root pads
 * it, one line per 100 bytes.
 */
export function domainOfSize(bytes: number): string {
  const head = [
    `<domain type='test'>`,
    `  <name>sized</name>`,
    `  <memory>1024</memory>`,
    `  <os><type>hvm</type></os>`,
    `  <devices>`,
    `    <disk type='file' device='disk'>`,
    `      <source file='/var/lib/libvirt/images/a.qcow2'/>`,
    `      <target dev='vda' bus='virtio'/>`,
    `      <alias name='ua-disk0'/>`,
    `    </disk>`,
    `  </devices>`,
  ].join('\n');
  const tail = '\n</domain>\n';
  const pad = bytes - head.length - tail.length;
  return `${head}${`\n${' '.repeat(99)}`.repeat(Math.floor(pad / 100))}${' '.repeat(pad % 100)}${tail}`;
}

/** One alias-charset error at 7:14. */
export const BAD_XML = domainXml('ua-disk.0');
export const CLEAN_XML = domainXml('ua-disk0');
export const NETWORK_XML = `<network>\n  <name>default</name>\n</network>\n`;
export const DOCTYPE_XML = `<!DOCTYPE domain>\n<domain type='kvm'><name>x</name></domain>\n`;
export const MALFORMED_XML = `<domain type='kvm'>\n  <name>x</nam>\n</domain>\n`;

/**
 * Every rule off but alias-charset: tests assert on alias-charset findings only, whatever other
 * rules exist. `severity` lets a test turn its findings into warnings.
 */
export function onlyAliasCharset(severity: 'warn' | 'error' = 'error'): ConfigFile {
  const rules: Record<string, 'off' | 'warn' | 'error'> = {};
  for (const rule of allRules) rules[rule.id] = 'off';
  rules['alias-charset'] = severity;
  return { rules };
}

const created: string[] = [];
afterAll(async () => {
  await Promise.all(created.map((dir) => rm(dir, { recursive: true, force: true })));
});

/**
 * A fresh temporary directory holding `files` (path -> content; a path ending in `/` is a
 * directory), removed after the test file. With `isolate` (the default) it also holds a
 * `virt-alias.config.json` that runs alias-charset only.
 */
export async function tempTree(
  files: Readonly<Record<string, string>> = {},
  { isolate = true }: { isolate?: boolean } = {},
): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'virt-alias-cli-'));
  created.push(dir);
  const all = isolate ? { 'virt-alias.config.json': JSON.stringify(onlyAliasCharset()), ...files } : files;
  for (const [name, content] of Object.entries(all)) {
    const target = path.join(dir, name);
    if (name.endsWith('/')) {
      await mkdir(target, { recursive: true });
      continue;
    }
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
  }
  return dir;
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd: string;
  readonly stdin?: string | Buffer;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly isTTY?: boolean;
}

/** Runs `main` in-process with fake streams. */
export async function run(argv: readonly string[], options: RunOptions): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]),
    cwd: options.cwd,
    env: options.env ?? {},
    isTTY: options.isTTY ?? false,
  });
  return { code, stdout, stderr };
}

/** The bin users run; end-to-end tests spawn it (after `pnpm build`). */
export const BIN = fileURLToPath(new URL('../bin/virt-alias.js', import.meta.url));

/** Runs the built bin in a child process, with the colour and debug variables cleared. */
export function runBin(args: readonly string[], cwd: string, input?: string): Promise<RunResult> {
  return spawnBin(args, { cwd, input: input ?? '' });
}

export interface SpawnOptions {
  readonly cwd: string;
  /** Text for a standard input that then ends; or an open file descriptor to read from. */
  readonly input?: string | number;
  /** Writes to standard input without end (until the bin closes it): `yes` in a pipe. */
  readonly endlessInput?: Buffer;
  /** Variables set for the bin, over this process's environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** Run as this user and group (the test runs as root and drops privileges). */
  readonly uid?: number;
  readonly gid?: number;
  /** Run under this address-space limit, in KiB (`ulimit -v`). */
  readonly addressSpaceKiB?: number;
  /** Run under this file-size limit, in KiB (`ulimit -f`): a write past it fails with EFBIG. */
  readonly fileSizeKiB?: number;
  /** Standard output is this file (created or emptied), not a pipe: the result's stdout is ''. */
  readonly stdoutFile?: string;
}

/**
 * How long a spawned bin may run before it is killed and the run reported as a hang. Generous:
 * it only stops a test whose subject hangs from waiting forever; no test measures time with it.
 */
const HANG_MS = 50_000;

/** The vitest timeout of a test that spawns the bin where it once hung: above HANG_MS. */
export const HANG_TEST_MS = HANG_MS + 10_000;

/**
 * `runBin` with more control over standard input and the user. A bin still running after
 * HANG_MS is killed: the result then has code -1 and says so on stderr.
 */
export function spawnBin(args: readonly string[], options: SpawnOptions): Promise<RunResult> {
  const env = { ...process.env, ...options.env };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  delete env.VIRT_ALIAS_DEBUG;
  const stdin = typeof options.input === 'number' ? options.input : 'pipe';
  return new Promise((resolve, reject) => {
    const command = [process.execPath, BIN, ...args];
    const limits = [
      ...(options.addressSpaceKiB === undefined ? [] : [`ulimit -v ${options.addressSpaceKiB}`]),
      ...(options.fileSizeKiB === undefined ? [] : [`ulimit -f ${options.fileSizeKiB}`]),
    ];
    const limited =
      limits.length === 0
        ? command
        : ['/bin/sh', '-c', `${limits.join(' && ')} && exec "$@"`, 'sh', ...command];
    const stdoutFd = options.stdoutFile === undefined ? undefined : openSync(options.stdoutFile, 'w');
    const child = spawn(limited[0]!, limited.slice(1), {
      cwd: options.cwd,
      env,
      stdio: [stdin, stdoutFd ?? 'pipe', 'pipe'],
      ...(options.uid !== undefined ? { uid: options.uid } : {}),
      ...(options.gid !== undefined ? { gid: options.gid } : {}),
    });
    if (stdoutFd !== undefined) closeSync(stdoutFd);
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const watchdog = setTimeout(() => {
      stderr += `\n[test: still running after ${HANG_MS / 1000} s: killed]\n`;
      child.kill('SIGKILL');
    }, HANG_MS);
    child.on('error', (error) => {
      clearTimeout(watchdog);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(watchdog);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    const pipe = child.stdin;
    if (!pipe) return;
    // The bin may stop reading (and close its end) early: that is its business.
    pipe.on('error', () => undefined);
    if (options.endlessInput) {
      const chunk = options.endlessInput;
      const pump = (): void => {
        while (!pipe.destroyed && pipe.write(chunk));
      };
      pipe.on('drain', pump);
      pump();
      return;
    }
    pipe.end(typeof options.input === 'string' ? options.input : '');
  });
}

/**
 * Counts the listings of each directory (node:fs/promises' readdir) from now on, by resolved path;
 * the caller's `afterEach` restores the mocks (`vi.restoreAllMocks(); syncBuiltinESMExports()`).
 */
export function countListings(): Map<string, number> {
  const counts = new Map<string, number>();
  const original = fsPromises.readdir.bind(fsPromises);
  vi.spyOn(fsPromises, 'readdir').mockImplementation(((
    dir: Parameters<typeof original>[0],
    ...rest: never[]
  ) => {
    const key = path.resolve(String(dir));
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return (original as (...a: unknown[]) => unknown)(dir, ...rest);
  }) as typeof fsPromises.readdir);
  syncBuiltinESMExports();
  return counts;
}

/** Every regular file under `dir`, by its path relative to `dir`, with its text. */
export async function treeContents(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await fsPromises.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = await fsPromises.readFile(file, 'utf8');
  }
  return out;
}
