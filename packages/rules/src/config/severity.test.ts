import { describe, expect, it } from 'vitest';
import { isSeverity, severityLevel, severityName } from './severity.js';

describe('severityLevel', () => {
  it('reads names, numbers, numeric strings and rule entries alike', () => {
    expect(['off', 0, '0', ['off'], [0, {}]].map(severityLevel)).toEqual([0, 0, 0, 0, 0]);
    expect(['warn', 1, '1', ['warn', { x: 1 }]].map(severityLevel)).toEqual([1, 1, 1, 1]);
    expect(['error', 2, '2', [2]].map(severityLevel)).toEqual([2, 2, 2, 2]);
    expect(severityName(['warn', {}])).toBe('warn');
  });

  it('gives undefined for anything else, prototype names included', () => {
    for (const v of [undefined, null, 3, 1.5, 'Error', 'toString', '__proto__', [], [[1]], {}]) {
      expect(severityLevel(v)).toBeUndefined();
      expect(severityName(v)).toBeUndefined();
    }
  });

  it('isSeverity: what a config file may write (no "1" strings, no entries)', () => {
    expect(['off', 'warn', 'error', 0, 1, 2].every(isSeverity)).toBe(true);
    expect(['1', ['warn'], 3, 'toString'].some(isSeverity)).toBe(false);
  });
});
