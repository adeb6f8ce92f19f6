/**
 * The CI recipes of docs/ci, run for real: the commands are read from the pages (never copied
 * here) and run with the real tools (bash, git, npm, pnpm, pre-commit, ansible-playbook) on a
 * domain with a finding and a clean one. The recipes install the release tarball, which the test
 * packs from the BUILT dist/ (`pnpm build` first) with the package script.
 *
 * A test whose tool is missing is skipped with a warning outside CI, and fails with CI=true.
 */
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseXml, type XmlElement } from '@virt-alias/parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { BAD_XML, CLEAN_XML, onlyAliasCharset, tempTree } from './helpers.js';
import { releaseTarball } from './tarball.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DIST_MAIN = path.join(ROOT, 'packages/cli/dist/main.js');
const DOCS = path.join(ROOT, 'docs/ci');
const ZUUL = path.join(DOCS, 'zuul');
const SARIF_SCHEMA = path.join(ROOT, 'node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json');
const UPSTREAM = 'https://github.com/virt-alias/virt-alias';

const IN_CI = !['', '0', 'false'].includes((process.env.CI ?? '').toLowerCase());
/** A recipe that installs or builds virt-alias takes seconds to half a minute; a safety net. */
const SLOW = 240_000;
/** A recipe that only lints; generous, because the slow ones share the CPU with it. */
const QUICK = 60_000;

// ---------------------------------------------------------------------------------------------
// Tools

type Tool = 'git' | 'pre-commit' | 'ansible-playbook' | 'python3';

const DEBIAN_PACKAGE: Record<Tool, string> = {
  git: 'git',
  'pre-commit': 'pre-commit',
  'ansible-playbook': 'ansible-core',
  python3: 'python3-yaml',
};

/** PATH without node_modules/.bin directories (pnpm run adds them): a recipe sees a clean PATH. */
const PATH = (process.env.PATH ?? '')
  .split(path.delimiter)
  .filter((dir) => dir !== '' && !dir.split(path.sep).includes('node_modules'))
  .join(path.delimiter);

