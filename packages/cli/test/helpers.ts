import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { allRules, type ConfigFile } from '@virt-alias/rules';
import { afterAll } from 'vitest';
import { main } from '../src/main.js';

/** A domain with one file disk whose `<alias>` (line 7, `name=` at column 14) is `alias`. */
export function domainXml(alias = 'ua-disk0'): string {
  return [
    `<domain type='kvm'>`,
    `  <name>test</name>`,
    `  <devices>`,
    `    <disk type='file' device='disk'>`,
    `      <source file='/var/lib/libvirt/images/a.qcow2'/>`,
    `      <target dev='vda' bus='virtio'/>`,
    `      <alias name='${alias}'/>`,
    `    </disk>`,
    `  </devices>`,
    `</domain>`,
    ``,
  ].join('\n');
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
  const env = { ...process.env };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  delete env.VIRT_ALIAS_DEBUG;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}
