import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BAD_XML, onlyAliasCharset, run, tempTree } from './helpers.js';

const json = (value: unknown) => JSON.stringify(value);
const lines = (stdout: string) => stdout.split('\n').filter((l) => /^\s+\d+:\d+/.test(l));

describe('config cascade: each file gets the configs of its directory and those above', () => {
  it('a nearer config file overrides a farther one, for its own files only', async () => {
    const cwd = await tempTree({
      'a.xml': BAD_XML,
      'team/b.xml': BAD_XML,
      'team/virt-alias.config.json': json({ rules: { 'alias-charset': 'warn' } }),
    });
    const r = await run(['lint', '.'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/a\.xml \(preset recommended\)\n\s+7:14\s+error/);
    expect(r.stdout).toMatch(/team\/b\.xml \(preset recommended\)\n\s+7:14\s+warning/);
  });

  it('"root": true stops the search upward', async () => {
    const cwd = await tempTree({
      'virt-alias.config.json': json({ ...onlyAliasCharset(), rules: { 'alias-charset': 'off' } }),
      'team/b.xml': BAD_XML,
      'team/virt-alias.config.json': json({ root: true }),
      'other/c.xml': BAD_XML,
    });
    // Below the root config the one above (alias-charset off) is not read: recommended applies.
    const r = await run(['lint', '.'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/team\/b\.xml \(preset recommended\)\n\s+7:14\s+error.*alias-charset/);
    expect(r.stdout).not.toContain('other/c.xml');
  });

  it('overrides apply by glob relative to their config file', async () => {
    const cwd = await tempTree({
      'live/a.xml': BAD_XML,
      'saved/a.xml': BAD_XML,
      'virt-alias.config.json': json({
        ...onlyAliasCharset(),
        overrides: [{ files: ['live/**'], rules: { 'alias-charset': 'off' } }],
      }),
    });
    const r = await run(['lint', '.'], { cwd });
    expect(r.stdout).toContain('saved/a.xml');
    expect(r.stdout).not.toContain('live/a.xml');
  });

  it('ignores skip files found in directories quietly, and say so for a file named explicitly', async () => {
    const cwd = await tempTree({
      'archive/old.xml': BAD_XML,
      'vm.xml': BAD_XML,
      'virt-alias.config.json': json({ ...onlyAliasCharset(), ignores: ['archive/'] }),
    });
    const all = await run(['lint', '.'], { cwd });
    expect(all.stdout).not.toContain('old.xml');
    expect(all.stderr).toBe('');
    expect(lines(all.stdout)).toHaveLength(1);
    const named = await run(['lint', 'archive/old.xml'], { cwd });
    expect(named).toMatchObject({ code: 0, stdout: '' });
    expect(named.stderr).toContain('archive/old.xml: ignored: matches "ignores" of virt-alias.config.json');
  });

  it('a broken config anywhere in a file chain stops the run with exit 2, naming it', async () => {
    const cwd = await tempTree({
      'ok/a.xml': BAD_XML,
      'bad/b.xml': BAD_XML,
      'bad/virt-alias.config.json': json({
        overrides: [{ files: ['*.xml'], rules: { 'alias-chrset': 'off' } }],
      }),
    });
    const r = await run(['lint', '.'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      `${path.join('bad', 'virt-alias.config.json')}:1:43: /overrides/0/rules/alias-chrset: unknown rule`,
    );
  });

  it('--config uses that file alone, its globs relative to its own directory', async () => {
    const cwd = await tempTree({
      'vms/a.xml': BAD_XML,
      'vms/virt-alias.config.json': json({ rules: { 'alias-charset': 'off' } }),
      'conf/only.json': json({ ...onlyAliasCharset('warn') }),
    });
    const r = await run(['lint', '--config', 'conf/only.json', 'vms'], { cwd });
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toHaveLength(1);
    expect(r.stdout).toContain('warning');
  });

  it('fix uses the same per-file configs', async () => {
    const cwd = await tempTree({
      'keep/a.xml': BAD_XML,
      'mend/b.xml': BAD_XML,
      'keep/virt-alias.config.json': json({ rules: { 'alias-charset': 'off' } }),
    });
    const r = await run(['fix', '.'], { cwd });
    expect(r.stdout).toContain('+++ b/mend/b.xml');
    expect(r.stdout).not.toContain('keep/a.xml');
  });
});
