import path from 'node:path';
import { isPathInside } from '@virt-alias/rewriter';
import type { LintResult } from '@virt-alias/rules';
import { ruleName, slashPath } from './shared.js';
import { wholeRun, type StreamingFormatter } from './types.js';

/** @actions/core's `escapeData`: the message of a workflow command. */
export const escapeData = (s: string): string =>
  s.replace(/%/gu, '%25').replace(/\r/gu, '%0D').replace(/\n/gu, '%0A');

/** @actions/core's `escapeProperty`: a `key=value` of a workflow command. */
export const escapeProperty = (s: string): string =>
  escapeData(s).replace(/:/gu, '%3A').replace(/,/gu, '%2C');

/** `GITHUB_WORKSPACE` when it is set and holds `cwd`, else `cwd`. */
function annotationBase(cwd: string, workspace: string | undefined): string {
  if (workspace === undefined || workspace === '') return cwd;
  const root = path.resolve(cwd, workspace);
  return isPathInside(root, cwd) ? root : cwd;
}

/**
 * GitHub Actions workflow commands, one per finding: `::error file=F,line=L,col=C,endLine=L2,
 * endColumn=C2,title=RULE::MESSAGE` (`::warning` for warnings), which GitHub shows as annotations
 * on the lines of the pull request. Paths are relative to the working directory, or to
 * `GITHUB_WORKSPACE` when it is set and holds the working directory (GitHub resolves them
 * against the repository root). Nothing at all without findings.
 */
export const githubStream: StreamingFormatter = ({ cwd, env }) => {
  const base = annotationBase(cwd, env?.GITHUB_WORKSPACE);
  const file = (result: LintResult): string => {
    const lines: string[] = [];
    const shown = slashPath(base, result.filePath);
    for (const m of result.messages) {
      const props = [`file=${escapeProperty(shown)}`, `line=${m.line}`, `col=${m.column}`];
      if (m.endLine !== undefined && m.endColumn !== undefined) {
        props.push(`endLine=${m.endLine}`, `endColumn=${m.endColumn}`);
      }
      props.push(`title=${escapeProperty(ruleName(m))}`);
      const command = m.fatal || m.severity === 2 ? 'error' : 'warning';
      lines.push(`::${command} ${props.join(',')}::${escapeData(m.message)}\n`);
    }
    return lines.join('');
  };
  return { file, end: () => '' };
};

export const github = wholeRun(githubStream);

export default github;
