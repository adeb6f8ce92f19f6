import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules, docsUrl } from '../src/index.js';

// stylelint's approach: every rule's README is checked against its metadata, so docs cannot drift.
const readme = (id: string): string =>
  readFileSync(join(import.meta.dirname, '../src/rules', id, 'README.md'), 'utf8');

describe.each(allRules.map((r) => [r.id, r] as const))('%s', (id, rule) => {
  it('has a README with Why and Examples, incorrect and correct XML', () => {
    const text = readme(id);
    expect(text).toMatch(/^## Why$/m);
    expect(text).toMatch(/^## Examples$/m);
    expect(text).toMatch(/Incorrect/);
    expect(text).toMatch(/Correct/);
    expect(text).toMatch(/```xml/);
  });

  it('documents its options exactly when it has some', () => {
    const options = Object.keys(rule.meta.schema.properties ?? {});
    const text = readme(id);
    expect(text.includes('## Options')).toBe(options.length > 0);
    for (const name of options) expect(text).toContain(`\`${name}\``);
  });

  it('points its docs URL at its generated page, and describes itself in one sentence', () => {
    expect(rule.meta.docs.url).toBe(docsUrl(id));
    expect(rule.meta.docs.description).toMatch(/^[A-Z`].*\.$/s);
  });

  it('has message templates whose placeholders are all plain words', () => {
    for (const template of Object.values<string>(rule.meta.messages)) {
      expect(template.length).toBeGreaterThan(20);
      expect(template).not.toMatch(/\{\{(?!\s*\w+\s*\}\})/);
    }
  });
});

it('lists every rule folder and no other', async () => {
  const { readdirSync } = await import('node:fs');
  const folders = readdirSync(join(import.meta.dirname, '../src/rules'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  expect(allRules.map((r) => r.id).sort()).toEqual(folders);
});
