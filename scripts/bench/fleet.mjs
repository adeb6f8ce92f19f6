// The benchmark fleet: N Nova-like guests spread over host directories, generated from a seed,
// written once under .bench/ and reused while N, the seed and the generator's code are the same.
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { domainXml } from './domain-xml.mjs';
import { drawAliases, drawGuest, drawKind } from './nova-guest.mjs';
import { draws, seededFor } from './prng.mjs';

const here = dirname(fileURLToPath(import.meta.url));
/** The files whose code decides the fleet's bytes: a change in any of them makes a new fleet. */
const GENERATOR_FILES = ['prng.mjs', 'nova-guest.mjs', 'domain-xml.mjs', 'fleet.mjs'];

/** The largest guest: the fleet's guests are 4-8 KiB, like Nova's. */
const MAX_BYTES = 8192;

/** About 100 guests per compute host, as host00/ host01/ ... */
export function hostCount(files) {
  return Math.max(1, Math.ceil(files / 100));
}

/**
 * The guests of a fleet, in order: `{ path, kind, broken, text }` with `path` relative to the
 * fleet's directory (`hostNN/instance-XXXXXXXX.xml`). Guest i has its own generator, so it is the
 * same text in a fleet of any size; only its host directory depends on the fleet's size (or on
 * `hosts`, the number of host directories, default `hostCount(files)`).
 */
export function* fleetGuests({ files, seed, hosts = hostCount(files) }) {
  const width = Math.max(2, String(hosts - 1).length);
  for (let i = 0; i < files; i++) {
    const d = draws(seededFor(seed, i));
    const host = d.int(0, hosts - 1);
    const kind = drawKind(d);
    // Guests over MAX_BYTES (many volumes and ports on q35) are drawn again.
    for (;;) {
      const guest = drawGuest(d, i);
      const aliases = drawAliases(d, guest, kind);
      const text = domainXml(guest, aliases);
      if (Buffer.byteLength(text) > MAX_BYTES) continue;
      yield {
        path: `host${String(host).padStart(width, '0')}/${guest.name}.xml`,
        kind,
        broken: aliases.broken,
        text,
      };
      break;
    }
  }
}

/** A short hash of the generator's code. */
function generatorHash() {
  const hash = createHash('sha256');
  for (const name of GENERATOR_FILES) hash.update(readFileSync(join(here, name)));
  return hash.digest('hex').slice(0, 10);
}

/**
 * The fleet's directory under `cacheDir`, generated unless it is there already. A fleet is
 * complete once its `fleet.json` exists (written last, after an atomic rename of the directory).
 * Returns `{ dir, list, files, seed, bytes, kinds, reused }`; `list` is a file of the guests'
 * relative paths, one a line (for xargs and the lxml script).
 */
export function ensureFleet({ files, seed, cacheDir, hosts = hostCount(files) }) {
  const generator = generatorHash();
  const name = `fleet-${files}-seed${seed}${hosts === hostCount(files) ? '' : `-hosts${hosts}`}`;
  const dir = join(cacheDir, `${name}-${generator}`);
  const manifest = join(dir, 'fleet.json');
  if (existsSync(manifest)) {
    return { ...JSON.parse(readFileSync(manifest, 'utf8')), dir, list: join(dir, 'files.txt'), reused: true };
  }
  mkdirSync(cacheDir, { recursive: true });
  // Fleets of the same size, seed and hosts from an older generator (and their unfinished
  // copies) are stale: make room. Only those: `fleet-10000-seed1-` also starts
  // `fleet-10000-seed1-hosts20-...`, another fleet.
  const stale = new RegExp(`^${name}-[0-9a-f]{10}(\\.tmp-\\d+)?$`);
  for (const entry of readdirSync(cacheDir)) {
    if (stale.test(entry)) rmSync(join(cacheDir, entry), { recursive: true, force: true });
  }
  const tmp = `${dir}.tmp-${process.pid}`;
  const paths = [];
  const kinds = {};
  let bytes = 0;
  const made = new Set();
  for (const guest of fleetGuests({ files, seed, hosts })) {
    const target = join(tmp, guest.path);
    const parent = dirname(target);
    if (!made.has(parent)) {
      mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    writeFileSync(target, guest.text);
    paths.push(guest.path);
    kinds[guest.kind] = (kinds[guest.kind] ?? 0) + 1;
    bytes += Buffer.byteLength(guest.text);
  }
  writeFileSync(join(tmp, 'files.txt'), `${paths.join('\n')}\n`);
  renameSync(tmp, dir);
  const meta = { files, seed, hosts, generator, bytes, kinds };
  writeFileSync(manifest, `${JSON.stringify(meta, null, 2)}\n`);
  return { ...meta, dir, list: join(dir, 'files.txt'), reused: false };
}
