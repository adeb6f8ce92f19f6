import type { LintMessage } from '@virt-alias/rules';
import { ruleName, rulesOf, severityName, slashPath, xmlAttr, xmlText, XML_DECLARATION } from './shared.js';
import type { Formatter } from './types.js';

/** The name of the one passing test case of a file without findings. */
export const CLEAN_TESTCASE = 'virt-alias';

/**
 * A test case's class: the file's path without its `.xml` extension, since Jenkins splits a
 * classname at its last dot into package and class (`a.xml` would be class `xml` of `a`).
 */
export const classNameOf = (file: string): string => file.replace(/\.xml$/iu, '');

/**
 * Each case's and suite's `time`, in seconds: files are not timed one by one (a file lints in
 * well under a millisecond), and readers such as Jenkins and GitLab expect the attribute.
 */
const TIME = '0';

/**
 * JUnit XML, as GitLab (`artifacts:reports:junit`) and Jenkins (`junit`) read it: a
 * `<testsuite>` per linted file, named by its path; a failing `<testcase name="rule@line:col">`
 * per finding (warnings included, the severity in the detail text), a fatal parse error as an
 * `<error>`; a file without findings is one passing test case named `virt-alias`. Test case names
 * are unique within a suite: a repeated one gets `#2`, `#3`... Each case names its file in
 * `file` (what GitLab links) and in `classname` without `.xml`.
 */
export const junit: Formatter = (results, context) => {
  const urls = new Map(rulesOf(context).map((r) => [r.id, r.meta.docs.url]));
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  for (const result of results) {
    const file = slashPath(context.cwd, result.filePath);
    const caseAttributes = `classname="${xmlAttr(classNameOf(file))}" file="${xmlAttr(file)}" time="${TIME}"`;
    const cases: string[] = [];
    let suiteFailures = 0;
    let suiteErrors = 0;
    const seen = new Map<string, number>();
    const unique = (name: string): string => {
      const n = (seen.get(name) ?? 0) + 1;
      seen.set(name, n);
      return n === 1 ? name : `${name}#${n}`;
    };
    for (const m of result.messages) {
      const rule = ruleName(m);
      const name = unique(`${rule}@${m.line}:${m.column}`);
      const element = m.fatal ? 'error' : 'failure';
      if (m.fatal) suiteErrors++;
      else suiteFailures++;
      cases.push(
        `    <testcase ${caseAttributes} name="${xmlAttr(name)}">\n` +
          `      <${element} message="${xmlAttr(m.message)}" type="${xmlAttr(rule)}">` +
          `${xmlText(detail(file, m, urls.get(rule)))}</${element}>\n` +
          `    </testcase>`,
      );
    }
    if (result.messages.length === 0) {
      cases.push(`    <testcase ${caseAttributes} name="${CLEAN_TESTCASE}"/>`);
    }
    tests += cases.length;
    failures += suiteFailures;
    errors += suiteErrors;
    suites.push(
      `  <testsuite name="${xmlAttr(file)}" tests="${cases.length}" failures="${suiteFailures}" errors="${suiteErrors}" time="${TIME}">\n` +
        `${cases.join('\n')}\n  </testsuite>`,
    );
  }
  const open = `<testsuites name="virt-alias" tests="${tests}" failures="${failures}" errors="${errors}"`;
  return suites.length === 0
    ? `${XML_DECLARATION}\n${open}/>\n`
    : `${XML_DECLARATION}\n${open}>\n${suites.join('\n')}\n</testsuites>\n`;
};

function detail(file: string, m: LintMessage, url: string | undefined): string {
  const lines = [`${severityName(m)}: ${m.message}`, `at ${file}:${m.line}:${m.column}`];
  lines.push(m.fatal ? 'the file is not well-formed XML' : `rule: ${ruleName(m)}${url ? ` (${url})` : ''}`);
  return lines.join('\n');
}

export default junit;
