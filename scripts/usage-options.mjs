// The option tables of docs/usage.md, generated from each command's --help (the built bin), so
// that the page lists exactly the options the CLI takes, with the same words. Run by docs:build;
// docs:check fails when the page and --help differ.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'packages/cli/bin/virt-alias.js');
export const USAGE = path.join(ROOT, 'docs/usage.md');

/** The commands whose options the page lists, as typed. */
export const COMMANDS = ['lint', 'fix', 'apply', 'audit', 'audit merge', 'rules', 'init'];

/** Options every command has, said once on the page. */
const EVERYWHERE = new Set(['--version', '--help']);

/**
 * The options of one command as `--help` lists them: `{ flags: '-f, --format', description }`,
 * the description with yargs' `[string]`-style type tags left out.
 */
export function helpOptions(command) {
  const help = execFileSync(process.execPath, [BIN, ...command.split(' '), '--help'], {
    encoding: 'utf8',
    // One line per option: nothing wrapped.
    env: { ...process.env, COLUMNS: '10000' },
  });
  const section = help.split('\nOptions:\n')[1]?.split('\n\n')[0] ?? '';
  return section
    .split('\n')
    .map((line) => /^ {2}((?:-\w, | {4})--[\w-]+)\s{2,}(.*)$/u.exec(line))
    .filter((m) => m !== null)
    .map(([, flags, rest]) => ({
      flags: flags.replace(/^ +/u, ''),
      description: rest
        .replace(/\s+\[(?:boolean|string|number|array)\]/gu, '')
        .replace(/\s{2,}/gu, ' ')
        .trim(),
    }))
    .filter(({ flags }) => !EVERYWHERE.has(flags.replace(/^-\w, /u, '')));
}

/** One command's options as a Markdown table. */
export function optionTable(command) {
  const cell = (s) => s.replace(/\|/gu, '\\|');
  const rows = helpOptions(command).map(
    ({ flags, description }) => `| \`${flags}\` | ${cell(description)} |`,
  );
  return ['| option | meaning |', '| --- | --- |', ...rows].join('\n');
}

/** `text` with each `<!-- options: CMD -->...<!-- /options -->` block filled from --help. */
export function withOptionTables(text) {
  return text.replace(
    /(<!-- options: ([a-z ]+) -->\n)[\s\S]*?(<!-- \/options -->)/gu,
    (_, open, command, close) => `${open}\n${optionTable(command)}\n\n${close}`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(USAGE, withOptionTables(readFileSync(USAGE, 'utf8')));
}
