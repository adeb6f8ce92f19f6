// The licenses of the npm packages bundled into dist/ (main.js, worker.js and their chunks). Their code ships
// inside the bundle, not as installed packages with their own LICENSE files, so their notices must
// ship beside it (MIT, ISC and BSD all require the copyright notice with every copy).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const LICENSE_FILE = /^(licen[cs]e|copying|notice)([.-].*)?$/i;

/** The directory of the package that holds `file`: the nearest package.json with a name. */
function packageRoot(file, stop) {
  for (let dir = path.dirname(file); dir.startsWith(stop) && dir !== stop; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name !== undefined) return dir;
  }
  throw new Error(`no package.json with a name above ${file}`);
}

/**
 * The third-party packages among esbuild's `inputs` (paths relative to `root`), each with its
 * license texts. Some npm packages ship none (saxes 6.0.0): they are listed with their license
 * identifier, author and repository, where the text is.
 */
export function bundledPackages(inputs, root) {
  const dirs = new Set();
  for (const input of inputs) {
    const file = path.resolve(root, input);
    if (file.split(path.sep).includes('node_modules')) dirs.add(packageRoot(file, root));
  }
  return [...dirs]
    .map((dir) => {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
      const files = readdirSync(dir)
        .filter((name) => LICENSE_FILE.test(name))
        .sort();
      if (files.length === 0 && manifest.license === undefined) {
        throw new Error(
          `${manifest.name}@${manifest.version} (bundled) has neither a license nor a license file`,
        );
      }
      const author = typeof manifest.author === 'object' ? manifest.author.name : manifest.author;
      const repository =
        typeof manifest.repository === 'object' ? manifest.repository.url : manifest.repository;
      return {
        name: manifest.name,
        version: manifest.version,
        license: manifest.license ?? 'see the text',
        origin: [author && `by ${author}`, repository].filter(Boolean).join(', '),
        texts: files.map((name) => ({ name, text: readFileSync(path.join(dir, name), 'utf8').trim() })),
      };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** THIRD-PARTY-LICENSES.txt: one section per bundled package. */
export function licensesText(packages, product) {
  const rule = '='.repeat(80);
  const sections = packages.map((p) =>
    [
      rule,
      `${p.name} ${p.version} (${p.license})`,
      rule,
      ...(p.texts.length === 0
        ? [
            `The npm package ships no license file. License: ${p.license}${p.origin ? `, ${p.origin}` : ''}.`,
            '',
          ]
        : p.texts.flatMap((t) => (p.texts.length > 1 ? [`--- ${t.name}`, '', t.text, ''] : [t.text, '']))),
    ].join('\n'),
  );
  return [
    `${product} bundles the following npm packages into dist/ (main.js, worker.js and their chunks). Their licenses follow.`,
    '',
    ...packages.map((p) => `- ${p.name} ${p.version} (${p.license})`),
    '',
    ...sections,
  ].join('\n');
}
