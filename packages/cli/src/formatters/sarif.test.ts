import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sourceFacts } from '@virt-alias/engine';
import { allRules, summarize, type LintMessage, type LintResult } from '@virt-alias/rules';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import { sarif, SARIF_SCHEMA } from './sarif.js';
import type { FormatterContext } from './types.js';

const SCHEMA_FILE = fileURLToPath(
  new URL('../../../../node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json', import.meta.url),
);
const validate = new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).compile(
  JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object,
);

const cwd = path.resolve('/work/vms');
const file = (name: string): string => path.join(cwd, name);

const SOURCE = [
  `<domain type='kvm'>`,
  `  <devices>`,
  `    <alias name='ua-disk.0'/>`,
  `    <alias name='ua-disk.0'/>`,
  `  </devices>`,
  `</domain>`,
  ``,
].join('\n');

const finding = (line: number, column: number, extra: Partial<LintMessage> = {}): LintMessage => ({
  ruleId: 'alias-charset',
  severity: 2,
  message: 'Alias "ua-disk.0" has ".".',
  messageId: 'badCharacters',
  line,
  column,
  endLine: line,
  endColumn: column + 16,
  ...extra,
});

const fatal: LintMessage = {
  ruleId: null,
  severity: 2,
  message: 'unexpected close tag.',
  line: 2,
  column: 14,
  fatal: true,
};

function format(results: readonly LintResult[], context: Partial<FormatterContext> = {}): Sarif.Log {
  const text = sarif(results, {
    cwd,
    color: true,
    version: '1.2.3',
    sources: new Map(results.map((r) => [r.filePath, sourceFacts(SOURCE, r.messages)])),
    ...context,
  });
  const log = JSON.parse(text) as Sarif.Log;
  const valid = validate(log);
  expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
  expect(valid).toBe(true);
  return log;
}

const run0 = (log: Sarif.Log): Sarif.Run => log.runs[0]!;

