#!/usr/bin/env node
// Per-file parse cost of the XML parsers over Nova-like domains (docs/decisions/0012).
//
//   pnpm build && node scripts/parser-bench.mjs [--files N] [--rounds R] [--candidates DIR] [--scaling]
//
// Parses N generated domains (4-8 KiB each, from the parser's test corpus generator) R times,
// interleaving the parsers round by round, and prints each one's median time per file. Always
// measured: the scanner (`parseXml`), the whole `parseDomain`, and the saxes parser it replaced
// (the test oracle). With --candidates DIR, a directory where `npm install sax-wasm
// @rgrove/parse-xml` was run, those are measured too; libxml2-wasm (a dependency of the rules)
// always is, as the parse floor of libxml2 in this process. With --scaling, it then parses
// pathological documents of growing size (n, 4n, 16n) to show the cost grows linearly.
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, TextDecoder, TextEncoder } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '7' },
    candidates: { type: 'string' },
    scaling: { type: 'boolean', default: false },
  },
});
const files = Number(values.files);
const rounds = Number(values.rounds);

const parser = await import(join(root, 'packages/parser/dist/index.js'));
const testing = await import(join(root, 'packages/parser/dist/testing/index.js'));
const random = testing.seededRandom(7);
// As the CLI reads files: bytes decoded strictly into flat strings (a generated string is a
// chain of concatenations, slower to index).
const bytes = Array.from({ length: files }, (_, i) =>
  new TextEncoder().encode(testing.novaDomain(random, i)),
);
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const texts = bytes.map((b) => decoder.decode(b));
const totalBytes = bytes.reduce((n, b) => n + b.length, 0);

/** name -> function parsing document i */
const parsers = new Map([
  ['saxes (before)', (i) => testing.parseXmlWithSaxes(texts[i])],
  ['scanner parseXml', (i) => parser.parseXml(texts[i])],
  ['scanner parseDomain', (i) => parser.parseDomain(texts[i])],
]);

const requireFromRules = createRequire(join(root, 'packages/rules/package.json'));
const libxml2 = await import(requireFromRules.resolve('libxml2-wasm'));
parsers.set('libxml2-wasm (no offsets)', (i) => libxml2.XmlDocument.fromString(texts[i]).dispose());

if (values.candidates) {
  const requireCandidate = createRequire(join(values.candidates, 'package.json'));
  const { SAXParser, SaxEventType } = requireCandidate('sax-wasm');
  const sax = new SAXParser(
    SaxEventType.OpenTag | SaxEventType.CloseTag | SaxEventType.Text | SaxEventType.Comment,
  );
  await sax.prepareWasm(await readFile(requireCandidate.resolve('sax-wasm/lib/sax-wasm.wasm')));
  let sink = 0;
  sax.eventHandler = (event, detail) => {
    // What a tree needs: names, attribute names and values, text; byte offsets only.
    if (event === SaxEventType.OpenTag) for (const a of detail.attributes) sink += a.value.value.length;
    else sink += detail.value?.length ?? detail.name?.length ?? 0;
  };
  parsers.set('sax-wasm (byte offsets)', (i) => {
    sax.write(bytes[i]);
    sax.end();
    return sink;
  });
  const rgrove = requireCandidate('@rgrove/parse-xml');
  parsers.set('@rgrove/parse-xml (node offsets)', (i) =>
    rgrove.parseXml(texts[i], { includeOffsets: true, preserveComments: true }),
  );
}

// CPU time (user + system, GC threads included) is what a parse costs; wall time on a shared,
// loaded machine also counts the other processes' turns.
const times = new Map([...parsers.keys()].map((k) => [k, { cpu: [], wall: [] }]));
for (let round = 0; round < rounds; round++) {
  for (const [name, parse] of parsers) {
    const wall = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    for (let i = 0; i < files; i++) parse(i);
    const used = process.cpuUsage(cpu);
    times.get(name).cpu.push((used.user + used.system) / 1000);
    times.get(name).wall.push(Number(process.hrtime.bigint() - wall) / 1e6);
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `${files} Nova-like domains, ${(totalBytes / files / 1024).toFixed(1)} KiB on average, ` +
    `${rounds} rounds, node ${process.version}`,
);
const base = median(times.get('saxes (before)').cpu);
console.log(`${''.padEnd(34)}  CPU us/file   MB/s  vs saxes  (wall us/file)`);
for (const [name, { cpu, wall }] of times) {
  const ms = median(cpu);
  console.log(
    `${name.padEnd(34)} ${((ms / files) * 1000).toFixed(1).padStart(9)} ` +
      `${(totalBytes / 1e6 / (ms / 1000)).toFixed(1).padStart(9)} ${`x${(base / ms).toFixed(1)}`.padStart(7)}` +
      `  (${((median(wall) / files) * 1000).toFixed(1)})`,
  );
}

if (values.scaling) {
  const attributes = (n) => Array.from({ length: n }, (_, i) => `a${i}="x"`).join(' ');
  const shapes = {
    'sibling elements': (n) => `<domain>${'<a/>'.repeat(n)}</domain>`,
    'attributes on one tag': (n) => `<domain ${attributes(n)}/>`,
    'a duplicate after them': (n) => `<domain ${attributes(n)} a0="y"/>`,
    'namespace declarations': (n) =>
      `<domain ${Array.from({ length: n }, (_, i) => `xmlns:p${i}="urn:${i}" p${i}:x="1"`).join(' ')}/>`,
    'namespace scopes': (n) => `<domain>${'<b xmlns:p="urn:p"><p:c/></b>'.repeat(n)}</domain>`,
    references: (n) => `<domain>${'&amp;&#65;'.repeat(n)}</domain>`,
    'comments before the root': (n) => `${'<!-- c -->'.repeat(n)}<domain/>`,
    'lone CR line ends': (n) => `<domain>${'\r'.repeat(n)}</domain>`,
    'a bare & with no ;': (n) => `<domain>&${'a'.repeat(n * 10)}</domain>`,
    'nesting past the limit': (n) => `<domain>${'<a>'.repeat(n)}${'</a>'.repeat(n)}</domain>`,
  };
  const cpuMs = (text) => {
    let best = Infinity;
    for (let k = 0; k < 5; k++) {
      const cpu = process.cpuUsage();
      try {
        parser.parseXml(text);
      } catch (e) {
        if (!(e instanceof parser.XmlSyntaxError)) throw e;
      }
      const used = process.cpuUsage(cpu);
      best = Math.min(best, (used.user + used.system) / 1000);
    }
    return best;
  };
  console.log('\nscaling: best CPU ms of 5 parses at n, 4n, 16n (n = 20,000 repetitions)');
  for (const [name, make] of Object.entries(shapes)) {
    const ms = [1, 4, 16].map((m) => cpuMs(make(20_000 * m)));
    console.log(`${name.padEnd(28)} ${ms.map((x) => x.toFixed(1).padStart(8)).join(' ')}`);
  }
}
