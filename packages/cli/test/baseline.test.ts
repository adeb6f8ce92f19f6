import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BAD_XML, CLEAN_XML, MALFORMED_XML, run, tempTree } from './helpers.js';

/** Two disks with an alias-charset error each. */
const TWO_BAD = BAD_XML.replace(
  '  </devices>',
  `    <disk type='file' device='disk'>\n      <source file='/b.qcow2'/>\n      <target dev='vdb' bus='virtio'/>\n      <alias name='ua-disk.1'/>\n    </disk>\n  </devices>`,
);

describe('--baseline / --update-baseline', () => {
  it('records the findings, then reports only new ones', async () => {
    const cwd = await tempTree({ 'vms/a.xml': BAD_XML, 'vms/b.xml': CLEAN_XML });
    const update = await run(['lint', '--baseline', 'baseline.json', '--update-baseline', 'vms'], { cwd });
    expect(update).toMatchObject({ code: 0, stdout: '' });
    expect(update.stderr).toContain('wrote 1 finding(s) of 2 file(s) to the baseline baseline.json');
    const saved = JSON.parse(await readFile(path.join(cwd, 'baseline.json'), 'utf8')) as unknown;
    expect(saved).toEqual({
      version: 1,
      findings: [
        {
          file: 'vms/a.xml',
          domain: 'test',
          device: 'disk:vda',
          rule: 'alias-charset',
          messageId: 'badCharacters',
          count: 1,
        },
      ],
    });

    const known = await run(['lint', '--baseline', 'baseline.json', 'vms'], { cwd });
    expect(known).toMatchObject({ code: 0, stdout: '' });
    expect(known.stderr).toContain('1 finding(s) known to the baseline baseline.json not reported');

    // A new finding on another device, and one in a new file, are reported.
    await writeFile(path.join(cwd, 'vms/a.xml'), TWO_BAD);
    await writeFile(path.join(cwd, 'vms/b.xml'), BAD_XML);
    const fresh = await run(['lint', '--baseline', 'baseline.json', '--format', 'json', 'vms'], { cwd });
    expect(fresh.code).toBe(1);
    const results = JSON.parse(fresh.stdout) as {
      filePath: string;
      messages: { line: number; device: string }[];
      errorCount: number;
    }[];
    expect(
      results.map((r) => [path.basename(r.filePath), r.messages.map((m) => m.device), r.errorCount]),
    ).toEqual([
      ['a.xml', ['disk:vdb'], 1],
      ['b.xml', ['disk:vda'], 1],
    ]);
  });

  it('survives reformatting and moved lines', async () => {
    const cwd = await tempTree({ 'a.xml': BAD_XML });
    await run(['lint', '--baseline', 'b.json', '--update-baseline', 'a.xml'], { cwd });
    const moved = `<!-- moved down -->\n\n${BAD_XML.replace(/\n {2}/g, '\n\t').replace(/'/g, '"')}`;
    await writeFile(path.join(cwd, 'a.xml'), moved);
    expect(await run(['lint', '--baseline', 'b.json', 'a.xml'], { cwd })).toMatchObject({
      code: 0,
      stdout: '',
    });
  });

  it('counts: a second finding of the same kind on the same device is new', async () => {
    const extra = (n: number) =>
      CLEAN_XML.replace(
        `<alias name='ua-disk0'/>`,
        `<alias name='ua-disk0'/>${`<alias name='ua-x'/>`.repeat(n)}`,
      );
    const cwd = await tempTree({ 'a.xml': extra(1) });
    const flags = ['lint', '--rule', 'alias-placement=error', '--baseline', 'b.json'];
    await run([...flags, '--update-baseline', 'a.xml'], { cwd });
    expect((await run([...flags, 'a.xml'], { cwd })).code).toBe(0);
    await writeFile(path.join(cwd, 'a.xml'), extra(2));
    const r = await run([...flags, '--format', 'json', 'a.xml'], { cwd });
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { messages: { ruleId: string }[] }[])[0]!.messages).toMatchObject([
      { ruleId: 'alias-placement', messageId: 'extra', device: 'disk:vda' },
    ]);
  });

  it('never accepts a file that does not parse', async () => {
    const cwd = await tempTree({ 'bad.xml': MALFORMED_XML });
    await run(['lint', '--baseline', 'b.json', '--update-baseline', 'bad.xml'], { cwd });
    const saved = JSON.parse(await readFile(path.join(cwd, 'b.json'), 'utf8')) as { findings: unknown[] };
    expect(saved.findings).toEqual([]);
    expect((await run(['lint', '--baseline', 'b.json', 'bad.xml'], { cwd })).code).toBe(1);
  });

  it('a missing or broken baseline is exit 2 before anything is linted', async () => {
    const cwd = await tempTree({
      'a.xml': BAD_XML,
      'broken.json': '{"version": 2, "findings": []}',
      'text.json': 'nope',
    });
    const missing = await run(['lint', '--baseline', 'none.json', 'a.xml'], { cwd });
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toContain('none.json: cannot read baseline: no such file or directory');
    expect((await run(['lint', '--baseline', 'broken.json', 'a.xml'], { cwd })).stderr).toContain(
      'broken.json: not a virt-alias baseline: /version',
    );
    expect((await run(['lint', '--baseline', 'text.json', 'a.xml'], { cwd })).stderr).toContain(
      'text.json: not valid JSON',
    );
    // Latin-1 \xe9 in a file name: decoded lossily it was U+FFFD, and every finding of that file new.
    await writeFile(
      path.join(cwd, 'latin1.json'),
      Buffer.from('{\n  "version": 1,\n  "findings": [{ "file": "caf\xe9.xml" }]\n}\n', 'latin1'),
    );
    expect(await run(['lint', '--baseline', 'latin1.json', 'a.xml'], { cwd })).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'virt-alias: latin1.json:3:30: not a virt-alias baseline: not valid UTF-8 (byte offset 47)\n',
    });
  });

  it('--update-baseline without --baseline is a usage error', async () => {
    const cwd = await tempTree({ 'a.xml': BAD_XML });
    const r = await run(['lint', '--update-baseline', 'a.xml'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--update-baseline needs --baseline FILE');
  });
});

