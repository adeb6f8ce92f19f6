import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findConfigChain, loadConfigFile } from '../src/config-file.js';
import { BAD_XML, onlyAliasCharset, run, tempTree } from './helpers.js';

const json = (value: unknown) => JSON.stringify(value, null, 2);

/** The nearest config file above `from`, as the cascade finds it. */
const nearest = async (from: string) => (await findConfigChain(from, (f) => loadConfigFile(f)))[0]?.file;

describe('config discovery', () => {
  it('finds virt-alias.config.json in the cwd or the nearest directory above', async () => {
    const root = await tempTree({ 'a/b/c/': '' });
    expect(await nearest(path.join(root, 'a/b/c'))).toBe(path.join(root, 'virt-alias.config.json'));
    await writeFile(path.join(root, 'a/virt-alias.config.json'), '{}');
    expect(await nearest(path.join(root, 'a/b/c'))).toBe(path.join(root, 'a/virt-alias.config.json'));
  });

  it('ignores a directory that bears the name', async () => {
    const root = await tempTree({ 'a/virt-alias.config.json/': '' });
    expect(await nearest(path.join(root, 'a'))).toBe(path.join(root, 'virt-alias.config.json'));
  });

  it.each([
    ['dangling', 'nowhere.json', 'no such file or directory (ENOENT)'],
    ['looping', 'virt-alias.config.json', 'too many levels of symbolic links (ELOOP)'],
  ])(
    'a %s symbolic link named virt-alias.config.json is refused with its reason, not skipped',
    async (_what, target, reason) => {
      const root = await tempTree({ 'vms/bad.xml': BAD_XML });
      await symlink(target, path.join(root, 'vms/virt-alias.config.json'));
      const r = await run(['lint', 'bad.xml'], { cwd: path.join(root, 'vms') });
      expect(r.stderr).toBe(`virt-alias: virt-alias.config.json: cannot read config file: ${reason}\n`);
      expect(r.code).toBe(2);
    },
  );

  it('applies the config found above the cwd', async () => {
    const root = await tempTree({
      'virt-alias.config.json': json(onlyAliasCharset('warn')),
      'vms/bad.xml': BAD_XML,
    });
    const r = await run(['lint', 'bad.xml'], { cwd: path.join(root, 'vms') });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('7:14  warning');
  });

  it('--config FILE wins over discovery; --no-config skips it', async () => {
    const cwd = await tempTree({
      'bad.xml': BAD_XML,
      'virt-alias.config.json': json({
        ...onlyAliasCharset(),
        rules: { ...onlyAliasCharset().rules, 'alias-charset': 'off' },
      }),
      'warn.json': json(onlyAliasCharset('warn')),
    });
    expect(await run(['lint', 'bad.xml'], { cwd })).toMatchObject({ code: 0, stdout: '' });
    const explicit = await run(['lint', '--config', 'warn.json', 'bad.xml'], { cwd });
    expect(explicit.stdout).toContain('7:14  warning');
    const none = await run(['lint', '--no-config', 'bad.xml'], { cwd });
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('7:14  error');
  });

  it('--preset and --rule override the file', async () => {
    const cwd = await tempTree({
      'bad.xml': BAD_XML,
      'virt-alias.config.json': json({ preset: 'nova', ...onlyAliasCharset() }),
    });
    const r = await run(['lint', '--rule', 'alias-charset=warn', 'bad.xml'], { cwd });
    expect(r.stdout).toContain('7:14  warning');
  });

  it('accepts a byte-order mark and a $schema key', async () => {
    const cwd = await tempTree({
      'bad.xml': BAD_XML,
      'virt-alias.config.json': `\uFEFF${json({ $schema: './config.schema.json', ...onlyAliasCharset('warn') })}`,
    });
    const r = await run(['lint', 'bad.xml'], { cwd });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain('warning');
  });
});

