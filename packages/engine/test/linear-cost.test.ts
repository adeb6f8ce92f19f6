/**
 * No cost may grow faster than the input (issue 7): 20,000 devices sharing one alias once took
 * 29 s (the naming plan tried `-2`, `-3`, ... afresh for every device). Time is never measured
 * here: the work is counted (steps of array iterators, elements handed to array methods, Set and
 * Map operations, string and regular-expression calls) on an input of size n and of size 2n. A
 * linear (or n log n) pass about doubles the count; a quadratic one quadruples it.
 */
import { allRules, resolveConfig, type ResolvedConfig } from '@virt-alias/rules';
import { describe, expect, it } from 'vitest';
import { Engine } from '../src/index.js';

type Patch = readonly [target: object, method: string, weight: (self: unknown) => number];

const one = (): number => 1;
const elements = (self: unknown): number => (self as { length?: number }).length ?? 1;

const arrayIterator = Object.getPrototypeOf([][Symbol.iterator]()) as object;

const PATCHES: readonly Patch[] = [
  [arrayIterator, 'next', one],
  ...['has', 'add', 'delete'].map((m): Patch => [Set.prototype, m, one]),
  ...['get', 'has', 'set', 'delete'].map((m): Patch => [Map.prototype, m, one]),
  ...[
    'find',
    'findIndex',
    'filter',
    'some',
    'every',
    'forEach',
    'map',
    'flatMap',
    'reduce',
    'indexOf',
    'includes',
    'slice',
    'concat',
    'join',
    'sort',
  ].map((m): Patch => [Array.prototype, m, elements]),
  ...['indexOf', 'lastIndexOf', 'slice', 'startsWith', 'includes', 'split', 'replace', 'toLowerCase'].map(
    (m): Patch => [String.prototype, m, one],
  ),
  ...['exec', 'test'].map((m): Patch => [RegExp.prototype, m, one]),
];

/** The operations `run` performs, counted by wrapping the built-ins above while it runs. */
function operations(run: () => unknown): number {
  let count = 0;
  const saved = PATCHES.map(([target, method]) => (target as Record<string, unknown>)[method]);
  PATCHES.forEach(([target, method, weight], i) => {
    const original = saved[i] as (...args: unknown[]) => unknown;
    Object.defineProperty(target, method, {
      configurable: true,
      writable: true,
      value: function (this: unknown, ...args: unknown[]) {
        count += weight(this);
        return Reflect.apply(original, this, args);
      },
    });
  });
  try {
    run();
  } finally {
    PATCHES.forEach(([target, method], i) => {
      Object.defineProperty(target, method, { configurable: true, writable: true, value: saved[i] });
    });
  }
  return count;
}

/** Every rule of the strict preset, but the schema (libxml2's work, in WebAssembly, is not counted). */
function strict(): ResolvedConfig {
  const rules: Record<string, 'off'> = { 'libvirt-schema': 'off' };
  expect(allRules.some((r) => r.id === 'libvirt-schema')).toBe(true);
  return resolveConfig({ preset: 'strict', rules });
}

const domain = (devices: string): string =>
  `<domain type='kvm'>\n  <name>wide</name>\n  <memory unit='KiB'>1048576</memory>\n` +
  `  <os>\n    <type arch='x86_64'>hvm</type>\n  </os>\n  <devices>\n${devices}  </devices>\n</domain>\n`;

/** n disks, every one with the alias `ua-same`: n - 1 duplicates, each to be renamed. */
function sharedAlias(n: number): string {
  let disks = '';
  for (let i = 0; i < n; i++) {
    disks +=
      `    <disk type='file' device='disk'>\n      <source file='/v/${i}.qcow2'/>\n` +
      `      <target dev='sd${i}' bus='scsi'/>\n      <alias name='ua-same'/>\n    </disk>\n`;
  }
  return domain(disks);
}

/** One disk with elements nested n deep inside it (libvirt refuses more than 256: one finding). */
const deep = (n: number): string =>
  domain(`    <disk type='file'>${'<a>'.repeat(n)}${'</a>'.repeat(n)}</disk>\n`);

/** How much more work 2n costs than n: about 2 for a linear pass, 4 for a quadratic one. */
function growth(make: (n: number) => string, n: number, work: (text: string) => unknown): number {
  const small = make(n);
  const large = make(2 * n);
  work(small); // Warm-up: what runs once per process (caches, compiled patterns) is not counted.
  return operations(() => work(large)) / operations(() => work(small));
}

const engine = new Engine({ jobs: 1 });

describe('costs grow linearly with the input (counted, not timed)', () => {
  const config = strict();

  it('lint: n devices sharing one alias', () => {
    const lint = (text: string) => engine.lintText(text, config);
    expect(lint(sharedAlias(3)).kind).toBe('linted');
    expect(growth(sharedAlias, 2000, lint)).toBeLessThan(2.5);
  });

  it('fix: n devices sharing one alias, each given a name of its own', () => {
    const fix = (text: string) => engine.fixText(text, config);
    const fixed = fix(sharedAlias(4));
    expect(fixed.kind === 'fixed' && fixed.output.match(/ua-same(-\d)?'/g)).toEqual([
      "ua-same'",
      "ua-same-2'",
      "ua-same-3'",
      "ua-same-4'",
    ]);
    expect(growth(sharedAlias, 1000, fix)).toBeLessThan(2.5);
  });

  it('lint and fix: elements nested n deep', () => {
    const lint = (text: string) => engine.lintText(text, config);
    const result = lint(deep(10_000));
    expect(result.kind === 'linted' && result.result.messages.map((m) => m.message)).toEqual([
      expect.stringContaining('Excessive depth in document: 256') as unknown,
    ]);
    expect(growth(deep, 10_000, lint)).toBeLessThan(2.5);
    expect(growth(deep, 10_000, (text) => engine.fixText(text, config))).toBeLessThan(2.5);
  });
});
