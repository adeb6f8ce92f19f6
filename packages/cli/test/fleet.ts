import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));

/** Every *.xml of fixtures/, sorted, with its path below fixtures/. */
export async function fixtureXml(): Promise<{ name: string; text: string }[]> {
  const entries = await readdir(FIXTURES, { recursive: true, withFileTypes: true });
  const names = entries
    .filter((e) => e.isFile() && e.name.endsWith('.xml'))
    .map((e) => path.relative(FIXTURES, path.join(e.parentPath, e.name)))
    .sort();
  return Promise.all(
    names.map(async (name) => ({ name, text: await readFile(path.join(FIXTURES, name), 'utf8') })),
  );
}

/** A uuid that depends on `n` only. */
const uuidOf = (n: number): string => {
  const hex = (n * 2654435761 + 0x9e3779b9).toString(16).padStart(12, '0').slice(-12);
  return `6b1f0c2e-4d3a-4f5b-8c7d-${hex}`;
};

/**
 * The n-th variant of a fixture: as it is, with another domain uuid, with aliases turned invalid
 * (`ua-` to `ua.`), cut in half (malformed), or with its first alias removed.
 */
function variant(text: string, n: number): string {
  switch (n % 5) {
    case 1:
      return text.replace(/<uuid>[^<]*<\/uuid>/u, `<uuid>${uuidOf(n)}</uuid>`);
    case 2:
      return text.replace(/name='ua-/gu, "name='ua.");
    case 3:
      return text.slice(0, Math.floor(text.length / 2));
    case 4:
      return text.replace(/<alias name=[^>]*\/>/u, '');
    default:
      return text;
  }
}

/**
 * Writes `count` domain files made from the fixtures into `dir`, spread over host directories,
 * the same for the same `count`; `host-1/` has a config of its own (the nova preset), as a
 * cascade would give. Returns the files' paths relative to `dir`.
 */
export async function writeFleet(dir: string, count: number): Promise<string[]> {
  const sources = await fixtureXml();
  const written: string[] = [];
  for (let i = 0; i < count; i++) {
    const source = sources[(i * 7) % sources.length]!;
    const name = path.join(`host-${i % 3}`, `instance-${String(i).padStart(5, '0')}.xml`);
    await mkdir(path.join(dir, path.dirname(name)), { recursive: true });
    await writeFile(path.join(dir, name), variant(source.text, i));
    written.push(name);
  }
  await writeFile(path.join(dir, 'host-1', 'virt-alias.config.json'), JSON.stringify({ preset: 'nova' }));
  return written;
}