describe('directives through the CLI', () => {
  const suppressed = BAD_XML.replace(
    `      <alias name='ua-disk.0'/>`,
    `      <!-- virt-alias-disable-next-line alias-charset - kept for the old tooling -->\n      <alias name='ua-disk.0'/>`,
  );

  it('a directive suppresses the finding; json lists it in suppressedMessages', async () => {
    const cwd = await tempTree({ 'a.xml': suppressed });
    expect(await run(['lint', 'a.xml'], { cwd })).toMatchObject({ code: 0, stdout: '' });
    const r = await run(['lint', '--format', 'json', 'a.xml'], { cwd });
    const [result] = JSON.parse(r.stdout) as {
      messages: unknown[];
      suppressedMessages: { ruleId: string; suppressions: unknown[] }[];
    }[];
    expect(result!.messages).toEqual([]);
    expect(result!.suppressedMessages).toMatchObject([
      {
        ruleId: 'alias-charset',
        suppressions: [{ kind: 'directive', justification: 'kept for the old tooling' }],
      },
    ]);
  });

  it('--report-unused-disable-directives reports one that suppresses nothing, and fix removes it', async () => {
    const unused = CLEAN_XML.replace(
      '    <disk',
      '    <!-- virt-alias-disable-next-line alias-charset -->\n    <disk',
    );
    const cwd = await tempTree({ 'a.xml': unused });
    expect((await run(['lint', 'a.xml'], { cwd })).code).toBe(0);
    const reported = await run(['lint', '--report-unused-disable-directives', 'a.xml'], { cwd });
    expect(reported.code).toBe(1);
    expect(reported.stdout).toMatch(/Unused virt-alias-disable directive/);
    const warned = await run(['lint', '--report-unused-disable-directives-severity', 'warn', 'a.xml'], {
      cwd,
    });
    expect(warned.code).toBe(0);
    expect(warned.stdout).toMatch(/warning\s+Unused virt-alias-disable directive/);
    const fixed = await run(['fix', '--write', '--report-unused-disable-directives', 'a.xml'], { cwd });
    expect(fixed.code).toBe(0);
    expect(fixed.stderr).toContain('1 unused directive(s) removed');
    expect(await readFile(path.join(cwd, 'a.xml'), 'utf8')).toBe(CLEAN_XML);
  });
});
