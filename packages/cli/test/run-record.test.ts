/**
 * `lint --cache`'s run record: the last run's output replayed when nothing it depends on changed,
 * and otherwise the output of a run without `--cache`, byte for byte (docs/decisions/0019).
 */
import fs from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, truncate, utimes, writeFile } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startingAt, withFrozenCtime } from '@virt-alias/rules/testing';
import { describe, expect, it, vi } from 'vitest';
import { parseArgs } from '../src/args.js';
import { cacheLocation } from '../src/fast-replay.js';
import { envShapesOutput } from '../src/record-file.js';
import { main } from '../src/main.js';
import { BAD_XML, CLEAN_XML, domainXml, NETWORK_XML, onlyAliasCharset, run, tempTree } from './helpers.js';

const version = vi.hoisted(() => ({ current: '0.1.0' }));
vi.mock('../src/version.js', () => ({ packageVersion: () => version.current }));
/** How many command lines were parsed: a replay from the command line parses none. */
const parsed = vi.hoisted(() => ({ count: 0 }));
vi.mock('../src/args.js', async (original) => {
  const actual = await original<typeof import('../src/args.js')>();
  return {
    ...actual,
    parseArgs: (...a: Parameters<typeof actual.parseArgs>) => {
      parsed.count++;
      return actual.parseArgs(...a);
    },
  };
});

const json = (value: unknown): string => JSON.stringify(value);
/** As long as BAD_XML, and clean: an edit that keeps the size. */
const CLEAN_SAME_SIZE = domainXml('ua-disk_0');
const AN_HOUR_AGO = new Date(Date.now() - 3600_000);
/** Half a second after the files' last modification: in the same 1-second timestamp tick. */
const IN_THE_SAME_TICK = new Date(AN_HOUR_AGO.getTime() + 500);
const RECORD = '.virt-alias-cache.run';

/** A tree of findings (errors, warnings by a subdirectory's config), a clean file and a non-domain (a stderr notice). */
async function fleet(): Promise<string> {
  const cwd = await tempTree({
    'vms/a.xml': BAD_XML,
    'vms/b.xml': CLEAN_XML,
    'vms/c.xml': BAD_XML,
    'vms/net.xml': NETWORK_XML,
    'vms/team/d.xml': BAD_XML,
    'vms/team/virt-alias.config.json': json({ rules: { 'alias-charset': 'warn' } }),
    'vms/other/e.xml': BAD_XML,
  });
  // Written long before any record: not "racily clean".
  for (const f of ['virt-alias.config.json', 'vms/a.xml', 'vms/b.xml', 'vms/c.xml', 'vms/net.xml']) {
    await utimes(path.join(cwd, f), AN_HOUR_AGO, AN_HOUR_AGO);
  }
  for (const f of ['vms/team/d.xml', 'vms/team/virt-alias.config.json', 'vms/other/e.xml']) {
    await utimes(path.join(cwd, f), AN_HOUR_AGO, AN_HOUR_AGO);
  }
  // The directories too (a run stamps those it walks), once their files are in.
  for (const d of ['vms/team', 'vms/other', 'vms', '.'])
    await utimes(path.join(cwd, d), AN_HOUR_AGO, AN_HOUR_AGO);
  return cwd;
}

/** How many times `run` stats each of `files` (node:fs' statSync, in this thread: `--jobs 1`). */
async function statsOf(files: readonly string[], run: () => Promise<unknown>): Promise<number[]> {
  const counts = new Map(files.map((f) => [f, 0]));
  const original = fs.statSync;
  vi.spyOn(fs, 'statSync').mockImplementation(((...args: Parameters<typeof fs.statSync>) => {
    const n = counts.get(String(args[0]));
    if (n !== undefined) counts.set(String(args[0]), n + 1);
    return (original as (...a: unknown[]) => unknown)(...args);
  }) as never);
  syncBuiltinESMExports();
  try {
    await run();
  } finally {
    vi.mocked(fs.statSync).mockRestore();
    syncBuiltinESMExports();
  }
  return files.map((f) => counts.get(f)!);
}

