// esbuild: the CLI and everything it imports, the workspace packages and the pure JavaScript
// dependencies, in one ES module (docs/decisions/0011-one-tarball-bundled-cli.md).
import { builtinModules, createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';

/**
 * Left out of the bundle and declared as dependencies of the tarball, installed by npm:
 * `@napi-rs/xattr` loads a prebuilt native binary for the platform (an optional dependency per
 * platform, chosen by npm at install time), and only on a `fix --write` (a dynamic import).
 */
export const EXTERNAL = ['@napi-rs/xattr'];

/**
 * yargs (ESM build) reads its messages with y18n from `locales/` three levels above its
 * platform shim; in the bundle that is beside dist/main.js: `dist/locales/`.
 */
const YARGS_SHIM = /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/;
const YARGS_LOCALES = "resolve(__dirname, '../../../locales')";

function yargsLocales(found) {
  return {
    name: 'yargs-locales',
    setup(build) {
      build.onLoad({ filter: YARGS_SHIM }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        if (text.split(YARGS_LOCALES).length !== 2) {
          throw new Error(`${args.path}: expected ${YARGS_LOCALES} once (a new yargs?)`);
        }
        found.push(path.resolve(args.path, '../../../locales'));
        return { contents: text.replace(YARGS_LOCALES, "resolve(__dirname, '../locales')"), loader: 'js' };
      });
    },
  };
}

/**
 * libxml2-wasm is loaded by a dynamic `import()`, only when a run turns `libvirt-schema` on
 * (decision 13, "Memory"). Inlined, esbuild makes it a lazy initialisation whose top-level
 * `await`s, across the library's own circular imports, never settle (the run exits 13): it is
 * bundled apart, as `dist/libxml2.js` beside `main.js` and `worker.js`, and imported as a file.
 */
const require = createRequire(import.meta.url);
const LIBXML2_ENTRY = createRequire(require.resolve('../../packages/rules/package.json')).resolve(
  'libxml2-wasm',
);
export const LIBXML2_OUT = 'libxml2';

function libxml2Apart() {
  return {
    name: 'libxml2-apart',
    setup(build) {
      build.onResolve({ filter: /^libxml2-wasm$/ }, (args) =>
        args.kind === 'dynamic-import' ? { path: `./${LIBXML2_OUT}.js`, external: true } : undefined,
      );
    },
  };
}

/**
 * Bundles `entry` (the CLI's dist/main.js) into `outfile`, and `worker` (the engine's worker
 * thread, which the engine starts from the file beside the CLI's: `worker.js`) beside it, with
 * the chunks they share or import when needed, each with a linked source map. Returns
 * esbuild's metafile, the external packages the bundle imports, and yargs' locales directory.
 */
export async function bundle({ root, entry, worker, outfile }) {
  const locales = [];
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [
      { in: entry, out: path.basename(outfile, '.js') },
      { in: worker, out: 'worker' },
      { in: LIBXML2_ENTRY, out: LIBXML2_OUT },
    ],
    outdir: path.dirname(outfile),
    bundle: true,
    // What a command imports when it runs (`await import()` in main.ts) is a chunk of its own,
    // beside main.js, read only when that command runs: `--version` reads main.js alone, `lint`
    // neither the audit's charts (3 MB of echarts) nor `apply`
    // (docs/decisions/0016-startup-and-cache-rerun.md). Chunks stay in dist/, as main.js:
    // the worker (`./worker.js`), libxml2.js and yargs' locales are found relative to them.
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    // jsonc-parser's `main` is a UMD build whose require() calls esbuild cannot follow; its
    // `module` build is plain ESM.
    mainFields: ['module', 'main'],
    external: EXTERNAL,
    // The input maps (tsc's, the libraries') are followed: the map points at the TypeScript.
    sourcemap: 'linked',
    sourcesContent: false,
    // libxml2-wasm holds its WebAssembly as a string of bytes: keep it one byte a character.
    charset: 'utf8',
    // Third-party notices ship in THIRD-PARTY-LICENSES.txt.
    legalComments: 'none',
    // CommonJS dependencies bundled into an ES module still call require() for Node's modules.
    banner: {
      js: "import { createRequire as __virtAliasCreateRequire } from 'node:module';\nconst require = __virtAliasCreateRequire(import.meta.url);",
    },
    metafile: true,
    logLevel: 'warning',
    plugins: [yargsLocales(locales), libxml2Apart()],
  });
  if (locales.length !== 1) throw new Error('the bundle holds no yargs: its locales were not found');
  const builtins = new Set(builtinModules);
  const externals = new Set();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const imported of output.imports) {
      const name = imported.path.replace(/^node:/, '');
      if (imported.external && !builtins.has(name) && imported.path !== `./${LIBXML2_OUT}.js`)
        externals.add(imported.path);
    }
  }
  const stray = [...externals].filter((name) => !EXTERNAL.includes(name));
  if (stray.length > 0) throw new Error(`the bundle imports packages it does not hold: ${stray.join(', ')}`);
  return { metafile: result.metafile, externals: [...externals].sort(), yargsLocales: locales[0] };
}
