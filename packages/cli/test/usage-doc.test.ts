/**
 * docs/usage.md lists every option of every command, in the words of its --help (issue 11):
 * the tables are generated (scripts/usage-options.mjs); this reads both sides itself.
 */
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN } from './helpers.js';

const USAGE = fileURLToPath(new URL('../../../docs/usage.md', import.meta.url));

/** `[flags, description]` of each option --help lists, but --help and --version. */
function fromHelp(command: string): [string, string][] {
  const help = spawnSync(process.execPath, [BIN, ...command.split(' '), '--help'], {
    encoding: 'utf8',
    env: { ...process.env, COLUMNS: '10000' },
  }).stdout;
  const options = help.split('\nOptions:\n')[1]?.split('\n\n')[0] ?? '';
  return [...options.matchAll(/^ {2}((?:-\w, | {4})--[\w-]+) {2,}(.*)$/gmu)]
    .map(([, flags, text]): [string, string] => [
      flags!.trim(),
      text!
        .replace(/ +\[(?:boolean|string|number|array)\]/gu, '')
        .replace(/ {2,}/gu, ' ')
        .trim(),
    ])
    .filter(([flags]) => !/--(?:help|version)$/u.test(flags));
}

/** The same, from the table below `<!-- options: COMMAND -->` in docs/usage.md. */
function fromPage(page: string, command: string): [string, string][] {
  const block = page.split(`<!-- options: ${command} -->`)[1]?.split('<!-- /options -->')[0] ?? '';
  return [...block.matchAll(/^\| `([^`]+)` +\| (.*?) +\|$/gmu)].map(([, flags, text]) => [
    flags!,
    text!.replace(/\\\|/gu, '|'),
  ]);
}

describe('docs/usage.md', () => {
  it.each(['lint', 'fix', 'apply', 'audit', 'audit merge', 'rules', 'init'])(
    'lists every option of %s as its --help says it',
    async (command) => {
      const page = await readFile(USAGE, 'utf8');
      const help = fromHelp(command);
      expect(help.length).toBeGreaterThan(0);
      expect(fromPage(page, command)).toEqual(help);
    },
  );
});