/** What tells a record read from one written: its inode and times (a new one is renamed in). */
async function recordId(cwd: string): Promise<string | undefined> {
  const s = await stat(path.join(cwd, RECORD), { bigint: true }).catch(() => undefined);
  return s && `${s.ino} ${s.mtimeNs} ${s.ctimeNs} ${s.size}`;
}

interface Variant {
  readonly args?: readonly string[];
  readonly env?: Record<string, string>;
  readonly isTTY?: boolean;
  readonly cwd?: string;
}

/** The same command line from any working directory. */
const absolute = (cwd: string): string[] => [
  '-f',
  'json',
  '--cache-location',
  path.join(cwd, '.virt-alias-cache'),
  path.join(cwd, 'vms'),
];

const lint = (cwd: string, cache: boolean, v: Variant = {}) =>
  run(['lint', ...(cache ? ['--cache'] : []), ...(v.args ?? ['-f', 'json', 'vms'])], {
    cwd: v.cwd ?? cwd,
    env: v.env ?? {},
    isTTY: v.isTTY ?? false,
  });

/** Each change after a recorded run: the next `--cache` run is not replayed, and is what a run without `--cache` says. */
const changes: {
  name: string;
  /** The runs before the change (default: `-f json vms`). */
  base?: (cwd: string) => Variant;
  change?: (cwd: string) => Promise<void>;
  /** The run after it (default: as `base`). */
  then?: (cwd: string) => Variant;
}[] = [
  { name: 'one file edited', change: (cwd) => writeFile(path.join(cwd, 'vms/a.xml'), CLEAN_XML) },
  {
    name: 'one file edited to the same size, its mtime put back',
    change: async (cwd) => {
      await writeFile(path.join(cwd, 'vms/a.xml'), CLEAN_SAME_SIZE);
      await utimes(path.join(cwd, 'vms/a.xml'), AN_HOUR_AGO, AN_HOUR_AGO);
    },
  },
  { name: 'a file added', change: (cwd) => writeFile(path.join(cwd, 'vms/team/f.xml'), BAD_XML) },
  {
    name: 'a directory with a file added',
    change: async (cwd) => {
      await mkdir(path.join(cwd, 'vms/new'));
      await writeFile(path.join(cwd, 'vms/new/f.xml'), BAD_XML);
    },
  },
  {
    name: 'a directory with a config file and a file added',
    change: async (cwd) => {
      await mkdir(path.join(cwd, 'vms/new'));
      await writeFile(path.join(cwd, 'vms/new/virt-alias.config.yml'), 'rules:\n  alias-charset: warn\n');
      await writeFile(path.join(cwd, 'vms/new/f.xml'), BAD_XML);
    },
  },
  {
    name: 'a config file added above the directory linted',
    base: (cwd) => ({
      args: ['-f', 'json', '--cache-location', path.join(cwd, '.virt-alias-cache'), '.'],
      cwd: path.join(cwd, 'vms/team'),
    }),
    change: (cwd) =>
      // The config files above it no longer read: every rule the root's turned off is on.
      writeFile(path.join(cwd, 'vms/virt-alias.config.json'), json({ root: true })),
  },
  {
    // The record and the cache are written in the directory linted: its times change with them.
    name: 'a file added in the directory that holds the record',
    base: () => ({ args: ['-f', 'json', '.'] }),
    change: (cwd) => writeFile(path.join(cwd, 'new.xml'), BAD_XML),
  },
  {
    name: "--config's file changed",
    base: (cwd) => ({ args: ['-f', 'json', '-c', path.join(cwd, 'virt-alias.config.json'), 'vms'] }),
    change: (cwd) => writeFile(path.join(cwd, 'virt-alias.config.json'), json(onlyAliasCharset('warn'))),
  },
  { name: 'a file removed', change: (cwd) => rm(path.join(cwd, 'vms/c.xml')) },
  {
    name: 'a file renamed',
    change: (cwd) => rename(path.join(cwd, 'vms/c.xml'), path.join(cwd, 'vms/other/c.xml')),
  },
  {
    name: 'the root config file changed',
    change: (cwd) => writeFile(path.join(cwd, 'virt-alias.config.json'), json(onlyAliasCharset('warn'))),
  },
  {
    name: "a subdirectory's config file changed",
    change: (cwd) =>
      writeFile(
        path.join(cwd, 'vms/team/virt-alias.config.json'),
        json({ rules: { 'alias-charset': 'off' } }),
      ),
  },
  {
    name: 'a config file added in a subdirectory',
    change: (cwd) =>
      writeFile(path.join(cwd, 'vms/other/virt-alias.config.yaml'), 'rules:\n  alias-charset: warn\n'),
  },
  {
    name: 'a config file removed from a subdirectory',
    change: (cwd) => rm(path.join(cwd, 'vms/team/virt-alias.config.json')),
  },
  { name: 'the format', then: () => ({ args: ['-f', 'stylish', 'vms'] }) },
  { name: 'sarif', then: () => ({ args: ['-f', 'sarif', 'vms'] }) },
  { name: '--quiet', then: () => ({ args: ['-f', 'json', '--quiet', 'vms'] }) },
  { name: '--max-warnings', then: () => ({ args: ['-f', 'json', '--max-warnings', '0', 'vms'] }) },
  { name: 'a --rule flag', then: () => ({ args: ['-f', 'json', '--rule', 'alias-charset=warn', 'vms'] }) },
  {
    name: '--report-unused-disable-directives',
    then: () => ({ args: ['-f', 'json', '--report-unused-disable-directives', 'vms'] }),
  },
  { name: '--jobs 2', then: () => ({ args: ['-f', 'json', '--jobs', '2', 'vms'] }) },
  {
    name: 'a terminal (colour)',
    base: () => ({ args: ['vms'] }),
    then: () => ({ args: ['vms'], isTTY: true }),
  },
  {
    name: 'FORCE_COLOR',
    base: () => ({ args: ['vms'] }),
    then: () => ({ args: ['vms'], env: { FORCE_COLOR: '1' } }),
  },
  {
    name: "GITHUB_WORKSPACE (the github format's paths)",
    base: () => ({ args: ['-f', 'github', 'vms'] }),
    then: (cwd) => ({ args: ['-f', 'github', 'vms'], env: { GITHUB_WORKSPACE: path.join(cwd, 'vms') } }),
  },
  {
    name: 'the working directory',
    base: (cwd) => ({ args: absolute(cwd) }),
    then: (cwd) => ({ cwd: path.join(cwd, 'vms'), args: absolute(cwd) }),
  },
  {
    name: 'the tool version',
    change: () => {
      version.current = '0.1.1';
      return Promise.resolve();
    },
  },
];

