import { describe, expect, it } from 'vitest';
import type { CliIo } from './io.js';
import { Progress } from './progress.js';

/** A progress line over a fake clock and a recording stderr. */
function setup(total: number, enabled = true) {
  let now = 0;
  const written: string[] = [];
  const stderr = { write: (s: string) => written.push(s) };
  const progress = new Progress(total, stderr, enabled, () => now);
  return { progress, written, advance: (ms: number) => (now += ms) };
}

describe('Progress', () => {
  it('says nothing during the first second', () => {
    const { progress, written, advance } = setup(100);
    for (let i = 0; i < 50; i++) {
      advance(10);
      progress.tick();
    }
    expect(written).toEqual([]);
  });

  it('after a second: files done of total, rate and time left, redrawn in place', () => {
    const { progress, written, advance } = setup(10_000);
    advance(2000);
    for (let i = 0; i < 1000; i++) progress.tick();
    // Drawn once: the other ticks came within the same tenth of a second.
    expect(written).toEqual(['\rvirt-alias: 1/10,000 files, 1 files/s, about 333 min 18 s left\u001b[K']);
    advance(100);
    progress.tick();
    expect(written.at(-1)).toBe('\rvirt-alias: 1,001/10,000 files, 477 files/s, about 19 s left\u001b[K');
  });

  it('is erased before anything else is written, and at the end', () => {
    const { progress, written, advance } = setup(10);
    const out: string[] = [];
    const io = progress.around({
      stdout: { write: (s: string) => out.push(s) },
      stderr: { write: (s: string) => written.push(s) },
    } as unknown as CliIo);
    advance(1500);
    progress.tick();
    io.stdout.write('result\n');
    io.stderr.write('notice\n');
    expect(written).toEqual([
      expect.stringMatching(/^\rvirt-alias: 1\/10 files/) as unknown,
      '\r\u001b[K',
      'notice\n',
    ]);
    expect(out).toEqual(['result\n']);
    progress.clear();
    expect(written).toHaveLength(3);
  });

  it('off when stderr is not a terminal or with --quiet', () => {
    const { progress, written, advance } = setup(10, false);
    advance(5000);
    progress.tick();
    expect(written).toEqual([]);
  });
});
