import { describe, expect, it } from 'vitest';
import { addressSpaceLimit, Libxml2LoadError } from './wasm-memory.js';

const limits = (addressSpace: string) => (): string =>
  'Limit                     Soft Limit           Hard Limit           Units     \n' +
  'Max stack size            8388608              unlimited            bytes     \n' +
  `Max address space         ${addressSpace.padEnd(20)} ${addressSpace.padEnd(20)} bytes     \n`;

describe('addressSpaceLimit', () => {
  it('reads the soft limit of /proc/self/limits; unlimited or unreadable is none', () => {
    expect(addressSpaceLimit(limits('4096000000'))).toBe(4_096_000_000);
    expect(addressSpaceLimit(limits('unlimited'))).toBeUndefined();
    expect(
      addressSpaceLimit(() => {
        throw new Error('ENOENT');
      }),
    ).toBeUndefined();
  });
});

describe('Libxml2LoadError', () => {
  const abort = new Error(
    'Aborted(RangeError: WebAssembly.instantiate(): Out of memory: Cannot allocate Wasm memory for new instance). Build with -sASSERTIONS for more info.',
  );

  it('without a limit, the memory the machine lacks; the glue’s wrapping taken off', () => {
    expect(new Libxml2LoadError(abort, undefined).message).toBe(
      'libxml2-wasm cannot get its WebAssembly memory (RangeError: WebAssembly.instantiate(): Out of memory: ' +
        'Cannot allocate Wasm memory for new instance): the machine may be out of memory',
    );
  });

  it('any other failure as it was thrown, its cause kept', () => {
    const thrown = new Error("Cannot find package 'libxml2-wasm'");
    const error = new Libxml2LoadError(thrown, 2 * 1024 ** 3);
    expect(error.message).toBe("libxml2-wasm cannot be loaded (Cannot find package 'libxml2-wasm')");
    expect(error.cause).toBe(thrown);
  });
});
