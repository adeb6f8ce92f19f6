import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { domainCorpus } from '@virt-alias/parser/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedConfig, ResolvedRule } from '../../config/resolve.js';
import type { LintSettings } from '../../lint-settings.js';
import { lintText } from '../../linter.js';
import { IN_CI } from '../../testing/programs.js';
import aliasRequired from '../alias-required/index.js';
import rule from './index.js';
import { loadLibxml2 } from './relaxng.js';
import { DEFAULT_SCHEMA_DIR, DOMAIN_SCHEMA_FILE } from './schema-loader.js';
import { validateAhead, type SchemaVerdictAhead } from './validate-ahead.js';

const FIXTURES = fileURLToPath(new URL('../../../../../fixtures/', import.meta.url));
const schemaInstalled = existsSync(path.join(DEFAULT_SCHEMA_DIR, DOMAIN_SCHEMA_FILE));

beforeAll(loadLibxml2);

const schemaRule = (schemaDir = DEFAULT_SCHEMA_DIR): ResolvedRule => ({
  severity: 2,
  options: { schemaDir },
});
/** A config with `libvirt-schema` on (in `dir`) and one other rule, and its Nova-managed variant. */
function config(dir: string | undefined, novaDir: string | undefined): ResolvedConfig {
  const rules = (d: string | undefined): Map<string, ResolvedRule> =>
    new Map([
      ['alias-required', { severity: 1, options: aliasRequired.meta.defaultOptions }],
      ...(d === undefined ? [] : [[rule.id, schemaRule(d)] as const]),
    ]);
  return { preset: 'strict', rules: rules(dir), novaManaged: { preset: 'nova', rules: rules(novaDir) } };
}

const settingsOf = (ahead: SchemaVerdictAhead | undefined): LintSettings =>
  ahead ? { schemaVerdict: (file) => (file === ahead.file ? ahead.verdict : undefined) } : {};

describe('validateAhead', () => {
  it('has nothing to validate with the rule off, or when the two variants name different directories', () => {
    expect(validateAhead(config(undefined, undefined), '<domain/>')).toBeUndefined();
    expect(validateAhead(config(DEFAULT_SCHEMA_DIR, '/srv/other-schemas'), '<domain/>')).toBeUndefined();
  });

  it('leaves a schema that does not compile to the lint, which reports it', () => {
    expect(validateAhead(config('/nonexistent/schemas', undefined), '<domain/>')).toBeUndefined();
  });

  describe.skipIf(!schemaInstalled && !IN_CI)('with libvirt’s domain.rng', () => {
    it('validates with the one directory either variant names', () => {
      const file = path.join(DEFAULT_SCHEMA_DIR, DOMAIN_SCHEMA_FILE);
      expect(validateAhead(config(undefined, DEFAULT_SCHEMA_DIR), '<domain/>')).toMatchObject({ file });
      expect(validateAhead(config(DEFAULT_SCHEMA_DIR, DEFAULT_SCHEMA_DIR), '<domain/>')).toMatchObject({
        file,
      });
      // The same directory, named relative to the working directory by one of them.
      const relative = path.relative(process.cwd(), DEFAULT_SCHEMA_DIR);
      expect(validateAhead(config(relative, DEFAULT_SCHEMA_DIR), '<domain/>')).toMatchObject({ file });
    });

    it('a lint given the verdict made ahead equals the lint that validates itself: every fixture, 300 generated domains', async () => {
      const texts: string[] = [];
      for (const entry of await readdir(FIXTURES, { withFileTypes: true, recursive: true })) {
        if (entry.isFile() && entry.name.endsWith('.xml'))
          texts.push(await readFile(path.join(entry.parentPath, entry.name), 'utf8'));
      }
      for (const doc of domainCorpus(20261130, 300)) texts.push(doc.text);
      const both = config(DEFAULT_SCHEMA_DIR, DEFAULT_SCHEMA_DIR);
      let invalid = 0;
      for (const text of texts) {
        const ahead = validateAhead(both, text);
        expect(ahead).toBeDefined();
        if (ahead?.verdict.kind !== 'valid') invalid++;
        expect(lintText(text, both, { settings: settingsOf(ahead) })).toEqual(lintText(text, both));
      }
      // The corpus has both kinds of verdict.
      expect(invalid).toBeGreaterThan(10);
      expect(invalid).toBeLessThan(texts.length - 10);
    });
  });
});
