import { describe, expect, it } from 'vitest';
import { paint, resolveColor } from './color.js';

describe('resolveColor', () => {
  it.each([
    [undefined, {}, true, true],
    [undefined, {}, false, false],
    [undefined, { NO_COLOR: '1' }, true, false],
    [undefined, { NO_COLOR: '' }, true, true],
    [undefined, { FORCE_COLOR: '1' }, false, true],
    [undefined, { FORCE_COLOR: '' }, false, true],
    [undefined, { FORCE_COLOR: '0' }, true, false],
    [undefined, { FORCE_COLOR: 'false' }, true, false],
    [undefined, { FORCE_COLOR: '1', NO_COLOR: '1' }, false, true],
    [undefined, { TERM: 'dumb' }, true, false],
    [undefined, { TERM: 'xterm-256color' }, true, true],
    [undefined, { TERM: 'dumb', FORCE_COLOR: '1' }, true, true],
    [true, { TERM: 'dumb' }, true, true],
    [true, { NO_COLOR: '1' }, false, true],
    [false, { FORCE_COLOR: '1' }, true, false],
  ])('flag %j, env %j, tty %j: %j', (flag, env, tty, expected) => {
    expect(resolveColor(flag, env, tty)).toBe(expected);
  });
});

describe('paint', () => {
  it('wraps in SGR codes only when enabled', () => {
    expect(paint(false, 'red', 'x')).toBe('x');
    expect(paint(true, 'red', 'x')).toBe('\u001b[31mx\u001b[39m');
    expect(paint(true, ['red', 'bold'], 'x')).toBe('\u001b[1m\u001b[31mx\u001b[39m\u001b[22m');
    expect(paint(true, 'dim', '')).toBe('');
  });
});
