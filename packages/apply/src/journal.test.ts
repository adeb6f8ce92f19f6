import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journal, JournalError, readJournal, type JournalRecord } from './journal.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'virt-alias-journal-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const outcome = (name: string, result: string, sha256 = 'aa') =>
  JSON.stringify({
    event: 'outcome',
    outcome: result,
    domain: { name, uuid: `uuid-${name}` },
    file: `${name}.xml`,
    sha256,
    time: 't',
  });

describe('Journal', () => {
  it('appends whole lines, in order, however many writes are in flight', async () => {
    const file = path.join(dir, 'parallel.jsonl');
    const journal = await Journal.open(file);
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => journal.write({ event: 'step', step: String(i) })),
    );
    await journal.close();
    const lines = (await readFile(file, 'utf8')).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => (JSON.parse(l) as { step: string }).step)).toEqual(
      Array.from({ length: 50 }, (_, i) => String(i)),
    );
  });
});

describe('readJournal', () => {
  it('done: the last outcome per domain, defined or unchanged; already-done keeps the earlier one', async () => {
    const file = path.join(dir, 'done.jsonl');
    await writeFile(
      file,
      [
        JSON.stringify({ event: 'run', uri: 'qemu:///system' }),
        outcome('a', 'defined'),
        outcome('b', 'defined'),
        outcome('b', 'rolled-back'),
        outcome('c', 'unchanged', 'cc'),
        outcome('c', 'already-done', 'cc'),
        outcome('d', 'skipped'),
        '',
      ].join('\n'),
    );
    const state = await readJournal(file);
    expect(state.uri).toBe('qemu:///system');
    expect(state.truncatedLastLine).toBe(false);
    expect([...state.done.keys()]).toEqual(['uuid-a', 'uuid-c']);
    expect(state.done.get('uuid-c')).toMatchObject({ outcome: 'unchanged', sha256: 'cc', file: 'c.xml' });
  });

  it('a last line cut short by a kill is ignored and said; a bad line before it is an error', async () => {
    const cut = path.join(dir, 'cut.jsonl');
    await writeFile(cut, `${outcome('a', 'defined')}\n{"event":"step","ste`);
    const state = await readJournal(cut);
    expect(state.truncatedLastLine).toBe(true);
    expect([...state.done.keys()]).toEqual(['uuid-a']);
    const bad = path.join(dir, 'bad.jsonl');
    await writeFile(bad, `${outcome('a', 'defined')}\n[1]\n`);
    await expect(readJournal(bad)).rejects.toThrow(JournalError);
    await expect(readJournal(bad)).rejects.toThrow(/bad\.jsonl:2: not a journal line \(no "event"\)$/);
  });

  it('a run resumed from a journal cut short appends on a line of its own, and can be resumed again', async () => {
    const file = path.join(dir, 'resumed.jsonl');
    await writeFile(
      file,
      `${JSON.stringify({ event: 'run', uri: 'qemu:///system' })}\n${outcome('a', 'defined')}\n{"event":"step","ste`,
    );
    expect((await readJournal(file)).truncatedLastLine).toBe(true);
    // The resumed run journals to the same file, as apply --resume does.
    const journal = await Journal.open(file);
    await journal.write({ event: 'run', uri: 'qemu:///system' });
    await journal.write(JSON.parse(outcome('b', 'defined')) as JournalRecord);
    await journal.close();
    const lines = (await readFile(file, 'utf8')).split('\n');
    expect(lines[2]).toBe('{"event":"step","ste');
    expect(JSON.parse(lines[3]!)).toMatchObject({ event: 'run' });
    // Resumed again (after a second interruption): the cut line is a past run's, not an error.
    const state = await readJournal(file);
    expect(state.truncatedLastLine).toBe(false);
    expect([...state.done.keys()]).toEqual(['uuid-a', 'uuid-b']);
  });

  it('a line that is not JSON in the middle of a run is still an error', async () => {
    const file = path.join(dir, 'middle.jsonl');
    await writeFile(file, `${outcome('a', 'defined')}\n{"event":"ste\n${outcome('b', 'defined')}\n`);
    await expect(readJournal(file)).rejects.toThrow(/middle\.jsonl:2: not a journal line \(not JSON\)$/);
  });
});
