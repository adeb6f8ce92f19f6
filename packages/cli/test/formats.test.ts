/**
 * `lint --format` end to end (in-process): every format under every exit condition, several
 * formats in one run, `--output-file`, and GitHub's job summary.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseXml } from '@virt-alias/parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { FORMAT_NAMES } from '../src/formatters/index.js';
import { BAD_XML, CLEAN_XML, MALFORMED_XML, run, runBin, tempTree } from './helpers.js';

const SARIF_SCHEMA = fileURLToPath(
  new URL('../../../node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json', import.meta.url),
);
const validateSarif = new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).compile(
  JSON.parse(await readFile(SARIF_SCHEMA, 'utf8')) as object,
);

/** Checks `text` is what `format` writes for `findings` findings; throws otherwise. */
function checkOutput(format: string, text: string, findings: number): void {
  const lines = text.split('\n').filter((l) => l !== '');
  switch (format) {
    case 'stylish':
      if (findings === 0) expect(text).toBe('');
      else
        expect(text).toMatch(
          /✖ \d+ problems? \(\d+ errors?, \d+ warnings?\)\n( {2}\d+ problems? fixable with `virt-alias fix`\n)?$/,
        );
      return;
    case 'json':
      expect((JSON.parse(text) as { messages: unknown[] }[]).flatMap((r) => r.messages)).toHaveLength(
        findings,
      );
      return;
    case 'gitlab':
      expect(JSON.parse(text) as unknown[]).toHaveLength(findings);
      return;
    case 'sarif': {
      const log = JSON.parse(text) as { runs: { results: unknown[] }[] };
      expect(validateSarif(log), JSON.stringify(validateSarif.errors)).toBe(true);
      expect(log.runs[0]?.results).toHaveLength(findings);
      return;
    }
    case 'junit': {
      const root = parseXml(text).root;
      expect(root.name).toBe('testsuites');
      const failures = root.attributes.find((a) => a.name === 'failures')?.value;
      const errors = root.attributes.find((a) => a.name === 'errors')?.value;
      expect(Number(failures) + Number(errors)).toBe(findings);
      return;
    }
    case 'checkstyle':
      expect(parseXml(text).root.name).toBe('checkstyle');
      expect(text.match(/<error /g) ?? []).toHaveLength(findings);
      return;
    case 'compact':
      expect(lines).toHaveLength(findings);
      for (const l of lines) expect(l).toMatch(/^\S+:\d+:\d+: (error|warning) .+ \[[a-z-]+\]$/);
      return;
    case 'github':
      expect(lines).toHaveLength(findings);
      for (const l of lines)
        expect(l).toMatch(
          /^::(error|warning) file=[^,]+,line=\d+,col=\d+(,endLine=\d+,endColumn=\d+)?,title=[a-z-]+::.+$/,
        );
      return;
    case 'markdown':
      expect(text).toMatch(/^### virt-alias\n/);
      if (findings === 0) expect(text).toContain('No findings');
      else expect(lines.filter((l) => /^\| \S+\.xml \|/.test(l))).toHaveLength(findings);
      return;
    default:
      throw new Error(`no check for format ${format}`);
  }
}

const CASES = [
  { name: 'clean', file: CLEAN_XML, flags: [], code: 0, findings: 0 },
  {
    name: 'warnings within --max-warnings',
    file: BAD_XML,
    flags: ['--rule', 'alias-charset=warn', '--max-warnings', '1'],
    code: 0,
    findings: 1,
  },
  {
    name: 'warnings over --max-warnings',
    file: BAD_XML,
    flags: ['--rule', 'alias-charset=warn', '--max-warnings', '0'],
    code: 1,
    findings: 1,
  },
  { name: 'errors', file: BAD_XML, flags: [], code: 1, findings: 1 },
  { name: 'a fatal parse error', file: MALFORMED_XML, flags: [], code: 1, findings: 1 },
] as const;

describe('every format exits alike', () => {
  it('covers every registered format', () => {
    for (const format of FORMAT_NAMES) {
      expect(() => {
        checkOutput(format, '', 0);
      }).not.toThrow(/no check/);
    }
  });

  describe.each(FORMAT_NAMES)('%s', (format) => {
    it.each(CASES)(
      '$name: exit $code, valid output on stdout and in a file',
      async ({ file, flags, code, findings }) => {
        const cwd = await tempTree({ 'vm.xml': file });
        const stdout = await run(['lint', '--format', format, ...flags, 'vm.xml'], { cwd });
        expect(stdout.code).toBe(code);
        checkOutput(format, stdout.stdout, findings);
        const toFile = await run(
          ['lint', '--format', format, '--output-file', 'out/report', ...flags, 'vm.xml'],
          { cwd },
        );
        expect(toFile.code).toBe(code);
        expect(toFile.stdout).toBe('');
        checkOutput(format, await readFile(path.join(cwd, 'out/report'), 'utf8'), findings);
      },
    );
  });
});

describe('--format and --output-file', () => {
  it('writes several formats at once, each to its NAME:FILE, creating directories', async () => {
    const cwd = await tempTree({ 'bad.xml': BAD_XML });
    const r = await run(
      [
        'lint',
        '-f',
        'sarif:reports/virt-alias.sarif',
        '--format=junit:reports/deep/junit.xml',
        '-f',
        'compact',
        'bad.xml',
      ],
      { cwd },
    );
    expect(r).toMatchObject({ code: 1, stderr: '' });
    checkOutput('compact', r.stdout, 1);
    checkOutput('sarif', await readFile(path.join(cwd, 'reports/virt-alias.sarif'), 'utf8'), 1);
    checkOutput('junit', await readFile(path.join(cwd, 'reports/deep/junit.xml'), 'utf8'), 1);
    // Atomic writes leave no temporary file behind.
    expect((await readdir(path.join(cwd, 'reports'))).sort()).toEqual(['deep', 'virt-alias.sarif']);
  });

  it('the older -f X -o FILE form: the n-th --output-file goes with the n-th --format without a file', async () => {
    const cwd = await tempTree({ 'bad.xml': BAD_XML });
    const r = await run(
      [
        'lint',
        '-f',
        'sarif',
        '-o',
        'a.sarif',
        '--format=junit',
        '--output-file=j.xml',
        '-f',
        'compact:c.txt',
        'bad.xml',
      ],
      { cwd },
    );
    expect(r).toMatchObject({ code: 1, stdout: '', stderr: '' });
    checkOutput('sarif', await readFile(path.join(cwd, 'a.sarif'), 'utf8'), 1);
    checkOutput('junit', await readFile(path.join(cwd, 'j.xml'), 'utf8'), 1);
    checkOutput('compact', await readFile(path.join(cwd, 'c.txt'), 'utf8'), 1);
  });

  it('--output-file without --format is the default stylish; with one --format, that one', async () => {
    const cwd = await tempTree({ 'bad.xml': BAD_XML });
    const only = await run(['lint', '-o', 'only.txt', 'bad.xml'], { cwd });
    expect(only).toMatchObject({ code: 1, stdout: '' });
    checkOutput('stylish', await readFile(path.join(cwd, 'only.txt'), 'utf8'), 1);
    const r = await run(['lint', '-o', 'r.json', '--format', 'json', 'bad.xml'], { cwd });
    expect(r).toMatchObject({ code: 1, stdout: '' });
    checkOutput('json', await readFile(path.join(cwd, 'r.json'), 'utf8'), 1);
  });

  it('writes an empty file for empty output, replaces an existing one, and -o - is stdout', async () => {
    const cwd = await tempTree({ 'clean.xml': CLEAN_XML, 'bad.xml': BAD_XML, 'out.txt': 'old content\n' });
    expect((await run(['lint', '-f', 'compact', '-o', 'out.txt', 'clean.xml'], { cwd })).code).toBe(0);
    expect(await readFile(path.join(cwd, 'out.txt'), 'utf8')).toBe('');
    const dash = await run(['lint', '-f', 'compact', '-o', '-', 'bad.xml'], { cwd });
    checkOutput('compact', dash.stdout, 1);
    expect(existsSync(path.join(cwd, '-'))).toBe(false);
  });

  it('pairs only options: values of other options and paths after -- are not formats', async () => {
    const cwd = await tempTree({ '-f': BAD_XML, '-o': BAD_XML });
    const r = await run(
      ['lint', '--rule', 'alias-charset=warn', '-f', 'json', '-o', 'r.json', '--', '-f', '-o'],
      {
        cwd,
      },
    );
    expect(r).toMatchObject({ code: 0, stdout: '' });
    checkOutput('json', await readFile(path.join(cwd, 'r.json'), 'utf8'), 2);
  });

  it('never colours a file, nor a format other than stylish', async () => {
    const cwd = await tempTree({ 'bad.xml': BAD_XML });
    const r = await run(['lint', '--color', '-f', 'stylish:color.txt', '-f', 'compact', 'bad.xml'], {
      cwd,
      isTTY: true,
    });
    expect(r.stdout).not.toContain('\u001b[');
    expect(await readFile(path.join(cwd, 'color.txt'), 'utf8')).not.toContain('\u001b[');
    const tty = await run(['lint', '-f', 'json:r.json', '-f', 'stylish', 'bad.xml'], {
      cwd,
      isTTY: true,
    });
    expect(tty.stdout).toContain('\u001b[');
  });

  it('--quiet applies to files too', async () => {
    const cwd = await tempTree({ 'bad.xml': BAD_XML });
    const r = await run(
      ['lint', '--quiet', '--rule', 'alias-charset=warn', '-f', 'gitlab', '-o', 'q.json', 'bad.xml'],
      { cwd },
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(await readFile(path.join(cwd, 'q.json'), 'utf8'))).toEqual([]);
  });

  it.each([
    [['-f', 'json', '-f', 'compact'], 'only one format can write to standard output, not json and compact'],
    [
      ['-o', 'a.txt', '-f', 'json', '-f', 'stylish'],
      'cannot tell which --format each --output-file belongs to (2 --format without a file, 1 --output-file): give the file with its format, as in --format json:FILE',
    ],
    [['-f', 'stylish', '-f', 'sarif', '-o', 'a.sarif'], 'as in --format stylish:FILE'],
    [['-f', 'json', '-o', 'a.json', '-o', 'b.json'], '(1 --format without a file, 2 --output-file)'],
    [['-f', 'json:same', '-f', 'sarif:./same'], 'the output file ./same is given twice'],
    [['-f', 'json', '-o', 'same', '-f', 'sarif', '-o', './same'], 'the output file ./same is given twice'],
    [['-f', 'xml', '-o', 'x'], 'unknown format "xml": use one of stylish, json, compact, sarif, junit'],
    [['-f', 'json:'], '--format json: no file after the colon (NAME:FILE)'],
    [['-f', 'json', '--output-file'], 'Not enough arguments following: output-file'],
  ])('usage error %j: exit 2, nothing written', async (flags, expected) => {
    const cwd = await tempTree({ 'bad.xml': BAD_XML });
    const r = await run(['lint', 'bad.xml', ...flags], { cwd });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(expected);
    expect(r.stderr).toContain("Run 'virt-alias lint --help' for usage.");
    expect((await readdir(cwd)).sort()).toEqual(['bad.xml', 'virt-alias.config.json']);
  });

  it('a file that cannot be written: exit 2 with the reason, before anything is linted or written', async () => {
    const cwd = await tempTree({ 'clean.xml': CLEAN_XML, blocker: 'a file, not a directory\n' });
    const r = await run(['lint', '-f', 'sarif:blocker/r.sarif', '-f', 'junit:ok.xml', 'clean.xml'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `virt-alias: cannot write blocker/r.sarif: ${path.join(cwd, 'blocker')} is not a directory\n`,
    );
    expect((await readdir(cwd)).sort()).toEqual(['blocker', 'clean.xml', 'virt-alias.config.json']);
  });

  it('lint --help explains NAME:FILE and --output-file, and names every format', async () => {
    const r = await run(['lint', '--help'], { cwd: await tempTree() });
    expect(r.stdout).toContain('--output-file');
    expect(r.stdout).toMatch(/as\s+NAME:FILE,\s+to\s+FILE/);
    expect(r.stdout).toMatch(/-f\s+stylish\s+-f\s+sarif:a\.sarif/);
    for (const format of FORMAT_NAMES) expect(r.stdout).toMatch(new RegExp(`[ ,]${format}[,\\]]`));
  });

  it('warns on stderr when an output file is named like a format (lint -o json f.xml)', async () => {
    const cwd = await tempTree({ 'bad.xml': BAD_XML });
    const r = await runBin(['lint', '-o', 'json', 'bad.xml'], cwd);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'virt-alias: warning: the stylish output goes to a file named "json", a format\'s name: for that format, write --format json (-f, not -o)\n',
    );
    checkOutput('stylish', await readFile(path.join(cwd, 'json'), 'utf8'), 1);
    const named = await runBin(['lint', '-f', 'json:junit', 'bad.xml'], cwd);
    expect(named.stderr).toContain('the json output goes to a file named "junit"');
    expect((await runBin(['lint', '-f', 'json:r.json', 'bad.xml'], cwd)).stderr).toBe('');
  });
});

/** A domain with `count` disks, each with one alias-charset error. */
function manyBadDisks(count: number): string {
  const disks = Array.from(
    { length: count },
    (_, i) =>
      `    <disk type='file' device='disk'><source file='/i/${i}.qcow2'/>` +
      `<target dev='vd${i}' bus='virtio'/><alias name='ua-disk.${i}'/></disk>`,
  );
  return `<domain type='kvm'>\n  <name>big</name>\n  <devices>\n${disks.join('\n')}\n  </devices>\n</domain>\n`;
}

describe('GITHUB_STEP_SUMMARY', () => {
  it("stays under GitHub's 1 MiB: the findings that do not fit are counted", async () => {
    const cwd = await tempTree({ 'big.xml': manyBadDisks(8000) });
    const summary = path.join(cwd, 'summary.md');
    const r = await run(['lint', '-f', 'github', 'big.xml'], { cwd, env: { GITHUB_STEP_SUMMARY: summary } });
    expect(r.code).toBe(1);
    // Every annotation is still on stdout.
    expect(r.stdout.split('\n').filter((l) => l.startsWith('::error '))).toHaveLength(8000);
    const text = await readFile(summary);
    expect(text.length).toBeLessThanOrEqual(1_000_001);
    expect(text.length).toBeGreaterThan(900_000);
    const md = text.toString('utf8');
    expect(md).toContain('**8000 errors, 0 warnings** in 1 of 1 file.');
    const shown = md.split('\n').filter((l) => l.startsWith('| big.xml |')).length;
    expect(shown).toBeGreaterThan(1000);
    expect(
      md.endsWith(`\n... and ${8000 - shown} more findings: see the annotations or the SARIF report.\n`),
    ).toBe(true);
  });

  it('gets the markdown summary appended with --format github; stdout keeps the commands only', async () => {
    const cwd = await tempTree({ 'bad.xml': BAD_XML });
    const summary = path.join(cwd, 'summary.md');
    await writeFile(summary, 'earlier step\n');
    const r = await run(['lint', '-f', 'github', 'bad.xml'], { cwd, env: { GITHUB_STEP_SUMMARY: summary } });
    expect(r.code).toBe(1);
    checkOutput('github', r.stdout, 1);
    const text = await readFile(summary, 'utf8');
    expect(text.startsWith('earlier step\n### virt-alias\n')).toBe(true);
    checkOutput('markdown', text.slice('earlier step\n'.length), 1);
  });

  it('is left alone by other formats, and a failure to append is exit 2', async () => {
    const cwd = await tempTree({ 'bad.xml': BAD_XML });
    const summary = path.join(cwd, 'summary.md');
    await writeFile(summary, '');
    await run(['lint', '-f', 'sarif', 'bad.xml'], { cwd, env: { GITHUB_STEP_SUMMARY: summary } });
    expect(await readFile(summary, 'utf8')).toBe('');
    const r = await run(['lint', '-f', 'github', 'bad.xml'], {
      cwd,
      env: { GITHUB_STEP_SUMMARY: path.join(cwd, 'no/such/dir/s.md') },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot write GITHUB_STEP_SUMMARY');
  });
});

describe('the preset that judged each file', () => {
  const NOVA_BAD = BAD_XML.replace(
    /(<domain[^>]*>)/,
    `$1\n  <metadata>\n    <nova:instance xmlns:nova="http://openstack.org/xmlns/libvirt/nova/1.1"/>\n  </metadata>`,
  );

  it('is named in the stylish header, in JSON and in the SARIF result properties', async () => {
    const cwd = await tempTree({ 'nova.xml': NOVA_BAD, 'plain.xml': BAD_XML });
    const stylish = await run(['lint', 'nova.xml', 'plain.xml'], { cwd });
    expect(stylish.stdout).toContain('nova.xml (preset nova)\n');
    expect(stylish.stdout).toContain('plain.xml (preset recommended)\n');

    const json = await run(['lint', '--format', 'json', 'nova.xml', 'plain.xml'], { cwd });
    const results = JSON.parse(json.stdout) as { filePath: string; preset: string }[];
    expect(results.map((r) => [path.basename(r.filePath), r.preset])).toEqual([
      ['nova.xml', 'nova'],
      ['plain.xml', 'recommended'],
    ]);

    const sarif = await run(['lint', '--format', 'sarif', 'nova.xml', 'plain.xml'], { cwd });
    const log = JSON.parse(sarif.stdout) as {
      runs: {
        results: {
          properties?: { preset?: string };
          locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
        }[];
      }[];
    };
    expect(
      log.runs[0]!.results.map((r) => [
        r.locations[0]!.physicalLocation.artifactLocation.uri,
        r.properties?.preset,
      ]),
    ).toEqual([
      ['nova.xml', 'nova'],
      ['plain.xml', 'recommended'],
    ]);
  });

  it('--preset judges every file by the one given', async () => {
    const cwd = await tempTree({ 'nova.xml': NOVA_BAD });
    const r = await run(['lint', '--preset', 'strict', 'nova.xml'], { cwd });
    expect(r.stdout).toContain('nova.xml (preset strict)\n');
  });
});
