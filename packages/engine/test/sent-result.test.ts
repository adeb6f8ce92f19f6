import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { forSending, received } from '../src/sent-result.js';
import { TaskRunner } from '../src/task.js';
import { BAD_XML, CLEAN_XML, onlyAliasCharset } from './helpers.js';

const runner = new TaskRunner({ configs: [onlyAliasCharset()], reportUnusedDisableDirectives: 'off' });
const fix = (text: string) => runner.onText('fix', 'a.xml', 0, text);

describe('results sent between threads', () => {
  it('an unchanged file crosses with its text once, and comes back whole', () => {
    const result = fix(CLEAN_XML);
    expect(result).toMatchObject({ kind: 'fixed', changed: false, output: CLEAN_XML, before: CLEAN_XML });
    const sent = forSending(result);
    expect(sent).toMatchObject({ output: '', before: CLEAN_XML });
    // A structured clone copies each string it meets: the text is in the message once.
    expect(serialize(sent).length).toBeLessThan(serialize(result).length - CLEAN_XML.length + 16);
    expect(received(structuredClone(sent))).toEqual(result);
  });

  it('a changed file crosses with both texts; failures and lint results as they are', () => {
    const changed = fix(BAD_XML);
    expect(changed).toMatchObject({ kind: 'fixed', changed: true });
    expect(forSending(changed)).toBe(changed);
    expect(received(changed)).toBe(changed);
    const linted = runner.onText('lint', 'a.xml', 0, CLEAN_XML);
    expect(forSending(linted)).toBe(linted);
    const failed = { kind: 'failed', filePath: 'a.xml', message: 'cannot read' } as const;
    expect(received(forSending(failed))).toBe(failed);
  });

  it('an empty text left empty stays so', () => {
    const result = fix('');
    expect(received(structuredClone(forSending(result)))).toEqual(result);
  });

  it('a batch run gives results as sent', async () => {
    const [result] = await runner.runBatch([
      { mode: 'fix', filePath: 'a.xml', configId: 0, text: CLEAN_XML },
    ]);
    expect(result).toMatchObject({ output: '', before: CLEAN_XML });
    expect(received(result!)).toMatchObject({ output: CLEAN_XML });
  });
});
