import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../src/config-file.js';
import { BAD_XML, runBin, tempTree } from './helpers.js';

/**
 * A project directory `p/` holding `files`, below tempTree's isolating config (which turns
 * alias-charset on as an error): the path of `p/`.
 */
async function project(files: Readonly<Record<string, string>>): Promise<string> {
  const root = await tempTree(Object.fromEntries(Object.entries(files).map(([k, v]) => [`p/${k}`, v])));
  return path.join(root, 'p');
}

/** BAD_XML has one alias-charset finding at 7:14: each config below turns it into a warning. */
const WARN_JSONC = `{
  // Charset problems are warnings here, while the fleet migrates.
  "rules": {
    "alias-charset": "warn", /* a trailing comma is fine in JSONC */
  },
}
`;

const WARN_YAML = `# yaml-language-server: $schema=./node_modules/virt-alias/config.schema.json
rules:
  alias-charset: warn   # while the fleet migrates
`;

describe('config file formats: JSON, JSONC and YAML', () => {
  it.each([
    ['virt-alias.config.json', '{ "rules": { "alias-charset": "warn" } }\n'],
    ['virt-alias.config.jsonc', WARN_JSONC],
    ['virt-alias.config.yaml', WARN_YAML],
    ['virt-alias.config.yml', WARN_YAML],
  ])('%s is found and applied', async (name, text) => {
    const cwd = await project({ [name]: text, 'vms/bad.xml': BAD_XML });
    const r = await runBin(['lint', 'vms'], cwd);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('7:14  warning');
  });

  it.each([
    ['conf.jsonc', WARN_JSONC],
    ['conf.yaml', WARN_YAML],
  ])('--config %s is read in the format its name says', async (name, text) => {
    const cwd = await project({ [name]: text, 'bad.xml': BAD_XML });
    const r = await runBin(['lint', '--config', name, 'bad.xml'], cwd);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain('7:14  warning');
  });

  it('two config files in one directory: exit 2, naming both', async () => {
    const cwd = await project({
      'virt-alias.config.json': '{}',
      'virt-alias.config.yaml': 'root: true\n',
      'bad.xml': BAD_XML,
    });
    const r = await runBin(['lint', 'bad.xml'], cwd);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'virt-alias: virt-alias.config.json, virt-alias.config.yaml: 2 config files in one directory: keep one\n',
    });
  });
});

