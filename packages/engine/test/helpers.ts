import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import workerThreads from 'node:worker_threads';
import { allRules, resolveConfig, type ResolvedConfig } from '@virt-alias/rules';
import { afterAll } from 'vitest';
import { oneDiskDomain } from '@virt-alias/rules/testing';

export const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));

/** A domain with one disk whose alias is `alias`: `ua-disk.0` is one alias-charset error at 7:14. */
export const domainXml = oneDiskDomain;

export const BAD_XML = domainXml('ua-disk.0');
export const CLEAN_XML = domainXml('ua-disk0');

/** Every rule off but alias-charset, at `severity`. */
export function onlyAliasCharset(severity: 'warn' | 'error' = 'error'): ResolvedConfig {
  const rules: Record<string, 'off' | 'warn' | 'error'> = {};
  for (const rule of allRules) rules[rule.id] = 'off';
  rules['alias-charset'] = severity;
  return resolveConfig({ file: { rules } });
}

const created: string[] = [];
afterAll(async () => {
  await Promise.all(created.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh temporary directory holding `files` (path -> content), removed after the test file. */
export async function tempDir(files: Readonly<Record<string, string>> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'virt-alias-engine-'));
  created.push(dir);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

/** Everything an async iterable yields. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Counts the worker threads `run` starts (node:worker_threads' Worker, wrapped). */
export async function threadsStarted(run: () => Promise<unknown>): Promise<number> {
  const Original = workerThreads.Worker;
  let count = 0;
  workerThreads.Worker = class extends Original {
    constructor(...args: ConstructorParameters<typeof Original>) {
      super(...args);
      count++;
    }
  };
  syncBuiltinESMExports();
  try {
    await run();
  } finally {
    workerThreads.Worker = Original;
    syncBuiltinESMExports();
  }
  return count;
}
