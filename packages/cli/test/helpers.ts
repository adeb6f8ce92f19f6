import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
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
