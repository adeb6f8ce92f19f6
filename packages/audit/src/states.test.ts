import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lintText, resolveConfig } from '@virt-alias/rules';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditBuilder } from './audit.js';
import { mergeReports } from './merge.js';
import { stateClass } from './report.js';
import { parseStates, StateFiles, StatesError } from './states.js';

const temps: string[] = [];
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

describe('states.tsv', () => {
  it('is one "name<TAB>state" a line, as the Ansible example writes it', () => {
    expect([...parseStates('web\trunning\ndb\tshut off\r\n\nidle\tpaused\n', 's.tsv')]).toEqual([
      ['web', 'running'],
      ['db', 'shut off'],
      ['idle', 'paused'],
    ]);
    expect(() => parseStates('web\trunning\nno tab here\n', 'dumps/h/states.tsv')).toThrow(
      new StatesError(
        'dumps/h/states.tsv:2:1: not "<domain name><TAB><state>" (as virsh domstate says it): "no tab here"',
      ),
    );
    expect(() => parseStates('a\trunning\na\tshut off\n', 's.tsv')).toThrow(
      's.tsv:2:1: domain "a" is listed twice',
    );
  });

  it('a byte order mark (an editor on Windows) is not part of the first name', () => {
    expect([...parseStates('\uFEFFweb\trunning\r\ndb\tshut off\r\n', 's.tsv')]).toEqual([
      ['web', 'running'],
      ['db', 'shut off'],
    ]);
  });

  it('what a state means: running (a live guest), shutOff, unknown', () => {
    expect(
      ['running', 'paused', 'in shutdown', 'pmsuspended', 'shut off', 'no state', null].map(stateClass),
    ).toEqual(['running', 'running', 'running', 'running', 'shutOff', 'unknown', 'unknown']);
  });

  it('each domain file takes its state from the states.tsv of its directory, by domain name', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'virt-alias-states-'));
    temps.push(root);
    await mkdir(path.join(root, 'h1'));
    await mkdir(path.join(root, 'h2'));
    await mkdir(path.join(root, 'h3'));
    await writeFile(path.join(root, 'h1/states.tsv'), 'web\trunning\ndb\tshut off\n');
    await writeFile(path.join(root, 'h3/states.tsv'), 'broken line\n');
    const errors: string[] = [];
    const states = new StateFiles(
      (e) => errors.push(e.message),
      (f) => path.relative(root, f),
    );
    const of = (file: string, name: string | undefined): Promise<string | null> | null =>
      states.stateOf(path.join(root, file), name);
    expect(await of('h1/web.xml', 'web')).toBe('running');
    expect(await of('h1/db.xml', 'db')).toBe('shut off');
    expect(await of('h1/new.xml', 'new')).toBeNull();
    expect(await of('h1/broken.xml', undefined)).toBeNull();
    expect(await of('h2/web.xml', 'web')).toBeNull();
    expect(await of('h3/a.xml', 'a')).toBeNull();
    expect(await of('h3/b.xml', 'b')).toBeNull();
    expect(errors).toEqual([
      'h3/states.tsv:1:1: not "<domain name><TAB><state>" (as virsh domstate says it): "broken line"',
    ]);
  });

  it('the summary counts domains by state, and running ones not ready per host; merge agrees', () => {
    const config = resolveConfig();
    const guest = (name: string, alias: boolean): string =>
      `<domain type='kvm'><name>${name}</name><devices><interface type='network'><mac address='52:54:00:00:00:01'/><source network='default'/>${alias ? `<alias name='ua-net-${name}'/>` : ''}</interface></devices></domain>\n`;
    const rows: [string, string, boolean, string | null][] = [
      ['h1/a.xml', 'a', false, 'running'],
      ['h1/b.xml', 'b', true, 'running'],
      ['h1/c.xml', 'c', false, 'shut off'],
      ['h2/d.xml', 'd', false, 'paused'],
      ['h2/e.xml', 'e', true, null],
    ];
    const report = (host?: string) => {
      const builder = new AuditBuilder({ version: '9', preset: null, hostOf: (f) => f.split('/')[0]! });
      for (const [file, name, alias, state] of rows) {
        if (host !== undefined && !file.startsWith(host)) continue;
        builder.add(lintText(guest(name, alias), config, { filePath: file }), state);
      }
      return builder.finish();
    };
    const whole = report();
    expect(whole.domains.map((d) => [d.name, d.ready, d.state])).toEqual([
      ['a', false, 'running'],
      ['b', true, 'running'],
      ['c', false, 'shut off'],
      ['d', false, 'paused'],
      ['e', true, null],
    ]);
    expect(whole.summary.state).toEqual({
      running: { domains: 3, notReady: 2 },
      shutOff: { domains: 1, notReady: 1 },
      unknown: { domains: 1, notReady: 0 },
    });
    expect(whole.summary.byHost.map((h) => [h.host, h.running, h.runningNotReady])).toEqual([
      ['h1', 2, 1],
      ['h2', 1, 1],
    ]);
    expect(
      mergeReports([
        { name: 'h2.json', report: report('h2') },
        { name: 'h1.json', report: report('h1') },
      ]),
    ).toEqual(whole);
  });
});