describe('config problems: exit 2, every problem as <file>:<line>:<column>: <pointer>: <message>', () => {
  const lintWith = async (config: string) => {
    const cwd = await tempTree({ 'bad.xml': BAD_XML, 'virt-alias.config.json': config });
    return run(['lint', 'bad.xml'], { cwd });
  };

  it('an unknown rule', async () => {
    const r = await lintWith(json({ rules: { 'no-such-rule': 'error' } }));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    // At the rule's name: the key is what is wrong.
    expect(r.stderr).toMatch(
      /^virt-alias: virt-alias\.config\.json:3:5: \/rules\/no-such-rule: unknown rule "no-such-rule"/,
    );
  });

  it('a bad severity, a bad option and an unknown key: all of them', async () => {
    const r = await lintWith(
      json({ rules: { 'alias-charset': ['error', { bogus: true }] }, preset: 'lax', extra: 1 }),
    );
    expect(r.code).toBe(2);
    // In the order of the file: the value of "preset" (line 10), then the key "extra" (line 11).
    expect(r.stderr).toMatch(
      /^virt-alias: virt-alias\.config\.json:10:13: \/preset: must be one of .*\nvirt-alias: virt-alias\.config\.json:11:3: \/extra: unknown property "extra"\n$/,
    );
    const r2 = await lintWith(json({ rules: { 'alias-charset': ['error', { bogus: true }] } }));
    expect(r2.stderr).toBe(
      'virt-alias: virt-alias.config.json:6:9: /rules/alias-charset/1/bogus: unknown property "bogus"\n',
    );
    const r3 = await lintWith(json({ rules: { 'alias-charset': 'loud' } }));
    expect(r3.stderr).toContain('virt-alias.config.json:3:22: /rules/alias-charset: severity must be one of');
  });

  it('not an object', async () => {
    const r = await lintWith('[]');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^virt-alias: virt-alias\.config\.json:1:1: \/: must be object\n/);
  });

  it.each([
    ['{\n  "rules": {\n    "alias-charset": "error",\n  }\n}\n', 4, 3, 'double-quoted property name'],
    ['{\n  "preset": "nova"\n  "rules": {}\n}', 3, 3, `',' expected`],
    ['{ "preset": }', 1, 13, 'a value expected'],
    ['', 1, 1, 'a value expected'],
    ['{"rules": {}', 1, 13, `'}' expected`],
    ['{} {}', 1, 4, 'end of file expected after the JSON value'],
    ['{"a": "x\ny"}', 1, 7, 'unterminated string'],
    // A byte-order mark is no column, as editors count.
    ['\uFEFF{,}', 1, 2, 'a value expected'],
    ['{\n  // no comments in .json\n}', 2, 3, 'comments are not allowed in JSON (a .jsonc or .yaml'],
    ['{"rules": {},\n "rules": {}}', 2, 2, 'key "rules" appears twice in one object (also on line 1)'],
  ])('JSON syntax error in %j: line %i, column %i', async (text, line, column, reason) => {
    const r = await lintWith(text);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `virt-alias: virt-alias.config.json:${line}:${column}: invalid JSON: ${r.stderr.split('invalid JSON: ')[1]}`,
    );
    expect(r.stderr).toContain(reason);
  });

  it('--config naming a missing file or a directory', async () => {
    const cwd = await tempTree({ 'bad.xml': BAD_XML, 'conf.d/': '' });
    const missing = await run(['lint', '--config', 'nope.json', 'bad.xml'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      'virt-alias: nope.json: cannot read config file: no such file or directory (ENOENT)\n',
    );
    const dir = await run(['lint', '--config', 'conf.d', 'bad.xml'], { cwd });
    expect(dir.code).toBe(2);
    expect(dir.stderr).toContain('conf.d: cannot read config file: not a regular file: a directory');
  });

  it('names a config found above the cwd by its absolute path', async () => {
    const root = await tempTree({ 'virt-alias.config.json': '{"rules": 1}', 'sub/bad.xml': BAD_XML });
    await mkdir(path.join(root, 'sub'), { recursive: true });
    const r = await run(['lint', 'bad.xml'], { cwd: path.join(root, 'sub') });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `virt-alias: ${path.join(root, 'virt-alias.config.json')}:1:11: /rules: must be object\n`,
    );
  });
});
