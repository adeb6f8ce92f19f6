import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from './config/resolve.js';
import { lintText } from './linter.js';

const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../../../fixtures/${name}`, import.meta.url)), 'utf8');

const defaults = resolveConfig();

/** The fields `virt-alias audit` reads off a result: who the domain is, and what each finding needs. */
describe('what lintText tells an audit', () => {
  it('names the domain, says it is Nova-managed, and a LUN disk without serial needs a mapping', () => {
    const result = lintText(fixture('nova/lun-passthrough.xml'), defaults);
    expect(result.domainName).toMatch(/^instance-/);
    expect(result.domainUuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.novaManaged).toBe(true);
    const [lun] = result.messages;
    expect(lun).toMatchObject({ ruleId: 'alias-required', deviceKind: 'disk', unfixableKind: 'mapping' });
    expect(lun?.unfixable).toContain('--mapping');
  });

  it('a finding of a live dump needs a person (an inactive dump), whatever the rule could do', () => {
    const result = lintText(fixture('live/scsi-hostdev-i440fx.xml'), defaults);
    expect(result.novaManaged).toBeUndefined();
    expect(result.liveDump).toBe(true);
    expect(result.messages.map((m) => [m.deviceKind, m.unfixableKind])).toEqual([
      [undefined, 'person'],
      ['interface', 'person'],
      ['hostdev', 'person'],
      ['hostdev', 'person'],
    ]);
  });

  it('a fixable finding carries no unfixableKind; a domain without name or uuid carries neither field', () => {
    const result = lintText(
      `<domain type='kvm'><devices><interface type='network'><mac address='52:54:00:00:00:01'/></interface></devices></domain>`,
      defaults,
    );
    expect(result.domainName).toBeUndefined();
    expect(result.domainUuid).toBeUndefined();
    expect(result.messages).toHaveLength(1);
    expect(result.messages[0]).toMatchObject({ deviceKind: 'interface' });
    expect(result.messages[0]?.fix).toBeDefined();
    expect(result.messages[0]?.unfixableKind).toBeUndefined();
  });

  it('two devices claiming one volume: the second needs a person', () => {
    const VOL = '3e6a4c4e-7d1b-4b7e-9d7a-0f6f5e4d3c2b';
    const result = lintText(
      `<domain type='kvm'><name>two</name><devices>` +
        `<disk type='network' device='disk'><serial>${VOL}</serial><target dev='vdb'/><alias name='ua-${VOL}'/></disk>` +
        `<disk type='network' device='disk'><serial>${VOL}</serial><target dev='vdc'/></disk>` +
        `</devices></domain>`,
      defaults,
    );
    const required = result.messages.find((m) => m.ruleId === 'alias-required');
    expect(required).toMatchObject({ unfixableKind: 'person', deviceKind: 'disk' });
    expect(result.domainName).toBe('two');
  });
});