describe('lint --cache: the run record', () => {
  it('replays an unchanged run: the same stdout, stderr and exit code, the record not written again', async () => {
    const cwd = await fleet();
    const plain = await lint(cwd, false);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain('skipped: root element is <network>');
    expect(await lint(cwd, true)).toEqual(plain);
    const written = await recordId(cwd);
    expect(written).toBeDefined();
    const parses = parsed.count;
    expect(await lint(cwd, true)).toEqual(plain);
    expect(await recordId(cwd)).toBe(written);
    // Replayed from the command line: its options not even parsed.
    expect(parsed.count).toBe(parses);
  });

  // Each: a recorded run, a replayed one, then the change; the run after it must be the same as
  // one without --cache, and recorded anew.
  for (const { name, base, change, then } of changes) {
    it(`${name}: the output of a run without --cache`, async () => {
      const cwd = await fleet();
      const before = base?.(cwd) ?? {};
      const first = await lint(cwd, true, before);
      const recorded = await recordId(cwd);
      expect(recorded).toBeDefined();
      const parses = parsed.count;
      expect(await lint(cwd, true, before)).toEqual(first);
      expect(await recordId(cwd)).toBe(recorded);
      expect(parsed.count).toBe(parses);
      try {
        await change?.(cwd);
        const variant = then?.(cwd) ?? before;
        const plain = await lint(cwd, false, variant);
        const cached = await lint(cwd, true, variant);
        expect(cached).toEqual(plain);
        // Not replayed: linted (the per-file cache), and recorded again.
        expect(await recordId(cwd)).not.toBe(recorded);
        expect(await lint(cwd, true, variant)).toEqual(plain);
      } finally {
        version.current = '0.1.0';
      }
    });
  }

  it("a run the record does not answer stats each input once (the engine), and the engine's stamps replay", async () => {
    const cwd = await fleet();
    const inputs = [
      'vms/a.xml',
      'vms/b.xml',
      'vms/c.xml',
      'vms/net.xml',
      'vms/other/e.xml',
      'vms/team/d.xml',
    ].map((f) => path.join(cwd, f));
    const args = ['-f', 'json', '--jobs', '1', 'vms'];
    const plain = await lint(cwd, false, { args });
    // No record: the engine's stamp before each read, nothing else.
    let cold;
    expect(await statsOf(inputs, async () => (cold = await lint(cwd, true, { args })))).toEqual(
      inputs.map(() => 1),
    );
    expect(cold).toEqual(plain);
    // One file edited (the first the command line's check stats): that check stops at it and
    // tells the run, which does not stat every input again to find the record stale; the
    // engine stats each once (the edited one again before its read).
    await writeFile(inputs[0]!, CLEAN_SAME_SIZE);
    await utimes(inputs[0]!, AN_HOUR_AGO, AN_HOUR_AGO);
    const edited = await lint(cwd, false, { args });
    let warm;
    expect(await statsOf(inputs, async () => (warm = await lint(cwd, true, { args })))).toEqual([
      3, 1, 1, 1, 1, 1,
    ]);
    expect(warm).toEqual(edited);
    // The record of that run, made of the engine's stamps, is replayed from the command line.
    const parses = parsed.count;
    expect(await lint(cwd, true, { args })).toEqual(edited);
    expect(parsed.count).toBe(parses);
  });

  it('interleaves stdout and stderr as the run wrote them (one file for both: 2>&1)', async () => {
    const cwd = await fleet();
    const both = async (cache: boolean): Promise<{ code: number; text: string }> => {
      let text = '';
      const sink = { write: (s: string) => (text += s) };
      const argv = ['lint', ...(cache ? ['--cache'] : []), 'vms'];
      const code = await main(argv, { stdout: sink, stderr: sink, cwd, env: {}, isTTY: false });
      return { code, text };
    };
    const plain = await both(false);
    expect(plain.text).toMatch(/skipped: root element is <network>[\s\S]*problems/);
    expect(await both(true)).toEqual(plain);
    const parses = parsed.count;
    expect(await both(true)).toEqual(plain);
    expect(parsed.count).toBe(parses);
  });

  it('a run that wrote to stderr before its files were read is replayed only after its options are parsed', async () => {
    const cwd = await fleet();
    // The notice is written while the run is prepared: a replay from the command line would lose it.
    const variant = { args: ['-f', 'json', '--schema', cwd, 'vms'] };
    const plain = await lint(cwd, false, variant);
    expect(plain.stderr).toContain('--schema has no effect');
    expect(await lint(cwd, true, variant)).toEqual(plain);
    const recorded = await recordId(cwd);
    const parses = parsed.count;
    expect(await lint(cwd, true, variant)).toEqual(plain);
    expect(await recordId(cwd)).toBe(recorded);
    expect(parsed.count).toBe(parses + 1);
  });

  it('a racily clean input (modified a little before the recorded run started) is not trusted', async () => {
    const cwd = await fleet();
    const plain = await lint(cwd, false);
    // Recorded by a run that started in the tick of the inputs' last change: an input may have
    // changed since without changing its metadata, so the next run lints (the per-file cache
    // hashes it), and records anew; that record, of a later start, is replayed.
    await startingAt(IN_THE_SAME_TICK, () => lint(cwd, true));
    const racy = await recordId(cwd);
    expect(await lint(cwd, true)).toEqual(plain);
    const again = await recordId(cwd);
    expect(again).not.toBe(racy);
    const parses = parsed.count;
    expect(await lint(cwd, true)).toEqual(plain);
    expect(await recordId(cwd)).toBe(again);
    expect(parsed.count).toBe(parses);
  });

  // From the command line (one directory), and after parsing (two files are not listed).
  for (const args of [
    ['-f', 'json', 'vms'],
    ['-f', 'json', 'vms/a.xml', 'vms/b.xml'],
  ]) {
    it(`a coarse clock: an input edited after the run read it, in the tick of its last change, is no replay (${args.join(' ')})`, async () => {
      const cwd = await fleet();
      const edited = path.join(cwd, 'vms/a.xml');
      await withFrozenCtime(edited, async () => {
        // Read by a run that started in the tick of the file's last change...
        const first = await startingAt(IN_THE_SAME_TICK, () => lint(cwd, true, { args }));
        // ...then edited in that tick (the same size, times and change time); the record and the
        // cache were written later: the file's time is older than theirs, not than the run.
        await writeFile(edited, CLEAN_SAME_SIZE);
        await utimes(edited, AN_HOUR_AGO, AN_HOUR_AGO);
        const plain = await lint(cwd, false, { args });
        expect(plain).not.toEqual(first);
        expect(await lint(cwd, true, { args })).toEqual(plain);
      });
    });
  }

  for (const [name, damage] of [
    ['a byte of its output changed', (f: string) => flipAByte(f)],
    ['cut short', (f: string) => truncate(f, 300)],
    ['emptied', (f: string) => writeFile(f, '')],
    ['foreign', (f: string) => writeFile(f, '{"not":"a record"}\n')],
    ['of an older format', (f: string) => rewriteHeader(f, 'virt-alias-run 2', 'virt-alias-run 1')],
    // The header is checksummed too: a record must not say exit 0 for a run that found errors.
    ['with its exit code changed', (f: string) => changeExitCode(f, '1', '0')],
  ] as const) {
    it(`a record ${name} is ignored and written again, never an error`, async () => {
      const cwd = await fleet();
      const plain = await lint(cwd, false);
      await lint(cwd, true);
      await damage(path.join(cwd, RECORD));
      expect(await lint(cwd, true)).toEqual(plain);
      const rebuilt = await recordId(cwd);
      expect(await lint(cwd, true)).toEqual(plain);
      expect(await recordId(cwd)).toBe(rebuilt);
    });
  }

  it.each([
    ['--cache-location x', (loc: string) => ['--cache-location', loc]],
    ['--cache-location=x', (loc: string) => [`--cache-location=${loc}`]],
  ])('%s: replayed from the command line, the record kept beside that cache', async (_, form) => {
    const cwd = await fleet();
    const variant = { args: ['-f', 'json', ...form('kept/here.cache'), 'vms'] };
    await mkdir(path.join(cwd, 'kept'));
    const first = await lint(cwd, true, variant);
    const written = await stat(path.join(cwd, 'kept/here.cache.run'), { bigint: true });
    const parses = parsed.count;
    expect(await lint(cwd, true, variant)).toEqual(first);
    expect(parsed.count).toBe(parses);
    expect((await stat(path.join(cwd, 'kept/here.cache.run'), { bigint: true })).mtimeNs).toBe(
      written.mtimeNs,
    );
    expect(await recordId(cwd)).toBeUndefined();
  });

  it('reads --cache-location where the argument parser does, and no other spelling', () => {
    const forms: string[][] = [
      ['--cache-location', 'x'],
      ['--cache-location=x'],
      ['--cache-location=x', '--cache-location', 'y'],
      ['--cache-location='],
      ['--cache-location=x', '--', '--cache-location=y'],
      // Refused by the parser (exit 2), so never recorded: the fast path reads none of them.
      ['--cacheLocation', 'x'],
      ['--cacheLocation=x'],
      ['--cache_location=x'],
      ['--cache-loc=x'],
    ];
    for (const form of forms) {
      const argv = ['lint', '--cache', ...form, 'vms'];
      let parsedLocation: string | undefined;
      try {
        const command = parseArgs(argv);
        parsedLocation = command.kind === 'lint' ? command.args.cacheLocation : undefined;
      } catch {
        parsedLocation = undefined;
      }
      expect({ form, location: cacheLocation(argv) }).toEqual({ form, location: parsedLocation });
    }
  });

  it('is not replayed without its cache file: removing the cache starts afresh', async () => {
    const cwd = await fleet();
    const plain = await lint(cwd, false);
    await lint(cwd, true);
    const recorded = await recordId(cwd);
    await rm(path.join(cwd, '.virt-alias-cache'));
    expect(await lint(cwd, true)).toEqual(plain);
    expect(await recordId(cwd)).not.toBe(recorded);
  });

  it('is written atomically, and not for a run that failed or writes elsewhere than stdout', async () => {
    const cwd = await fleet();
    // A missing file: exit 2, no record.
    const failed = await run(['lint', '--cache', '-f', 'json', 'vms', 'missing.xml'], {
      cwd,
      env: {},
      isTTY: false,
    });
    expect(failed.code).toBe(2);
    expect(await recordId(cwd)).toBeUndefined();
    // An output file, a baseline: not recorded.
    await run(['lint', '--cache', '-f', 'json', '-o', 'out.json', 'vms'], { cwd, env: {}, isTTY: false });
    expect(await recordId(cwd)).toBeUndefined();
    await run(['lint', '--cache', '--baseline', 'b.json', '--update-baseline', 'vms'], {
      cwd,
      env: {},
      isTTY: false,
    });
    expect(await recordId(cwd)).toBeUndefined();
    await lint(cwd, true);
    expect(await recordId(cwd)).toBeDefined();
    // No temporary file left beside it.
    expect((await readdir(cwd)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('the run record keys the environment a run reads', () => {
  it('covers every variable the CLI reads (env.NAME in its sources)', async () => {
    const src = fileURLToPath(new URL('../src/', import.meta.url));
    const names = new Set<string>();
    const files = (await readdir(src, { recursive: true })).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
    );
    for (const f of files) {
      const text = await readFile(path.join(src, f), 'utf8');
      for (const m of text.matchAll(/\benv\??\.([A-Z][A-Z0-9_]*)/g)) names.add(m[1]!);
    }
    expect(names.size).toBeGreaterThan(3);
    expect([...names].filter((n) => !envShapesOutput(n))).toEqual([]);
  });
});

/** Changes one byte of the recorded output, halfway through the file. */
async function flipAByte(file: string): Promise<void> {
  const bytes = await readFile(file);
  const at = bytes.length >> 1;
  bytes[at] = bytes[at]! ^ 1;
  await writeFile(file, bytes);
}

async function rewriteHeader(file: string, from: string, to: string): Promise<void> {
  const bytes = await readFile(file);
  const text = bytes.toString('latin1');
  expect(text.startsWith(from)).toBe(true);
  await writeFile(file, Buffer.from(to + text.slice(from.length), 'latin1'));
}

/** The exit code in the record's header (after its format, four keys of 64 hex digits). */
async function changeExitCode(file: string, from: string, to: string): Promise<void> {
  const bytes = await readFile(file);
  const at = 'virt-alias-run 2 '.length + 4 * 65;
  expect(bytes.toString('latin1', at, at + 2)).toBe(`${from} `);
  bytes.write(to, at, 'latin1');
  await writeFile(file, bytes);
}
