/**
 * virt-alias installed as a user installs it (issue 11): the package script builds
 * virt-alias-<version>.tgz, `npm install -g --prefix TMP` installs it (npm fetches only
 * `@napi-rs/xattr` and its binary for this platform, from its cache or the registry), and the
 * installed `virt-alias`, found on PATH, runs from a directory outside the repository. Its output
 * is compared with the workspace build's: the bundle must behave as the code the other tests
 * test. Spawns the BUILT bin for that comparison (`pnpm build` first).
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allRules } from '@virt-alias/rules';
import { runProgram, type Run } from '@virt-alias/rules/testing';
import { beforeAll, describe, it } from 'vitest';
import { BAD_XML, BIN, CLEAN_XML, onlyAliasCharset, tempTree } from './helpers.js';
import {
  INSTALL_TIMEOUT_MS,
  installGlobally,
  releaseTarball,
  ROOT,
  shown,
  USER_PATH,
  userEnv,
} from './tarball.js';

const CLI = path.join(ROOT, 'packages/cli');
/** A run of the command: generous, a guard against a hang only. */
const RUN_MS = 60_000;

interface Installed {
  readonly prefix: string;
  /** The installed package's directory. */
  readonly dir: string;
}

let installed: Installed;

beforeAll(async () => {
  const [tarball, prefix, elsewhere] = await Promise.all([
    releaseTarball(),
    tempTree({}, { isolate: false }),
    tempTree({}, { isolate: false }),
  ]);
  const r = await installGlobally(tarball, prefix, elsewhere);
  if (r.code !== 0) throw new Error(`npm install -g failed: ${shown(r)}`);
  installed = { prefix, dir: path.join(prefix, 'lib/node_modules/virt-alias') };
}, INSTALL_TIMEOUT_MS * 2);

/** `virt-alias ARGS` by name, found on PATH in the prefix's bin, run in `cwd`. */
function installedCommand(args: readonly string[], cwd: string): Promise<Run> {
  const PATH = `${path.join(installed.prefix, 'bin')}${path.delimiter}${USER_PATH}`;
  return runProgram('virt-alias', args, { cwd, env: userEnv({ PATH }), timeoutMs: RUN_MS });
}

/** The workspace's built command, with the same environment. */
function workspaceCommand(args: readonly string[], cwd: string): Promise<Run> {
  return runProgram(process.execPath, [BIN, ...args], { cwd, env: userEnv(), timeoutMs: RUN_MS });
}

/** `r` with `dir` written as DIR: the two commands run in two copies of the same files. */
function relative(r: Run, dir: string): Run {
  return { code: r.code, stdout: r.stdout.replaceAll(dir, 'DIR'), stderr: r.stderr.replaceAll(dir, 'DIR') };
}

/** Both commands on the same arguments, each in a fresh copy of `files`. */
async function both(
  args: readonly string[],
  files: Readonly<Record<string, string>>,
): Promise<{ installed: Run; workspace: Run; dirs: [string, string] }> {
  const dirs = await Promise.all([tempTree(files), tempTree(files)]);
  const [a, b] = await Promise.all([installedCommand(args, dirs[0]), workspaceCommand(args, dirs[1])]);
  return { installed: relative(a, dirs[0]), workspace: relative(b, dirs[1]), dirs };
}

const GUESTS = { 'guests/bad.xml': BAD_XML, 'guests/clean.xml': CLEAN_XML };