function onPath(command: string): boolean {
  return PATH.split(path.delimiter).some((dir) => {
    try {
      accessSync(path.join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** A Python with the yaml module (Debian: python3-yaml, which pre-commit and ansible pull in). */
const PYTHON = ['python3', '/usr/bin/python3'].find(
  (python) => spawnSync(python, ['-c', 'import yaml'], { stdio: 'ignore' }).status === 0,
);

function available(tool: Tool): boolean {
  return tool === 'python3' ? PYTHON !== undefined : onPath(tool);
}

interface Requirement {
  /** Skip: tools are missing and this is not CI. */
  readonly skip: boolean;
  /** Throws, naming the Debian packages, when tools are missing (reached only with CI=true). */
  readonly check: () => void;
}

function requires(recipe: string, tools: readonly Tool[]): Requirement {
  const missing = tools.filter((tool) => !available(tool));
  const what = missing
    .map(
      (tool) => `${tool === 'python3' ? 'python3 with yaml' : tool} (Debian package ${DEBIAN_PACKAGE[tool]})`,
    )
    .join(', ');
  const message = `the ${recipe} recipe needs ${what}: run scripts/install-system-deps.sh`;
  if (missing.length > 0 && !IN_CI) {
    // The default reporter prints no skip reason: say it here.
    console.warn(`SKIPPED: ${message} (with CI=true this test fails instead)`);
  }
  return {
    skip: missing.length > 0 && !IN_CI,
    check: () => {
      if (missing.length > 0) throw new Error(`CI: ${message}`);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Processes

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

interface ExecOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly input?: string;
}

/** Process groups still running: killed after the file, and on a timeout. */
const running = new Set<number>();
afterAll(() => {
  for (const pid of running) killGroup(pid);
});

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Spawns `command` in a process group of its own (so that a timeout kills its children too). */
function exec(command: string, args: readonly string[], options: ExecOptions): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const pid = child.pid;
    if (pid !== undefined) running.add(pid);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => {
      stderr += `\n[test: ${command} killed after ${SLOW / 1000} s]\n`;
      if (pid !== undefined) killGroup(pid);
    }, SLOW - 5_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (pid !== undefined) running.delete(pid);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    // A child that exits without reading its input is its own business (its exit code says).
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input);
  });
}

/** A `run:` step or `script:` as GitHub and GitLab run it: bash, errexit and pipefail. */
function bash(script: string, options: ExecOptions): Promise<Run> {
  return exec('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], options);
}

/** The text to show when an assertion on a run fails. */
const shown = (r: Run): string => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

/**
 * The environment of a recipe: this process's, without what pnpm, vitest, CI systems or git
 * hooks set (a recipe sets its own), with a PATH free of node_modules/.bin and a git identity.
 */
function cleanEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const drop =
    /^(npm_|PNPM_SCRIPT_SRC_DIR$|INIT_CWD$|VITEST|TEST$|NODE_ENV$|NODE_OPTIONS$|FORCE_COLOR$|NO_COLOR$|VIRT_ALIAS_|GIT_|GITHUB_|RUNNER_|GITLAB_|CI_|JENKINS|WORKSPACE$|ZUUL|ANSIBLE_|PRE_COMMIT)/;
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !drop.test(name)) env[name] = value;
  }
  return {
    ...env,
    PATH,
    CI: 'true',
    GIT_AUTHOR_NAME: 'virt-alias test',
    GIT_AUTHOR_EMAIL: 'test@virt-alias.invalid',
    GIT_COMMITTER_NAME: 'virt-alias test',
    GIT_COMMITTER_EMAIL: 'test@virt-alias.invalid',
    GIT_CONFIG_NOSYSTEM: '1',
    ...extra,
  };
}

async function git(cwd: string, ...args: string[]): Promise<string> {
  const r = await exec('git', ['-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    env: cleanEnv(),
  });
  if (r.code !== 0) throw new Error(`git ${args.join(' ')} in ${cwd}: ${shown(r)}`);
  return r.stdout.trim();
}

/** A git repository holding `files`, committed; then each of `changes` as a commit of its own. */
async function gitRepository(
  files: Readonly<Record<string, string>>,
  ...changes: readonly Readonly<Record<string, string>>[]
): Promise<string> {
  const dir = await tempTree(files, { isolate: false });
  await git(dir, 'init', '-q');
  for (const [i, change] of [{}, ...changes].entries()) {
    for (const [name, text] of Object.entries(change)) {
      await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
      await writeFile(path.join(dir, name), text);
    }
    await git(dir, 'add', '-A');
    await git(dir, 'commit', '-q', '--allow-empty', '-m', i === 0 ? 'base' : `change ${i}`);
  }
  return dir;
}

/** Where a user keeps domain XML: one with a finding, one clean, the config running alias-charset. */
const GUESTS = {
  'virt-alias.config.json': JSON.stringify(onlyAliasCharset()),
  'guests/bad.xml': BAD_XML,
  'guests/clean.xml': CLEAN_XML,
};

/** The finding in BAD_XML, as stylish prints it. */
const STYLISH_FINDING =
  /bad\.xml \(preset recommended\)\n {2}7:14 {2}error {2}Alias "ua-disk\.0" .* {2}alias-charset\n/;

interface Snapshot {
  /** A git repository holding this working tree as one commit on branch `main`. */
  readonly dir: string;
  readonly sha: string;
  readonly branch: string;
}

let snapshot: Promise<Snapshot> | undefined;

/**
 * This working tree (tracked and untracked files, not ignored ones: no node_modules, no dist) as
 * a git repository of its own, once per test file: pre-commit and `git clone` need a commit, and
 * the recipes must see what is on disk, uncommitted changes included. Outside a git checkout:
 * the tree without node_modules, dist and .git.
 */
function repositorySnapshot(): Promise<Snapshot> {
  snapshot ??= (async () => {
    const dir = await tempTree({}, { isolate: false });
    const env = cleanEnv();
    const listed = await exec('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: ROOT,
      env,
    });
    const copy =
      listed.code === 0
        ? await exec('bash', ['-c', 'tar --null -T - -cf - | tar -xf - -C "$1"', 'copy', dir], {
            cwd: ROOT,
            env,
            // Files deleted in the working tree are still in the index: leave them out.
            input: listed.stdout
              .split('\0')
              .filter((name) => name !== '' && existsSync(path.join(ROOT, name)))
              .map((name) => `${name}\0`)
              .join(''),
          })
        : await exec(
            'bash',
            [
              '-c',
              'tar --exclude=node_modules --exclude=dist --exclude=.git --exclude="*.tsbuildinfo" -cf - . | tar -xf - -C "$1"',
              'copy',
              dir,
            ],
            { cwd: ROOT, env },
          );
    if (copy.code !== 0) throw new Error(`copying the working tree: ${shown(copy)}`);
    await git(dir, 'init', '-q', '-b', 'main');
    await git(dir, 'add', '-A');
    await git(dir, 'commit', '-q', '-m', 'snapshot of the working tree');
    return { dir, sha: await git(dir, 'rev-parse', 'HEAD'), branch: 'main' };
  })();
  return snapshot;
}

