/**
 * What the libvirt tests of `apply` share: virsh on qemu:///system, the built CLI in a child
 * process, small TCG guests, and the domains a test file made (all removed afterwards).
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDomain, type DomainDocument } from '@virt-alias/parser';
import { runProgram } from '@virt-alias/rules/testing';

export const URI = 'qemu:///system';

/** The CLI users run; `pnpm build` first, as for the CLI's own end-to-end tests. */
export const BIN = fileURLToPath(new URL('../../cli/bin/virt-alias.js', import.meta.url));

/** Generous bounds against a hang, never a measure of speed. */
export const HANG_GUARD = 600_000;

/** Names of this test run: unique, so parallel or leftover runs never meet. */
export const PREFIX = `va-test-${randomBytes(3).toString('hex')}-`;

/** `virsh -c qemu:///system ARGS`: its stdout, or an error with what virsh said. */
export async function virsh(...args: string[]): Promise<string> {
  const r = await runProgram('virsh', ['-c', URI, ...args]);
  if (r.code !== 0) throw new Error(`virsh ${args.join(' ')}: exit ${r.code}: ${r.stderr.trim()}`);
  return r.stdout;
}

/** The stored (persistent) definition, as the tool reads it. */
export const stored = (name: string): Promise<string> =>
  virsh('dumpxml', '--inactive', '--security-info', name);

export function doc(text: string, label = 'text'): DomainDocument {
  const parsed = parseDomain(text);
  if (parsed.kind !== 'domain') throw new Error(`${label}: not a domain`);
  return parsed.document;
}

export interface GuestOptions {
  readonly devices: string;
  /** Inside `<domain>`, before `<memory>`: `<metadata>`, ... */
  readonly head?: string;
}

/** A small TCG guest (type 'qemu', 64 MiB): it starts and runs without KVM and without a disk. */
/** `<metadata>` as Nova writes it: what makes a guest Nova-managed to virt-alias. */
export const novaHead = (name: string): string => `  <metadata>
    <nova:instance xmlns:nova="http://openstack.org/xmlns/libvirt/nova/1.1">
      <nova:name>${name}</nova:name>
      <nova:root type="image" uuid="8e81973e-0bec-47b0-b898-d190f9ebdacc"/>
    </nova:instance>
  </metadata>`;

export function guestXml(name: string, { devices, head = '' }: GuestOptions, uuid = randomUUID()): string {
  return [
    `<domain type='qemu'>`,
    `  <name>${name}</name>`,
    `  <uuid>${uuid}</uuid>`,
    head,
    `  <memory unit='MiB'>64</memory>`,
    `  <vcpu>1</vcpu>`,
    `  <os><type arch='x86_64' machine='pc'>hvm</type></os>`,
    `  <devices>`,
    `    <emulator>/usr/bin/qemu-system-x86_64</emulator>`,
    devices,
    `  </devices>`,
    `</domain>`,
    ``,
  ].join('\n');
}

/** Defines `xml` (written to `dir`) and returns the domain's name. */
export async function define(dir: string, name: string, xml: string): Promise<string> {
  const file = path.join(dir, `${name}.xml`);
  await writeFile(file, xml);
  await virsh('define', file);
  return name;
}

/** Every domain of this run: destroyed if running, then undefined. */
export async function removeDomains(): Promise<void> {
  const names = (await virsh('list', '--all', '--name'))
    .split('\n')
    .map((n) => n.trim())
    .filter((n) => n.startsWith(PREFIX));
  for (const name of names) {
    await runProgram('virsh', ['-c', URI, 'destroy', name]);
    await runProgram('virsh', ['-c', URI, 'undefine', name]);
  }
}

export async function tempDir(label: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), `virt-alias-${label}-`));
}

export async function writeTree(root: string, files: Readonly<Record<string, string>>): Promise<void> {
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), text);
  }
}

export const removeTree = (dir: string): Promise<void> => rm(dir, { recursive: true, force: true });

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the built CLI with standard input not a terminal. `onLine` sees each stderr line as it
 * comes and may kill the child (it gets the child's kill function).
 */
export function cli(
  args: readonly string[],
  cwd: string,
  options: {
    readonly env?: Readonly<Record<string, string>>;
    readonly onLine?: (line: string, kill: () => void) => Promise<void>;
  } = {},
): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let pending = '';
    let steps = Promise.resolve();
    const kill = (): void => {
      child.kill('SIGKILL');
    };
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
      pending += s;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const onLine = options.onLine;
        if (onLine) steps = steps.then(() => onLine(line, kill));
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      steps.then(() => {
        resolve({ code, signal, stdout, stderr });
      }, reject);
    });
  });
}

/** The block a result of `apply` prints for one domain: its headline and the indented lines after it. */
export function resultOf(stdout: string, name: string): string {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`${name} (`));
  if (start < 0) throw new Error(`no result for ${name} in:\n${stdout}`);
  const end = lines.findIndex((l, i) => i > start && !l.startsWith(' '));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}