describe.concurrent('the installed tarball, run from outside the repository', () => {
  it(
    'virt-alias --version: the version of packages/cli/package.json',
    async ({ expect }) => {
      const { version } = JSON.parse(await readFile(path.join(CLI, 'package.json'), 'utf8')) as {
        version: string;
      };
      const r = await installedCommand(['--version'], await tempTree());
      expect(r, shown(r)).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    },
    RUN_MS,
  );

  it(
    'lint: exit 1 on a finding, 0 on a clean file, the same output as the workspace build',
    async ({ expect }) => {
      const bad = await both(['lint', 'guests/'], GUESTS);
      expect(bad.installed.code, shown(bad.installed)).toBe(1);
      expect(bad.installed.stdout).toMatch(
        /bad\.xml .*\n {2}7:14 {2}error {2}Alias "ua-disk\.0" .* {2}alias-charset\n/,
      );
      expect(bad.installed).toEqual(bad.workspace);

      const clean = await both(['lint', '--format', 'json', 'guests/clean.xml'], GUESTS);
      expect(clean.installed.code, shown(clean.installed)).toBe(0);
      expect(clean.installed).toEqual(clean.workspace);
    },
    RUN_MS,
  );

  it(
    'lint and fix on worker threads (--jobs 2): the bundled worker starts, the same output',
    async ({ expect }) => {
      const lint = await both(['lint', '--jobs', '2', 'guests/'], GUESTS);
      expect(lint.installed.code, shown(lint.installed)).toBe(1);
      expect(lint.installed).toEqual(lint.workspace);
      expect(lint.installed).toEqual((await both(['lint', '--jobs', '1', 'guests/'], GUESTS)).installed);
      const fix = await both(['fix', '--jobs', '2', 'guests/'], GUESTS);
      expect(fix.installed.code, shown(fix.installed)).toBe(0);
      expect(fix.installed.stdout).toContain("+      <alias name='ua-disk-0'/>");
      expect(fix.installed).toEqual(fix.workspace);
    },
    RUN_MS,
  );

  it(
    "lint with libvirt's schema: libxml2's WebAssembly loads from the bundle",
    async ({ expect }) => {
      const rng = [
        '<grammar xmlns="http://relaxng.org/ns/structure/1.0">',
        '  <start><element name="domain"><attribute name="type"/>',
        '    <element name="name"><text/></element>',
        '  </element></start>',
        '</grammar>',
        '',
      ].join('\n');
      const files = {
        'schema/domain.rng': rng,
        'vm.xml': "<domain type='kvm'>\n  <name>vm</name>\n  <uuid>x</uuid>\n</domain>\n",
      };
      const r = await both(['lint', '--rule', 'libvirt-schema=error', '--schema', 'schema', 'vm.xml'], files);
      expect(r.installed.code, shown(r.installed)).toBe(1);
      expect(r.installed.stdout).toMatch(/ {2}3:3 {2}error {2}.*uuid.* {2}libvirt-schema\n/);
      expect(r.installed).toEqual(r.workspace);
    },
    RUN_MS,
  );

  it(
    'fix: the same diff as the workspace build; --write writes the fix (the native @napi-rs/xattr loads)',
    async ({ expect }) => {
      const dry = await both(['fix', 'guests/bad.xml'], GUESTS);
      expect(dry.installed.stdout).toContain("+      <alias name='ua-disk-0'/>");
      expect(dry.installed).toEqual(dry.workspace);

      const [dir] = dry.dirs;
      const written = await installedCommand(['fix', '--write', 'guests/bad.xml'], dir);
      expect(written.code, shown(written)).toBe(0);
      expect(await readFile(path.join(dir, 'guests/bad.xml'), 'utf8')).toBe(
        BAD_XML.replace('ua-disk.0', 'ua-disk-0'),
      );
    },
    RUN_MS,
  );

  it(
    'rules and lint --help: every rule, the same text as the workspace build',
    async ({ expect }) => {
      const rules = await both(['rules'], {});
      expect(rules.installed.code, shown(rules.installed)).toBe(0);
      for (const rule of allRules) expect(rules.installed.stdout).toContain(rule.id);
      expect(rules.installed).toEqual(rules.workspace);

      const help = await both(['lint', '--help'], {});
      expect(help.installed.code, shown(help.installed)).toBe(0);
      expect(help.installed).toEqual(help.workspace);
    },
    RUN_MS,
  );

  it(
    "a config's $schema as docs/configuration.md writes it resolves in the installed package",
    async ({ expect }) => {
      const docs = await readFile(path.join(ROOT, 'docs/configuration.md'), 'utf8');
      const paths = [...docs.matchAll(/"\$schema": "(\.\/node_modules\/virt-alias\/[^"]+)"/g)].map(
        (m) => m[1]!,
      );
      expect(paths.length).toBeGreaterThan(0);
      // A project that installed virt-alias has it in ./node_modules; a global prefix in lib/.
      const project = path.join(installed.prefix, 'lib');
      for (const file of new Set(paths)) {
        const shipped = path.join(project, file);
        expect(existsSync(shipped), shipped).toBe(true);
        expect(await readFile(shipped, 'utf8')).toBe(
          await readFile(path.join(CLI, path.basename(file)), 'utf8'),
        );
      }
      // And a config that names it is read as any other.
      const config = { $schema: path.join(project, paths[0]!), ...onlyAliasCharset() };
      const dir = await tempTree({ 'guests/bad.xml': BAD_XML });
      await writeFile(path.join(dir, 'virt-alias.config.json'), JSON.stringify(config));
      const r = await installedCommand(['lint', 'guests/'], dir);
      expect(r.code, shown(r)).toBe(1);
    },
    RUN_MS,
  );

  it(
    "init's $schema names the installed package's schema; a YAML config is read by the bundle",
    async ({ expect }) => {
      const dir = await tempTree({ 'guests/bad.xml': BAD_XML }, { isolate: false });
      const init = await installedCommand(['init'], dir);
      expect(init.code, shown(init)).toBe(0);
      const written = JSON.parse(await readFile(path.join(dir, 'virt-alias.config.json'), 'utf8')) as {
        $schema: string;
      };
      // Outside the project: a file: URL of the global install's own copy.
      expect(fileURLToPath(written.$schema)).toBe(path.join(installed.dir, 'config.schema.json'));
      expect((await installedCommand(['lint', 'guests/'], dir)).code).toBe(1);

      const yaml = await tempTree(
        {
          'guests/bad.xml': BAD_XML,
          'virt-alias.config.yaml': 'root: true\nrules:\n  alias-charset: warn\n',
        },
        { isolate: false },
      );
      const r = await installedCommand(['lint', 'guests/'], yaml);
      expect(r.code, shown(r)).toBe(0);
      expect(r.stdout).toContain('7:14  warning');
    },
    RUN_MS,
  );
});

