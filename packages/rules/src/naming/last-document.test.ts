import { parseDomain, type DomainDocument } from '@virt-alias/parser';
import { describe, expect, it } from 'vitest';
import { LastDocument } from './last-document.js';

function doc(name: string): DomainDocument {
  const parsed = parseDomain(`<domain type='kvm'><name>${name}</name><devices/></domain>`);
  if (parsed.kind !== 'domain') throw new Error(parsed.kind);
  return parsed.document;
}

describe('LastDocument', () => {
  it('computes once per document asked in a row, again for another, and again when it comes back', () => {
    const calls: string[] = [];
    const memo = new LastDocument((d) => {
      calls.push(d.name ?? '');
      return { name: d.name };
    });
    const a = doc('a');
    const b = doc('b');
    const first = memo.get(a);
    expect(memo.get(a)).toBe(first);
    expect(memo.get(b)).toEqual({ name: 'b' });
    expect(memo.get(a)).toEqual(first);
    expect(calls).toEqual(['a', 'b', 'a']);
  });
});
