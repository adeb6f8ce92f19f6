import { FingerprintTexts, hashHex, Occurrences, ruleName, slashPath } from './shared.js';
import type { Formatter } from './types.js';

/**
 * GitLab Code Quality (`artifacts:reports:codequality`): a JSON array of issues, `major` for an
 * error, `minor` for a warning, `blocker` for a file that does not parse. The fingerprint is the
 * MD5 of the path, the rule, the trimmed text of the finding's line and the occurrence of that
 * triple in the report: stable when lines move, unique within the report.
 */
export const gitlab: Formatter = (results, context) => {
  const texts = new FingerprintTexts(context.sources);
  const occurrences = new Occurrences();
  const issues = results.flatMap((result) => {
    const file = slashPath(context.cwd, result.filePath);
    return result.messages.map((m) => {
      const rule = ruleName(m);
      const text = texts.of(result, m);
      const n = occurrences.next([file, rule, text].join('\u0000'));
      return {
        type: 'issue',
        description: m.message,
        check_name: rule,
        fingerprint: hashHex('md5', file, rule, text, String(n)),
        severity: m.fatal ? 'blocker' : m.severity === 2 ? 'major' : 'minor',
        location: { path: file, lines: { begin: m.line } },
      };
    });
  });
  return JSON.stringify(issues, null, 2);
};

export default gitlab;
