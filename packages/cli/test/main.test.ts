import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { BAD_XML, CLEAN_XML, MALFORMED_XML, NETWORK_XML, run, tempTree } from './helpers.js';

describe('exit codes', () => {
  it('0: no finding, nothing on stdout', async () => {
    const cwd = await tempTree({ 'ok.xml': CLEAN_XML });
    expect(await run(['lint', 'ok.xml'], { cwd })).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('1: an error-severity finding', async () => {
    const cwd = await tempTree({ 'bad.xml': BAD_XML });
    const r = await run(['lint', 'bad.xml'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('bad.xml (preset recommended)\n  7:14  error  Alias "ua-disk.0"');
    expect(r.stderr).toBe('');
  });

  it('1: a parse failure is an error finding with line and column', async () => {
    const cwd = await tempTree({ 'mal.xml': MALFORMED_XML });
    const r = await run(['lint', 'mal.xml'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/mal\.xml\n {2}2:\d+ {2}error {2}\S/);
    expect(r.stdout).toContain('1 problem (1 error, 0 warnings)');
  });

  it('0: warnings alone', async () => {
    const cwd = await tempTree({ 'bad.xml': BAD_XML });
    const r = await run(['lint', '--rule', 'alias-charset=warn', 'bad.xml'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('7:14  warning');
  });

  it('1: more warnings than --max-warnings, with a message on stderr', async () => {
    const cwd = await tempTree({ 'a.xml': BAD_XML, 'b.xml': BAD_XML });
    const args = ['lint', '--rule', 'alias-charset=warn', 'a.xml', 'b.xml'];
    const over = await run([...args, '--max-warnings', '1'], { cwd });
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('too many warnings: 2 found, at most 1 allowed');
    const within = await run([...args, '--max-warnings', '2'], { cwd });
    expect(within).toMatchObject({ code: 0, stderr: '' });
  });

  it('2: usage error, with a hint to run --help and no stack', async () => {
    const cwd = await tempTree();
    const r = await run(['lint', '--no-such-option', 'x.xml'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^virt-alias: unknown option --no-such-option\n/);
    expect(r.stderr).toContain(`Run 'virt-alias lint --help' for usage.`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('2 takes precedence over findings', async () => {
    const cwd = await tempTree({ 'bad.xml': BAD_XML });
    const r = await run(['lint', 'bad.xml', 'missing.xml'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('7:14');
  });

  it('2: an internal error is caught, named, and has no stack unless VIRT_ALIAS_DEBUG=1', async () => {
    const cwd = await tempTree({ 'bad.xml': BAD_XML });
    const io = (env: Record<string, string>) => {
      let stderr = '';
      return {
        io: {
          stdout: {
            write: () => {
              throw new Error('disk full');
            },
          },
          stderr: { write: (s: string) => (stderr += s) },
          stdin: Readable.from([]),
          cwd,
          env,
          isTTY: false,
        },
        stderr: () => stderr,
      };
    };
    const quiet = io({});
    expect(await main(['lint', 'bad.xml'], quiet.io)).toBe(2);
    expect(quiet.stderr()).toBe('virt-alias: internal error: disk full\n');
    const debug = io({ VIRT_ALIAS_DEBUG: '1' });
    expect(await main(['lint', 'bad.xml'], debug.io)).toBe(2);
    expect(debug.stderr()).toMatch(/internal error: disk full\nError: disk full\n\s+at /);
  });
});

describe('arguments', () => {
  it('--version prints the package version', async () => {
    const r = await run(['--version'], { cwd: await tempTree() });
    expect(r).toEqual({
      code: 0,
      stdout: expect.stringMatching(/^\d+\.\d+\.\d+\S*\n$/) as string,
      stderr: '',
    });
  });

  it('--help lists the commands and the exit codes', async () => {
    const r = await run(['--help'], { cwd: await tempTree() });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('virt-alias lint');
    expect(r.stdout).toContain('virt-alias rules');
    expect(r.stdout).toContain('Exit codes:');
    expect(r.stderr).toBe('');
  });

  it('lint --help lists the options', async () => {
    const r = await run(['lint', '--help'], { cwd: await tempTree() });
    expect(r.code).toBe(0);
    for (const option of [
      '--format',
      '--quiet',
      '--max-warnings',
      '--preset',
      '--rule',
      '--config',
      '--color',
    ]) {
      expect(r.stdout).toContain(option);
    }
  });

  it.each([
    [[], 'no command given'],
    [['frob'], 'unknown command "frob"'],
    [['lint'], 'no path given'],
    [['lint', '--format', 'xml', 'a.xml'], 'format'],
    [['lint', '--format'], 'format'],
    [['lint', '--preset', 'lax', 'a.xml'], 'preset'],
    [['lint', '--max-warnings', 'many', 'a.xml'], '--max-warnings'],
    [['lint', '--max-warnings', '1.5', 'a.xml'], '--max-warnings'],
    [['lint', '--rule', 'alias-charset', 'a.xml'], 'expected RULE=off|warn|error'],
    [['lint', '--rule', 'no-such-rule=error', 'a.xml'], 'unknown rule "no-such-rule"'],
    [['lint', '--rule', 'alias-charset=loud', 'a.xml'], 'got "loud"'],
    [['lint', '--rule', 'alias-charset=["error",{"x":1}]', 'a.xml'], 'unknown property "x"'],
    [['lint', '--rule', 'alias-charset=[error', 'a.xml'], 'not a JSON array'],
    [['lint', '--stdin-filename', 'vm.xml', 'a.xml'], 'give - among the paths'],
    [['rules', 'extra'], 'unexpected argument "extra"'],
    [['rules', '--format', 'stylish'], 'format'],
  ])('usage error %j: exit 2, %s', async (argv, expected) => {
    const cwd = await tempTree({ 'a.xml': CLEAN_XML });
    const r = await run(argv, { cwd });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(expected);
    expect(r.stderr).toMatch(/Run 'virt-alias (lint |rules )?--help' for usage\.\n$/);
  });

  it.each(['fix', 'audit', 'apply'])(
    '%s --rule with a bad value: the hint names that command, not lint',
    async (command) => {
      const cwd = await tempTree({ 'a.xml': CLEAN_XML });
      const r = await run([command, '--rule', 'alias-charset=loud', 'a.xml'], { cwd });
      expect(r).toMatchObject({ code: 2, stdout: '' });
      expect(r.stderr).toMatch(
        new RegExp(`got "loud"\\nRun 'virt-alias ${command} --help' for usage\\.\\n$`),
      );
    },
  );

  it('--rule is repeatable, the last one for a rule wins, and it beats the config file', async () => {
    const cwd = await tempTree({ 'bad.xml': BAD_XML });
    const off = await run(
      ['lint', '--rule', 'alias-charset=warn', '--rule', 'alias-charset=off', 'bad.xml'],
      {
        cwd,
      },
    );
    expect(off).toMatchObject({ code: 0, stdout: '' });
    const numeric = await run(['lint', '--rule', 'alias-charset=1', 'bad.xml'], { cwd });
    expect(numeric.stdout).toContain('warning');
    const array = await run(['lint', '--rule', 'alias-charset=["warn",{}]', 'bad.xml'], { cwd });
    expect(array.stdout).toContain('warning');
  });

  it('--quiet drops warnings and notices, keeps errors', async () => {
    const cwd = await tempTree({ 'bad.xml': BAD_XML, 'net.xml': NETWORK_XML });
    const warn = await run(['lint', '--quiet', '--rule', 'alias-charset=warn', 'bad.xml', 'net.xml'], {
      cwd,
    });
    expect(warn).toEqual({ code: 0, stdout: '', stderr: '' });
    const json = await run(
      ['lint', '--quiet', '--format', 'json', '--rule', 'alias-charset=warn', 'bad.xml'],
      {
        cwd,
      },
    );
    expect(JSON.parse(json.stdout)).toMatchObject([{ messages: [], warningCount: 0 }]);
    const error = await run(['lint', '--quiet', 'bad.xml'], { cwd });
    expect(error.code).toBe(1);
    expect(error.stdout).toContain('7:14  error');
  });

  it('--quiet still counts hidden warnings against --max-warnings, as ESLint does', async () => {
    const cwd = await tempTree({ 'bad.xml': BAD_XML });
    const r = await run(
      ['lint', '--quiet', '--max-warnings', '0', '--rule', 'alias-charset=warn', 'bad.xml'],
      {
        cwd,
      },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('too many warnings: 1 found');
  });

  it('a repeated scalar option: the last one wins', async () => {
    const cwd = await tempTree({ 'bad.xml': BAD_XML });
    const r = await run(['lint', '--preset', 'strict', '--preset', 'nova', '--format', 'json', 'bad.xml'], {
      cwd,
    });
    expect(() => JSON.parse(r.stdout) as unknown).not.toThrow();
  });

  it('two formats on stdout are a usage error: each other one needs its --output-file', async () => {
    const cwd = await tempTree({ 'bad.xml': BAD_XML });
    const r = await run(['lint', '--format', 'stylish', '--format', 'json', 'bad.xml'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });

  it('paths after -- are paths, even when they look like options', async () => {
    const cwd = await tempTree({ '--weird.xml': BAD_XML });
    const r = await run(['lint', '--', '--weird.xml'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('--weird.xml (preset recommended)\n');
  });

  it('--preset is accepted and resolved', async () => {
    const cwd = await tempTree({ 'bad.xml': BAD_XML });
    for (const preset of ['nova', 'recommended', 'strict']) {
      const r = await run(['lint', '--preset', preset, 'bad.xml'], { cwd });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('alias-charset');
    }
  });
});

describe('colour', () => {
  const colored = (r: { stdout: string }) => r.stdout.includes('\u001b[');

  it('is off when stdout is not a terminal, on when it is', async () => {
    const cwd = await tempTree({ 'bad.xml': BAD_XML });
    expect(colored(await run(['lint', 'bad.xml'], { cwd }))).toBe(false);
    expect(colored(await run(['lint', 'bad.xml'], { cwd, isTTY: true }))).toBe(true);
  });

  it('honours NO_COLOR and FORCE_COLOR; --color and --no-color win', async () => {
    const cwd = await tempTree({ 'bad.xml': BAD_XML });
    expect(colored(await run(['lint', 'bad.xml'], { cwd, isTTY: true, env: { NO_COLOR: '1' } }))).toBe(false);
    expect(colored(await run(['lint', 'bad.xml'], { cwd, env: { FORCE_COLOR: '1' } }))).toBe(true);
    expect(colored(await run(['lint', '--color', 'bad.xml'], { cwd, env: { NO_COLOR: '1' } }))).toBe(true);
    expect(colored(await run(['lint', '--no-color', 'bad.xml'], { cwd, isTTY: true }))).toBe(false);
  });

  it('never colours json', async () => {
    const cwd = await tempTree({ 'bad.xml': BAD_XML });
    expect(colored(await run(['lint', '--color', '--format', 'json', 'bad.xml'], { cwd }))).toBe(false);
  });
});
