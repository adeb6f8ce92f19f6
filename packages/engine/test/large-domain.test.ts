/**
 * The threads' heaps are capped in their young generation only (worker-pool.ts): the largest
 * domain libvirt reads (10 MiB) must still lint in a worker thread. A cap on the old generation
 * (128 or 256 MiB) made a thread die on such a domain of 62,000 devices
 * (docs/decisions/0013-engine-worker-threads.md).
 */
import { MAX_INPUT_BYTES, resolveConfig } from '@virt-alias/rules';
import { describe, expect, it } from 'vitest';
import { Engine } from '../src/index.js';
import { collect, CLEAN_XML, tempDir } from './helpers.js';

/** A guest with as many unaliased network interfaces (unique MACs) as fit in `bytes`. */
function manyInterfaces(bytes: number): { text: string; devices: number } {
  const head = `<domain type='kvm'>\n  <name>many</name>\n  <memory>1048576</memory>\n  <os><type>hvm</type></os>\n  <devices>\n`;
  const tail = `  </devices>\n</domain>\n`;
  const lines: string[] = [];
  let size = head.length + tail.length;
  for (let i = 0; ; i++) {
    const mac = [16, 8, 0].map((shift) => ((i >> shift) & 0xff).toString(16).padStart(2, '0')).join(':');
    const line = `    <interface type='network'><mac address='52:54:00:${mac}'/><source network='default'/></interface>\n`;
    if (size + line.length > bytes) break;
    lines.push(line);
    size += line.length;
  }
  return { text: head + lines.join('') + tail, devices: lines.length };
}

describe('a 10 MiB domain', () => {
  it('lints in a worker thread: one finding per unaliased device, no thread out of memory', async () => {
    const { text, devices } = manyInterfaces(MAX_INPUT_BYTES - 1024);
    expect(Buffer.byteLength(text)).toBeGreaterThan(10_000_000);
    expect(devices).toBeGreaterThan(80_000);
    const dir = await tempDir({ 'large.xml': text, 'small.xml': CLEAN_XML });
    const config = resolveConfig({ preset: 'recommended' });
    const inputs = ['large.xml', 'small.xml'].map((f) => ({ filePath: `${dir}/${f}`, config }));
    const results = await collect(new Engine({ jobs: 2 }).lintFiles(inputs));
    const large = results[0]!;
    expect(large.kind).toBe('linted');
    if (large.kind !== 'linted') return;
    expect(large.result.fatalErrorCount).toBe(0);
    expect(large.result.messages.filter((m) => m.ruleId === 'alias-required')).toHaveLength(devices);
  });
});