describe('the installed package', () => {
  it("depends on @napi-rs/xattr only; ships the license, the schemas and the bundled packages' licenses", async ({
    expect,
  }) => {
    const manifest = JSON.parse(await readFile(path.join(installed.dir, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies)).toEqual(['@napi-rs/xattr']);
    expect(JSON.stringify(manifest)).not.toContain('workspace:');
    expect(await readFile(path.join(installed.dir, 'LICENSE'), 'utf8')).toBe(
      await readFile(path.join(ROOT, 'LICENSE'), 'utf8'),
    );
    for (const schema of ['config.schema.json', 'mapping.schema.json']) {
      expect(await readFile(path.join(installed.dir, schema), 'utf8')).toBe(
        await readFile(path.join(CLI, schema), 'utf8'),
      );
    }
    const notices = await readFile(path.join(installed.dir, 'THIRD-PARTY-LICENSES.txt'), 'utf8');
    for (const bundled of [
      'ajv',
      'diff',
      'glob',
      'jsonc-parser',
      'libxml2-wasm',
      'minimatch',
      'yaml',
      'yargs',
    ]) {
      expect(notices).toMatch(new RegExp(`^- ${bundled} \\d`, 'm'));
    }
  });

  it('its source maps name only shipped files, and map the bundle onto them', async ({ expect }) => {
    const dist = path.join(installed.dir, 'dist');
    // main.js, worker.js, libxml2.js and the chunks they import, each with its map.
    const bundled = (await readdir(dist)).filter((f) => f.endsWith('.js'));
    const maps = new Map<string, { sources: string[] }>();
    for (const file of bundled) {
      const map = JSON.parse(await readFile(path.join(dist, `${file}.map`), 'utf8')) as { sources: string[] };
      for (const source of map.sources) expect(existsSync(path.resolve(dist, source)), source).toBe(true);
      maps.set(file, map);
    }
    expect(new Set([...maps.values()].flatMap((m) => m.sources)).size).toBeGreaterThan(50);

    let found: { file: string; lines: string[] } | undefined;
    for (const file of bundled) {
      const lines = (await readFile(path.join(dist, file), 'utf8')).split('\n');
      if (lines.some((l) => l.includes('function packageVersion('))) found = { file, lines };
    }
    const { file, lines } = found!;
    const line = lines.findIndex((l) => l.includes('function packageVersion('));
    const entry = new SourceMap(maps.get(file) as never).findEntry(
      line,
      lines[line]!.indexOf('packageVersion'),
    );
    expect(entry).toMatchObject({ originalSource: '../src/cli/version.ts' });
    const original = (await readFile(path.join(dist, '../src/cli/version.ts'), 'utf8')).split('\n');
    expect(original[(entry as { originalLine: number }).originalLine]).toContain('function packageVersion(');
  });
});

describe('the library packages on their own', () => {
  it(
    '`pnpm pack` builds each (prepack), and the three tarballs install and import without the workspace',
    async ({ expect }) => {
      const [packed, project] = await Promise.all([
        tempTree({}, { isolate: false }),
        tempTree({ 'package.json': '{"private": true, "type": "module"}' }, { isolate: false }),
      ]);
      const tarballs: string[] = [];
      // One after the other: each prepack runs `tsc -b` over shared project references.
      for (const name of ['parser', 'rules', 'rewriter']) {
        const r = await runProgram('pnpm', ['pack', '--pack-destination', packed], {
          cwd: path.join(ROOT, 'packages', name),
          env: userEnv(),
          timeoutMs: INSTALL_TIMEOUT_MS,
        });
        expect(r.code, shown(r)).toBe(0);
        expect(r.stdout).toContain('tsc -b');
        tarballs.push(path.join(packed, `virt-alias-${name}-0.1.0.tgz`));
      }
      const install = await runProgram(
        'npm',
        ['install', '--prefer-offline', '--no-audit', '--no-fund', ...tarballs],
        {
          cwd: project,
          env: userEnv({ NPM_CONFIG_UPDATE_NOTIFIER: 'false' }),
          timeoutMs: INSTALL_TIMEOUT_MS,
        },
      );
      expect(install.code, shown(install)).toBe(0);

      // Every file their exports name is in the package (the workspace-only ./testing is not exported).
      for (const name of ['parser', 'rules', 'rewriter']) {
        const dir = path.join(project, 'node_modules/@virt-alias', name);
        const { exports } = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as {
          exports: Record<string, string | Record<string, string>>;
        };
        expect(Object.keys(exports).sort()).toEqual(['.', './package.json']);
        for (const target of Object.values(exports).flatMap((t) =>
          typeof t === 'string' ? [t] : Object.values(t),
        )) {
          expect(existsSync(path.join(dir, target)), `${name}: ${target}`).toBe(true);
        }
      }

      const script = [
        "import { parseDomain } from '@virt-alias/parser';",
        "import { lintText, resolveConfig } from '@virt-alias/rules';",
        "import { fixText } from '@virt-alias/rewriter';",
        `const text = ${JSON.stringify(BAD_XML)};`,
        'const config = resolveConfig();',
        'console.log(JSON.stringify({',
        '  kind: parseDomain(text).kind,',
        '  rules: lintText(text, config).messages.map((m) => m.ruleId),',
        '  fixed: fixText(text, config).output,',
        '}));',
      ].join('\n');
      await writeFile(path.join(project, 'use.js'), script);
      const r = await runProgram(process.execPath, ['use.js'], {
        cwd: project,
        env: userEnv(),
        timeoutMs: RUN_MS,
      });
      expect(r.code, shown(r)).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({
        kind: 'domain',
        rules: ['alias-charset'],
        fixed: BAD_XML.replace('ua-disk.0', 'ua-disk-0'),
      });
    },
    INSTALL_TIMEOUT_MS * 2,
  );
});

describe('packages/cli itself', () => {
  it(
    'refuses `npm pack`, pointing at the package script (its own dependencies are workspace packages)',
    async ({ expect }) => {
      const r = await runProgram('npm', ['pack', '--dry-run'], {
        cwd: CLI,
        env: userEnv(),
        timeoutMs: RUN_MS,
      });
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('`pnpm run package`');
    },
    RUN_MS,
  );
});
