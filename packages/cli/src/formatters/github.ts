import path from 'node:path';
import { isPathInside } from '@virt-alias/rewriter';
import { ruleName, slashPath } from './shared.js';
import type { Formatter } from './types.js';

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
export const github: Formatter = (results, { cwd, env }) => {
  const base = annotationBase(cwd, env?.GITHUB_WORKSPACE);
  const lines: string[] = [];
  for (const result of results) {
    const file = slashPath(base, result.filePath);
    for (const m of result.messages) {
      const props = [`file=${escapeProperty(file)}`, `line=${m.line}`, `col=${m.column}`];
      if (m.endLine !== undefined && m.endColumn !== undefined) {
        props.push(`endLine=${m.endLine}`, `endColumn=${m.endColumn}`);
      }
      props.push(`title=${escapeProperty(ruleName(m))}`);
      const command = m.fatal || m.severity === 2 ? 'error' : 'warning';
      lines.push(`::${command} ${props.join(',')}::${escapeData(m.message)}`);
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
};

export default github;