describe('config problems at file:line:column, exit 2', () => {
  const lintWith = async (name: string, text: string) => {
    const cwd = await project({ [name]: text, 'bad.xml': BAD_XML });
    return runBin(['lint', 'bad.xml'], cwd);
  };

  it.each([
    [
      'JSON: a bad severity, at the value',
      'virt-alias.config.json',
      '{\n  "rules": {\n    "alias-charset": "loud"\n  }\n}\n',
      'virt-alias.config.json:3:22: /rules/alias-charset: severity must be one of "off", "warn", "error", 0, 1, 2; got "loud"',
    ],
    [
      'JSON: a comment',
      'virt-alias.config.json',
      '{\n  // why\n  "root": true\n}\n',
      'virt-alias.config.json:2:3: invalid JSON: comments are not allowed in JSON (a .jsonc or .yaml config file may have them)',
    ],
    [
      'JSONC: an unknown rule, at its name, after comments',
      'virt-alias.config.jsonc',
      '// team config\n{\n  /* rules */\n  "rules": { "alias-charst": "off", },\n}\n',
      'virt-alias.config.jsonc:4:14: /rules/alias-charst: unknown rule "alias-charst"',
    ],
    [
      'JSONC: a rule option of the wrong type',
      'virt-alias.config.jsonc',
      '{\n  "rules": {\n    "alias-required": ["error", { "devices": "disk" }], // a list\n  },\n}\n',
      'virt-alias.config.jsonc:3:46: /rules/alias-required/1/devices: must be array',
    ],
    [
      'JSONC: a syntax error',
      'virt-alias.config.jsonc',
      '{\n  "preset": "nova" /* c */\n  "root": true\n}\n',
      "virt-alias.config.jsonc:3:3: invalid JSONC: ',' expected",
    ],
    [
      'YAML: a bad preset, at the value',
      'virt-alias.config.yaml',
      '# fleet\nroot: true\npreset: lax\n',
      'virt-alias.config.yaml:3:9: /preset: must be one of "nova", "recommended", "strict"',
    ],
    [
      'YAML: an unknown option, at its name',
      'virt-alias.config.yml',
      'rules:\n  alias-charset:\n    - error\n    - bogus: 1\n',
      'virt-alias.config.yml:4:7: /rules/alias-charset/1/bogus: unknown property "bogus"',
    ],
    [
      'YAML: an override without files',
      'virt-alias.config.yaml',
      'overrides:\n  - rules:\n      alias-charset: off\n',
      "virt-alias.config.yaml:2:5: /overrides/0: must have required property 'files'",
    ],
    [
      'YAML: a key given twice',
      'virt-alias.config.yaml',
      'root: true\nroot: false\n',
      'virt-alias.config.yaml:2:1: invalid YAML: Map keys must be unique',
    ],
    [
      'YAML: two documents',
      'virt-alias.config.yaml',
      'root: true\n---\npreset: nova\n',
      'virt-alias.config.yaml:2:1: invalid YAML: a config file holds one YAML document, not several',
    ],
    [
      'JSON: arrays nested thousands deep, at the first too deep (no stack overflow)',
      'virt-alias.config.json',
      `{\n  "rules": { "alias-required": ${'['.repeat(20000)}${']'.repeat(20000)} }\n}\n`,
      'virt-alias.config.json:2:130: invalid JSON: arrays and objects nested more than 100 deep',
    ],
    [
      'JSONC: the same, a bracket in a comment or a string not counted',
      'virt-alias.config.jsonc',
      `{ /* [[ */ "$schema": "[[[",\n  "rules": ${'['.repeat(20000)}${']'.repeat(20000)} }\n`,
      'virt-alias.config.jsonc:2:111: invalid JSONC: arrays and objects nested more than 100 deep',
    ],
    [
      'YAML: lists nested thousands deep, in words (not a JavaScript stack overflow)',
      'virt-alias.config.yaml',
      `rules: ${'['.repeat(200000)}${']'.repeat(200000)}\n`,
      'invalid YAML: lists and maps nested too deeply to read',
    ],
    [
      'YAML: a syntax error',
      'virt-alias.config.yaml',
      'rules: { alias-charset: warn\n',
      'virt-alias.config.yaml:2:1: invalid YAML:',
    ],
  ])('%s', async (_what, name, text, expected) => {
    const r = await lintWith(name, text);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toContain(expected);
    expect(r.stderr).not.toMatch(/\n {4}at /);
  });
});

describe('a config file that is not UTF-8', () => {
  it.each(['virt-alias.config.json', 'virt-alias.config.yaml'])(
    '%s: exit 2 at its first bad byte, not a glob that silently matches nothing',
    async (name) => {
      const text = name.endsWith('.json')
        ? '{\n  "ignores": ["caf\xe9/"]\n}\n'
        : '# ignored while they migrate\nignores: [caf\xe9/]\n';
      const cwd = await project({ 'bad.xml': BAD_XML });
      await writeFile(path.join(cwd, name), Buffer.from(text, 'latin1'));
      const at = name.endsWith('.json')
        ? '2:19: not valid UTF-8 (byte offset 20)'
        : '2:14: not valid UTF-8 (byte offset 42)';
      expect(await runBin(['lint', 'bad.xml'], cwd)).toEqual({
        code: 2,
        stdout: '',
        stderr: `virt-alias: ${name}:${at}: a config file is read as UTF-8\n`,
      });
    },
  );
});

describe('docs/configuration.md', () => {
  it('its JSON and YAML examples are valid and say the same', async () => {
    const md = await readFile(
      fileURLToPath(new URL('../../../docs/configuration.md', import.meta.url)),
      'utf8',
    );
    const block = (lang: string): string => new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``).exec(md)![1]!;
    const json = parseConfigText(block('json'), 'virt-alias.config.json');
    const yaml = parseConfigText(block('yaml'), 'virt-alias.config.yaml');
    if (!json.ok || !yaml.ok) throw new Error(JSON.stringify([json, yaml]));
    const { $schema, ...rest } = json.config;
    expect($schema).toBe('./node_modules/virt-alias/config.schema.json');
    expect(yaml.config).toEqual(rest);
  });
});
