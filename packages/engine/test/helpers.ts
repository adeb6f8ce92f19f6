import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import workerThreads from 'node:worker_threads';
import { allRules, resolveConfig, type ResolvedConfig } from '@virt-alias/rules';
import type { EngineInput } from '../src/index.js';
import { FILES_PER_AUTO_SCHEMA_WORKER } from '../src/engine.js';
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

/** `count` files, bad and clean by turns (alias-charset), and the engine inputs naming them. */
export async function alternatingFiles(count: number, config: ResolvedConfig): Promise<EngineInput[]> {
  const names: Record<string, string> = {};
  for (let i = 0; i < count; i++) names[`f${String(i).padStart(3, '0')}.xml`] = i % 2 ? BAD_XML : CLEAN_XML;
  const dir = await tempDir(names);
  return Object.keys(names).map((name) => ({ filePath: path.join(dir, name), config }));
}

/** alias-charset and libvirt's schema, as errors. */
export const schemaConfig = (): ResolvedConfig =>
  resolveConfig({ file: { rules: { 'alias-charset': 'error', 'libvirt-schema': 'error' } } });

/**
 * Enough files for `jobs: 'auto'` to start threads with the schema on, bad and clean by turns;
 * with `unknownElements`, every fifth file also has an element libvirt's schema does not know.
 */
export async function schemaInputs(config: ResolvedConfig, unknownElements = false): Promise<EngineInput[]> {
  const inputs = await alternatingFiles(2 * FILES_PER_AUTO_SCHEMA_WORKER, config);
  if (unknownElements)
    await Promise.all(
      inputs
        .filter((_, i) => i % 5 === 0)
        .map((input) => writeFile(input.filePath, CLEAN_XML.replace('</devices>', '<bogus/></devices>'))),
    );
  return inputs;
}