// ---------------------------------------------------------------------------------------------
// The pages

async function page(name: string): Promise<string> {
  return readFile(path.join(DOCS, name), 'utf8');
}

/** The fenced code blocks of `markdown` in `language`. */
function fencedBlocks(markdown: string, language: string): string[] {
  const blocks: string[] = [];
  for (const match of markdown.matchAll(/^```([\w-]*)\n([\s\S]*?)^```$/gm)) {
    if (match[1] === language) blocks.push(match[2]!);
  }
  return blocks;
}

/** The one block of `language` in `markdown` that contains `marker`. */
function block(markdown: string, language: string, marker: string): string {
  const found = fencedBlocks(markdown, language).filter((b) => b.includes(marker));
  if (found.length !== 1)
    throw new Error(`expected one ${language} block with ${marker}, found ${found.length}`);
  return found[0]!;
}

/** YAML as data, through Python's yaml module (YAML 1.1: an `on:` key becomes `true`). */
async function parseYaml(text: string): Promise<unknown> {
  const r = await exec(
    PYTHON ?? 'python3',
    ['-c', 'import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'],
    { cwd: ROOT, env: cleanEnv(), input: text },
  );
  if (r.code !== 0) throw new Error(`not YAML: ${shown(r)}`);
  return JSON.parse(r.stdout) as unknown;
}

// ---------------------------------------------------------------------------------------------
// Report checks

const validateSarif = new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).compile(
  JSON.parse(await readFile(SARIF_SCHEMA, 'utf8')) as object,
);

const attr = (el: XmlElement, name: string): string | undefined =>
  el.attributes.find((a) => a.name === name)?.value;

function elements(root: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  const walk = (el: XmlElement): void => {
    if (el.name === name) found.push(el);
    el.children.forEach(walk);
  };
  walk(root);
  return found;
}

/** The release tarball's name as the pages give it: the tests replace it by one they pack. */
const TARBALL_ON_PAGE = /^\.\/tools\/virt-alias-\d+\.\d+\.\d+\.tgz$/;

/**
 * The environment in which a recipe's `npm install -g "$VIRT_ALIAS_TARBALL"` installs this
 * repository's tarball: npm's global prefix in a fresh temporary directory (as `setup-node` or an
 * image's /usr/local), its bin/ in front of PATH.
 */
async function globalInstall(): Promise<{ prefix: string; env: Record<string, string> }> {
  const [tarball, prefix] = await Promise.all([releaseTarball(), tempTree({}, { isolate: false })]);
  return {
    prefix,
    env: {
      VIRT_ALIAS_TARBALL: tarball,
      NPM_CONFIG_PREFIX: prefix,
      NPM_CONFIG_UPDATE_NOTIFIER: 'false',
      PATH: `${path.join(prefix, 'bin')}${path.delimiter}${PATH}`,
    },
  };
}

beforeAll(() => {
  if (!existsSync(DIST_MAIN)) throw new Error(`${DIST_MAIN} is missing: run \`pnpm build\` first`);
});

// ---------------------------------------------------------------------------------------------