describe('sarif', () => {
  it('is checked against a schema that does reject broken logs', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
    expect(
      validate({
        version: '2.1.0',
        runs: [{ tool: { driver: { name: 'x' } }, results: [{ level: 'fatal' }] }],
      }),
    ).toBe(false);
  });

  it.each([
    ['no file', []],
    ['clean files', [summarize(file('a.xml'), []), summarize(file('b.xml'), [])]],
    ['a fatal parse error', [summarize(file('broken.xml'), [fatal])]],
    [
      'findings with fixes and warnings',
      [
        summarize(file('a.xml'), [
          finding(3, 17, { fix: { range: [52, 61], text: 'ua-disk0' } }),
          finding(4, 17, { severity: 1, ruleId: 'identifier-unique', message: 'dup' }),
        ]),
      ],
    ],
    [
      'a file outside cwd and standard input',
      [summarize('/elsewhere/x.xml', [finding(3, 17)]), summarize('<stdin>', [finding(3, 17)])],
    ],
  ])('is valid SARIF 2.1.0 for %s', (_name, results) => {
    const log = format(results);
    expect(log.$schema).toBe(SARIF_SCHEMA);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(run0(log).results).toHaveLength(results.reduce((n, r) => n + r.messages.length, 0));
  });

  it('describes the tool and every rule, levels from the recommended preset', () => {
    const { driver } = run0(format([])).tool;
    expect(driver).toMatchObject({
      name: 'virt-alias',
      version: '1.2.3',
      informationUri: expect.stringMatching(/^https:\/\//) as unknown,
    });
    expect(driver.rules?.map((r) => r.id)).toEqual(allRules.map((r) => r.id));
    const charset = driver.rules?.find((r) => r.id === 'alias-charset');
    expect(charset).toMatchObject({
      shortDescription: { text: expect.any(String) as unknown },
      fullDescription: { text: expect.any(String) as unknown },
      help: {
        text: expect.stringContaining('alias-charset.md') as unknown,
        markdown: expect.stringContaining('](https://') as unknown,
      },
      helpUri: allRules.find((r) => r.id === 'alias-charset')?.meta.docs.url,
      defaultConfiguration: { level: 'error' },
      properties: { tags: expect.arrayContaining(['problem', 'fixable']) as unknown },
    });
    expect(driver.rules?.find((r) => r.id === 'identifier-unique')?.defaultConfiguration).toEqual({
      level: 'warning',
    });
    expect(driver.rules?.some((r) => r.id === 'parse-error')).toBe(false);
  });

  it('locates results relative to %SRCROOT%, the cwd as a file URL', () => {
    const log = format([
      summarize(file('sub dir/a.xml'), [finding(3, 17)]),
      summarize('/elsewhere/x.xml', [finding(3, 17)]),
    ]);
    expect(run0(log).originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: `${pathToFileURL(cwd).href}/` } });
    const [inside, outside] = run0(log).results!;
    expect(inside).toMatchObject({
      ruleId: 'alias-charset',
      ruleIndex: allRules.findIndex((r) => r.id === 'alias-charset'),
      level: 'error',
      message: { text: 'Alias "ua-disk.0" has ".".' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'sub%20dir/a.xml', uriBaseId: '%SRCROOT%' },
            region: { startLine: 3, startColumn: 17, endLine: 3, endColumn: 33 },
          },
        },
      ],
    });
    expect(outside?.locations?.[0]?.physicalLocation?.artifactLocation).toEqual({
      uri: 'file:///elsewhere/x.xml',
    });
  });

  it('reports a parse error as the parse-error rule, listed only then', () => {
    const log = format([summarize(file('broken.xml'), [fatal])]);
    const rules = run0(log).tool.driver.rules!;
    expect(rules.at(-1)).toMatchObject({ id: 'parse-error', defaultConfiguration: { level: 'error' } });
    expect(run0(log).results?.[0]).toMatchObject({
      ruleId: 'parse-error',
      ruleIndex: rules.length - 1,
      level: 'error',
      locations: [{ physicalLocation: { region: { startLine: 2, startColumn: 14 } } }],
    });
  });

  it('turns fixes into SARIF replacements on character offsets', () => {
    const log = format([
      summarize(file('a.xml'), [finding(3, 17, { fix: { range: [52, 61], text: 'ua-disk0' } })]),
    ]);
    expect(run0(log).results?.[0]?.fixes).toEqual([
      {
        description: { text: expect.any(String) as unknown },
        artifactChanges: [
          {
            artifactLocation: { uri: 'a.xml', uriBaseId: '%SRCROOT%' },
            replacements: [
              { deletedRegion: { charOffset: 52, charLength: 9 }, insertedContent: { text: 'ua-disk0' } },
            ],
          },
        ],
      },
    ]);
    const withBom = summarize(file('a.xml'), [finding(3, 17, { fix: { range: [53, 62], text: 'x' } })]);
    const bom = sarif([withBom], {
      cwd,
      color: false,
      sources: new Map([[file('a.xml'), sourceFacts(`\uFEFF${SOURCE}`, withBom.messages)]]),
    });
    expect(bom).toContain('"charOffset": 52');
  });

  it('fingerprints by rule and line content, numbering repeats', () => {
    const hashes = (results: readonly LintResult[], text?: string) =>
      run0(
        format(
          results,
          text === undefined
            ? {}
            : { sources: new Map(results.map((r) => [r.filePath, sourceFacts(text, r.messages)])) },
        ),
      ).results!.map((r) => r.partialFingerprints?.primaryLocationLineHash);
    const [first, second] = hashes([summarize(file('a.xml'), [finding(3, 17), finding(4, 17)])]);
    expect(first).toMatch(/^[0-9a-f]{16}:1$/);
    expect(second).toBe(first!.replace(/:1$/, ':2'));
    // Lines inserted above and re-indentation: the same fingerprints.
    const moved = `<!-- new -->\n\n${SOURCE.replace(/ {4}<alias/g, '<alias')}`;
    expect(hashes([summarize(file('a.xml'), [finding(5, 1), finding(6, 1)])], moved)).toEqual([
      first,
      second,
    ]);
    // Another rule on the same line: another fingerprint.
    const [other] = hashes([summarize(file('a.xml'), [finding(3, 17, { ruleId: 'alias-unique' })])]);
    expect(other).not.toBe(first);
  });

  it('records the run`s severities where they differ from the defaults', () => {
    const log = format([], { severities: new Map([['alias-charset', 1]]) });
    const overrides = run0(log).invocations?.[0]?.ruleConfigurationOverrides ?? [];
    expect(overrides).toContainEqual({
      descriptor: { id: 'alias-charset', index: allRules.findIndex((r) => r.id === 'alias-charset') },
      configuration: { level: 'warning' },
    });
    expect(overrides).toContainEqual(
      expect.objectContaining({
        descriptor: expect.objectContaining({ id: 'alias-required' }) as unknown,
        configuration: { enabled: false },
      }) as unknown,
    );
  });
});