describe.concurrent('CI recipes (docs/ci)', () => {
  describe('pre-commit (docs/ci/pre-commit.md, .pre-commit-hooks.yaml)', () => {
    const tools = requires('pre-commit', ['git', 'pre-commit', 'python3']);

    it(
      '.pre-commit-hooks.yaml: virt-alias (lint) and virt-alias-fix (fix --write) on *.xml',
      async ({ expect }) => {
        const hooks = (await readFile(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8'))
          .split(/^- /m)
          .slice(1);
        const field = (hook: string, name: string) => new RegExp(`^\\s*${name}: (.*)$`, 'm').exec(hook)?.[1];
        expect(hooks.map((h) => field(h, 'id'))).toEqual(['virt-alias', 'virt-alias-fix']);
        expect(hooks.map((h) => field(h, 'entry'))).toEqual([
          'scripts/pre-commit-hook.sh lint',
          'scripts/pre-commit-hook.sh fix --write',
        ]);
        for (const hook of hooks) {
          expect(field(hook, 'language')).toBe('script');
          expect(field(hook, 'files')).toBe('\\.xml$');
        }
        // pre-commit runs the entry itself: it must be executable (git keeps the mode).
        expect(() => {
          accessSync(path.join(ROOT, 'scripts/pre-commit-hook.sh'), constants.X_OK);
        }).not.toThrow();
      },
      QUICK,
    );

    it.skipIf(tools.skip)(
      'pre-commit try-repo: fails on the file with a finding, with the finding, silent on the clean one',
      async ({ expect }) => {
        tools.check();
        const [source, user, home] = await Promise.all([
          repositorySnapshot(),
          gitRepository(GUESTS),
          tempTree({}, { isolate: false }),
        ]);
        const r = await exec(
          'pre-commit',
          ['try-repo', source.dir, 'virt-alias', '--files', 'guests/bad.xml', 'guests/clean.xml'],
          { cwd: user, env: cleanEnv({ PRE_COMMIT_HOME: home }) },
        );
        const output = r.stdout + r.stderr;
        expect(r.code, shown(r)).toBe(1);
        expect(output).toMatch(/^virt-alias lint\.+Failed$/m);
        expect(output).toContain('- exit code: 1');
        expect(output).toMatch(STYLISH_FINDING);
        expect(output).not.toContain('clean.xml');
      },
      SLOW,
    );

    it.skipIf(tools.skip)(
      "the page's three-line configuration: two runs at once on a new cache install once; bad fails, clean passes; then virt-alias-fix",
      async ({ expect }) => {
        tools.check();
        const config = block(await page('pre-commit.md'), 'yaml', 'repos:');
        const parsed = (await parseYaml(config)) as { repos: Record<string, unknown>[] };
        // Three lines under `repos:`, and nothing else.
        expect(config.trim().split('\n')).toHaveLength(4);
        expect(parsed.repos).toHaveLength(1);
        const repo = parsed.repos[0]!;
        expect(Object.keys(repo).sort()).toEqual(['hooks', 'repo', 'rev']);
        expect(repo).toMatchObject({ repo: UPSTREAM, hooks: [{ id: 'virt-alias' }] });

        const [source, home] = await Promise.all([repositorySnapshot(), tempTree({}, { isolate: false })]);
        // The same lines, pointing at the snapshot of this working tree.
        const local = config.replace(UPSTREAM, source.dir).replace(/^(\s*rev:).*$/m, `$1 ${source.sha}`);
        expect(local).not.toBe(config);
        const user = await gitRepository({ ...GUESTS, '.pre-commit-config.yaml': local });
        const env = cleanEnv({ PRE_COMMIT_HOME: home });
        const run = (file: string) =>
          exec('pre-commit', ['run', 'virt-alias', '--verbose', '--files', file], { cwd: user, env });
        const [bad, clean] = await Promise.all([run('guests/bad.xml'), run('guests/clean.xml')]);

        expect(bad.code, shown(bad)).toBe(1);
        expect(bad.stdout).toMatch(/^virt-alias lint\.+Failed$/m);
        expect(bad.stdout).toMatch(STYLISH_FINDING);
        expect(clean.code, shown(clean)).toBe(0);
        expect(clean.stdout).toMatch(/^virt-alias lint\.+Passed$/m);
        expect(clean.stdout).not.toContain('alias-charset');
        // One of the two hook processes installed; the other waited for it (the lock).
        const installed = [bad, clean].filter((r) => r.stdout.includes('first run: installing'));
        expect(installed, `${shown(bad)}\n${shown(clean)}`).toHaveLength(1);

        // virt-alias-fix from the same clone: the stamp holds, so nothing is installed again; it
        // rewrites the file, which pre-commit reports as a failure; then the lint hook passes.
        await writeFile(path.join(user, 'fix.yaml'), local.replace('id: virt-alias', 'id: virt-alias-fix'));
        const fixed = await exec(
          'pre-commit',
          ['run', 'virt-alias-fix', '--config', 'fix.yaml', '--verbose', '--files', 'guests/bad.xml'],
          { cwd: user, env },
        );
        expect(fixed.code, shown(fixed)).toBe(1);
        expect(fixed.stdout).toMatch(/^virt-alias fix\.+Failed$/m);
        expect(fixed.stdout).toContain('files were modified by this hook');
        expect(fixed.stdout).not.toContain('first run: installing');
        expect(await readFile(path.join(user, 'guests/bad.xml'), 'utf8')).toBe(
          BAD_XML.replace('ua-disk.0', 'ua-disk-0'),
        );
        const again = await run('guests/bad.xml');
        expect(again.code, shown(again)).toBe(0);
        expect(again.stdout).not.toContain('first run: installing');
      },
      SLOW,
    );
  });

  describe('GitHub Actions (docs/ci/github-actions.md)', () => {
    const tools = requires('GitHub Actions', ['git', 'python3']);

    interface Step {
      readonly name?: string;
      readonly uses?: string;
      readonly run?: string;
      readonly if?: string;
      readonly with?: Record<string, unknown>;
    }
    interface Workflow {
      readonly permissions: Record<string, string>;
      readonly jobs: Record<string, { env: Record<string, string>; steps: Step[] }>;
    }

    it.skipIf(tools.skip)(
      "the workflow's run steps: install the tarball, annotations, SARIF, step summary",
      async ({ expect }) => {
        tools.check();
        const workflow = (await parseYaml(
          block(await page('github-actions.md'), 'yaml', 'jobs:'),
        )) as Workflow;
        expect(workflow.permissions['security-events']).toBe('write');
        const jobs = Object.values(workflow.jobs);
        expect(jobs).toHaveLength(1);
        const { env: jobEnv, steps } = jobs[0]!;
        const uses = (action: string): Step => {
          const step = steps.find((s) => s.uses?.startsWith(`${action}@`));
          if (!step) throw new Error(`no step uses ${action}`);
          return step;
        };
        uses('actions/checkout');
        expect(uses('actions/setup-node').with).toMatchObject({ 'node-version': 20 });
        const upload = uses('github/codeql-action/upload-sarif');
        expect(upload.if).toContain('!cancelled()');

        const runSteps = steps.filter((s): s is Step & { run: string } => s.run !== undefined);
        expect(runSteps.map((s) => s.name)).toEqual(['Install virt-alias', 'Lint domain XML']);
        const [install, lint] = runSteps as [Step & { run: string }, Step & { run: string }];
        expect(lint.run).toMatch(/^virt-alias lint .*--format github /);
        const sarifFile = /--format sarif:(\S+)/.exec(lint.run)?.[1];
        expect(upload.with?.sarif_file).toBe(sarifFile);
        expect(jobEnv.VIRT_ALIAS_TARBALL).toMatch(TARBALL_ON_PAGE);

        // The runner: a workspace with the user's domain XML, the files GitHub provides, and
        // setup-node's Node.js, whose global prefix is the runner's and on PATH.
        const [npm, workspace, runnerTemp, files] = await Promise.all([
          globalInstall(),
          tempTree(GUESTS, { isolate: false }),
          tempTree({}, { isolate: false }),
          tempTree({ path: '', summary: '' }, { isolate: false }),
        ]);
        const summary = path.join(files, 'summary');
        const env = cleanEnv({
          ...jobEnv,
          GITHUB_ACTIONS: 'true',
          GITHUB_WORKSPACE: workspace,
          GITHUB_PATH: path.join(files, 'path'),
          GITHUB_STEP_SUMMARY: summary,
          RUNNER_TEMP: runnerTemp,
          ...npm.env,
        });

        const installed = await bash(install.run, { cwd: workspace, env });
        expect(installed.code, shown(installed)).toBe(0);
        const which = await bash('command -v virt-alias', { cwd: workspace, env: env });
        expect(which.stdout.trim()).toBe(path.join(npm.prefix, 'bin/virt-alias'));

        const linted = await bash(lint.run, { cwd: workspace, env: env });
        expect(linted.code, shown(linted)).toBe(1);
        expect(linted.stderr).toBe('');
        expect(linted.stdout).toMatch(
          /^::error file=guests\/bad\.xml,line=7,col=14,endLine=7,endColumn=30,title=alias-charset::Alias "ua-disk\.0" .*\n$/,
        );
        const sarif = JSON.parse(await readFile(path.join(workspace, sarifFile!), 'utf8')) as {
          runs: { results: { ruleId: string; locations: unknown[] }[] }[];
        };
        expect(validateSarif(sarif), JSON.stringify(validateSarif.errors)).toBe(true);
        expect(sarif.runs[0]!.results).toHaveLength(1);
        expect(sarif.runs[0]!.results[0]).toMatchObject({
          ruleId: 'alias-charset',
          locations: [{ physicalLocation: { artifactLocation: { uri: 'guests/bad.xml' } } }],
        });
        const table = await readFile(summary, 'utf8');
        expect(table).toMatch(/^### virt-alias\n/);
        expect(table).toMatch(/^\| File \| Line \| Severity \| Rule \| Message \|$/m);
        expect(table).toMatch(/^\| guests\/bad\.xml \| 7 \| error \| alias-charset \| /m);

        // The same step on clean files: exit 0, no annotation, an empty SARIF run, "No findings".
        const cleanSpace = await tempTree(
          { 'virt-alias.config.json': GUESTS['virt-alias.config.json'], 'guests/clean.xml': CLEAN_XML },
          { isolate: false },
        );
        await writeFile(summary, '');
        const passed = await bash(lint.run, {
          cwd: cleanSpace,
          env: { ...env, GITHUB_WORKSPACE: cleanSpace },
        });
        expect(passed, shown(passed)).toMatchObject({ code: 0, stdout: '', stderr: '' });
        const cleanSarif = JSON.parse(await readFile(path.join(cleanSpace, sarifFile!), 'utf8')) as {
          runs: { results: unknown[] }[];
        };
        expect(validateSarif(cleanSarif)).toBe(true);
        expect(cleanSarif.runs[0]!.results).toEqual([]);
        expect(await readFile(summary, 'utf8')).toContain('No findings');
      },
      SLOW,
    );
  });

  describe('GitLab CI/CD (docs/ci/gitlab-ci.md)', () => {
    const tools = requires('GitLab CI/CD', ['python3']);

    interface GitlabJob {
      readonly image: string;
      readonly variables: Record<string, string>;
      readonly before_script: string[];
      readonly script: string[];
      readonly artifacts: { when: string; reports: { junit: string; codequality: string } };
    }

    it.skipIf(tools.skip)(
      'before_script installs the tarball; the script writes junit.xml and gl-code-quality.json',
      async ({ expect }) => {
        tools.check();
        const config = (await parseYaml(block(await page('gitlab-ci.md'), 'yaml', 'script:'))) as Record<
          string,
          GitlabJob
        >;
        const job = config['virt-alias']!;
        expect(job.image).toMatch(/^node:20/);
        expect(job.artifacts.when).toBe('always');
        const { junit, codequality } = job.artifacts.reports;
        expect(job.script.join('\n')).toContain(
          `--format junit:${junit} --format gitlab:${codequality} --format stylish`,
        );

        expect(job.variables.VIRT_ALIAS_TARBALL).toMatch(TARBALL_ON_PAGE);

        // The image's global prefix (/usr/local, root) is a temporary directory here.
        const [npm, workspace] = await Promise.all([globalInstall(), tempTree(GUESTS, { isolate: false })]);
        const env = cleanEnv({ ...job.variables, GITLAB_CI: 'true', ...npm.env });
        const installed = await bash(job.before_script.join('\n'), { cwd: workspace, env });
        expect(installed.code, shown(installed)).toBe(0);
        const r = await bash(job.script.join('\n'), { cwd: workspace, env });
        expect(r.code, shown(r)).toBe(1);
        expect(r.stdout).toMatch(STYLISH_FINDING);

        const suites = parseXml(await readFile(path.join(workspace, junit), 'utf8')).root;
        expect(suites.name).toBe('testsuites');
        const cases = elements(suites, 'testcase');
        expect(cases.map((c) => [attr(c, 'classname'), attr(c, 'file'), attr(c, 'name')])).toEqual([
          ['guests/bad', 'guests/bad.xml', 'alias-charset@7:14'],
          ['guests/clean', 'guests/clean.xml', 'virt-alias'],
        ]);
        expect(cases.map((c) => c.children.map((f) => f.name))).toEqual([['failure'], []]);

        const issues = JSON.parse(await readFile(path.join(workspace, codequality), 'utf8')) as unknown;
        expect(issues).toEqual([
          {
            type: 'issue',
            check_name: 'alias-charset',
            description: expect.stringContaining('ua-disk.0') as unknown,
            fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/) as unknown,
            severity: 'major',
            location: { path: 'guests/bad.xml', lines: { begin: 7 } },
          },
        ]);
      },
      SLOW,
    );
  });

  describe('Jenkins (docs/ci/jenkins.md)', () => {
    it(
      "the pipeline's sh steps: the tarball installed in the workspace, checkstyle and junit reports",
      async ({ expect }) => {
        const pipeline = block(await page('jenkins.md'), 'groovy', 'pipeline {');
        const scripts = [...pipeline.matchAll(/'''\n([\s\S]*?)'''/g)].map((m) => m[1]!);
        expect(scripts).toHaveLength(2);
        const install = scripts.find((s) => s.includes('npm install'))!;
        const lint = scripts.find((s) => s.includes(' lint '))!;
        expect(/VIRT_ALIAS_TARBALL = '([^']*)'/.exec(pipeline)?.[1]).toMatch(TARBALL_ON_PAGE);
        const checkstyle = /--format checkstyle:(\S+)/.exec(lint)?.[1];
        const junit = /--format junit:(\S+)/.exec(lint)?.[1];
        expect(pipeline).toContain(
          `checkStyle(id: 'virt-alias', name: 'virt-alias', pattern: '${checkstyle!}')`,
        );
        expect(pipeline).toContain(`testResults: '${junit!}'`);

        const [tarball, workspace] = await Promise.all([
          releaseTarball(),
          tempTree(GUESTS, { isolate: false }),
        ]);
        const env = cleanEnv({
          VIRT_ALIAS_TARBALL: tarball,
          NPM_CONFIG_UPDATE_NOTIFIER: 'false',
          WORKSPACE: workspace,
          JENKINS_URL: 'http://jenkins.invalid/',
        });
        // Jenkins's sh step: /bin/sh -xe.
        const installed = await exec('sh', ['-xe', '-c', install], { cwd: workspace, env });
        expect(installed.code, shown(installed)).toBe(0);
        const r = await exec('sh', ['-xe', '-c', lint], { cwd: workspace, env });
        expect(r.code, shown(r)).toBe(1);
        expect(r.stdout).toMatch(STYLISH_FINDING);

        const report = parseXml(await readFile(path.join(workspace, checkstyle!), 'utf8')).root;
        expect(report.name).toBe('checkstyle');
        // Every linted file is a <file>; the clean one has no <error>.
        const files = elements(report, 'file');
        expect(files.map((f) => [attr(f, 'name'), elements(f, 'error').length])).toEqual([
          ['guests/bad.xml', 1],
          ['guests/clean.xml', 0],
        ]);
        const errors = elements(files[0]!, 'error');
        expect(
          errors.map((e) => [attr(e, 'line'), attr(e, 'column'), attr(e, 'severity'), attr(e, 'source')]),
        ).toEqual([['7', '14', 'error', 'virt-alias.alias-charset']]);
        const suites = parseXml(await readFile(path.join(workspace, junit!), 'utf8')).root;
        expect(elements(suites, 'failure')).toHaveLength(1);
      },
      SLOW,
    );
  });

  describe('Zuul (docs/ci/zuul.md, docs/ci/zuul/)', () => {
    const tools = requires('Zuul', ['git', 'ansible-playbook', 'python3']);
    const yaml = requires('Zuul', ['python3']);

    it.skipIf(yaml.skip)(
      'the job on the page is the shipped one, and runs the shipped playbook',
      async ({ expect }) => {
        yaml.check();
        const onPage = await parseYaml(block(await page('zuul.md'), 'yaml', '- job:'));
        const shipped = await parseYaml(await readFile(path.join(ZUUL, 'zuul.d/virt-alias.yaml'), 'utf8'));
        expect(onPage).toEqual(shipped);
        const [{ job }] = shipped as [{ job: { run: string; vars: Record<string, unknown> } }];
        expect(existsSync(path.join(ZUUL, job.run))).toBe(true);
        const defaults = (await parseYaml(
          await readFile(path.join(ZUUL, 'roles/virt-alias/defaults/main.yaml'), 'utf8'),
        )) as Record<string, unknown>;
        for (const name of Object.keys(job.vars)) expect(defaults).toHaveProperty(name);
      },
      QUICK,
    );

    /** A stand-in for Zuul's zuul_return (only a Zuul executor has it): records its data. */
    const ZUUL_RETURN = `#!/usr/bin/python3
import json
import os

from ansible.module_utils.basic import AnsibleModule

module = AnsibleModule(argument_spec=dict(data=dict(type='dict'), file=dict(type='str'),
                                          secret_data=dict(type='dict', no_log=True)))
with open(os.environ['ZUUL_RETURN_STUB'], 'a') as out:
    out.write(json.dumps(module.params['data']) + '\\n')
module.exit_json(changed=False)
`;

    interface Played extends Run {
      readonly returned: unknown[];
      readonly report: { filePath: string; messages: unknown[] }[] | undefined;
    }

    /** ansible-playbook -i localhost, -c local on the shipped playbook, for the repository `src`. */
    async function play(src: string): Promise<Played> {
      const work = await tempTree({ 'library/zuul_return.py': ZUUL_RETURN }, { isolate: false });
      await chmod(path.join(work, 'library/zuul_return.py'), 0o755);
      const logs = path.join(work, 'logs');
      const returned = path.join(work, 'zuul-return.jsonl');
      const vars = {
        virt_alias_tarball: await releaseTarball(),
        virt_alias_prefix: path.join(work, 'virt-alias'),
        virt_alias_src_dir: src,
        virt_alias_output_dir: logs,
        virt_alias_file_comments: true,
        ansible_python_interpreter: '{{ ansible_playbook_python }}',
      };
      const r = await exec(
        'ansible-playbook',
        [
          '-i',
          'localhost,',
          '-c',
          'local',
          path.join(ZUUL, 'playbooks/virt-alias.yaml'),
          '-e',
          JSON.stringify(vars),
        ],
        {
          cwd: work,
          env: cleanEnv({
            ANSIBLE_ROLES_PATH: path.join(ZUUL, 'roles'),
            ANSIBLE_LIBRARY: path.join(work, 'library'),
            ANSIBLE_HOME: path.join(work, 'ansible'),
            ANSIBLE_LOCAL_TEMP: path.join(work, 'ansible/tmp'),
            ANSIBLE_REMOTE_TEMP: path.join(work, 'ansible/remote-tmp'),
            ANSIBLE_NOCOLOR: '1',
            // Facts are not used when the paths are given; gathering them takes seconds.
            ANSIBLE_GATHERING: 'explicit',
            ZUUL_RETURN_STUB: returned,
          }),
        },
      );
      const read = async (file: string) => (existsSync(file) ? await readFile(file, 'utf8') : undefined);
      const lines = await read(returned);
      const report = await read(path.join(logs, 'virt-alias.json'));
      return {
        ...r,
        returned: (lines ?? '')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as unknown),
        report: report === undefined ? undefined : (JSON.parse(report) as Played['report']),
      };
    }

    it.skipIf(tools.skip)(
      'ansible-playbook: a change adding a finding fails with it, as file comments; a clean change passes',
      async ({ expect }) => {
        tools.check();
        // Both repositories hold an old file with a finding that their change does not touch.
        const base = {
          'virt-alias.config.json': GUESTS['virt-alias.config.json'],
          'legacy/old.xml': BAD_XML,
        };
        const [withFinding, clean] = await Promise.all([
          gitRepository(base, {
            'guests/bad.xml': BAD_XML,
            'guests/clean.xml': CLEAN_XML,
            'README.md': '# vms\n',
          }),
          gitRepository(base, { 'guests/clean.xml': CLEAN_XML }),
        ]);
        const [failed, passed] = await Promise.all([play(withFinding), play(clean)]);

        expect(failed.code, shown(failed)).toBe(2); // ansible-playbook: a task failed
        expect(failed.stdout).toContain('"guests/bad.xml (preset recommended)"');
        expect(failed.stdout).toMatch(/ {2}7:14 {2}error {2}Alias \\"ua-disk\.0\\" .* {2}alias-charset/);
        expect(failed.stdout).toContain('virt-alias exited 1: findings');
        expect(failed.stdout).not.toContain('old.xml');
        expect(
          failed.report?.map((r) => [path.relative(withFinding, r.filePath), r.messages.length]),
        ).toEqual([
          ['guests/bad.xml', 1],
          ['guests/clean.xml', 0],
        ]);
        expect(failed.returned).toEqual([
          {
            zuul: {
              file_comments: {
                'guests/bad.xml': [
                  {
                    line: 7,
                    level: 'error',
                    message: expect.stringMatching(
                      /^Alias "ua-disk\.0" .*\(virt-alias alias-charset\)$/,
                    ) as unknown,
                    range: { start_line: 7, start_character: 13, end_line: 7, end_character: 29 },
                  },
                ],
              },
            },
          },
        ]);

        expect(passed.code, shown(passed)).toBe(0);
        expect(passed.stdout).toMatch(/localhost\s+: ok=\d+ .* failed=0 /);
        expect(passed.stdout).not.toContain('old.xml');
        expect(passed.report?.map((r) => path.relative(clean, r.filePath))).toEqual(['guests/clean.xml']);
        expect(passed.returned).toEqual([]);
      },
      SLOW,
    );
  });
});
