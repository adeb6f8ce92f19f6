import path from 'node:path';

/** The host of a file whose path names none. */
export const NO_HOST = '-';

/** A `--host-pattern` that cannot be used: not a regular expression, or not one capture group. */
export class HostPatternError extends Error {
  override readonly name = 'HostPatternError';
}

/** Compiles `--host-pattern`: a regular expression with exactly one capture group. */
export function compileHostPattern(source: string): RegExp {
  let pattern: RegExp;
  try {
    pattern = new RegExp(source, 'u');
  } catch (error) {
    throw new HostPatternError(
      `--host-pattern ${JSON.stringify(source)} is not a regular expression: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  // An alternative that matches the empty string at once: the match has one slot per group.
  const groups = new RegExp(`${source}|`, 'u').exec('')!.length - 1;
  if (groups !== 1) {
    throw new HostPatternError(
      `--host-pattern ${JSON.stringify(source)} has ${groups} capture groups: it needs exactly one, the host name (use (?:...) for the others)`,
    );
  }
  return pattern;
}

export interface HostRules {
  /** The paths as given on the command line, resolved: a file's host is its first directory below one. */
  readonly roots: readonly string[];
  /** Instead: the first capture group of this pattern on the file's path as the report shows it. */
  readonly pattern?: RegExp;
}

/** The non-glob directory a glob starts from: `dumps/*\/*.xml` searches below `dumps`. */
export function globRoot(arg: string): string {
  const parts = arg.split(/[\\/]/u);
  const fixed: string[] = [];
  for (const part of parts) {
    if (/[*?[\]{}()!+@]/u.test(part)) break;
    fixed.push(part);
  }
  return fixed.length === parts.length ? arg : fixed.join('/') || '.';
}

/**
 * The host of each file: the first directory level under the path it was found by
 * (`dumps/<host>/<guest>.xml` for `audit dumps/`), the first root that holds it; `-` for a file
 * directly in a root, for a file named itself, or for standard input. With a pattern: its
 * capture group on the shown path, `-` when it does not match.
 */
export function hostResolver(rules: HostRules): (filePath: string, shown: string) => string {
  const { pattern } = rules;
  if (pattern) {
    return (_filePath, shown) => {
      const match = pattern.exec(shown);
      const host = match?.[1];
      return host === undefined || host === '' ? NO_HOST : host;
    };
  }
  const roots = rules.roots.map((r) => (r.endsWith(path.sep) ? r : r + path.sep));
  return (filePath) => {
    for (const root of roots) {
      if (!filePath.startsWith(root)) continue;
      const rest = filePath.slice(root.length).split(path.sep);
      return rest.length >= 2 && rest[0] !== '' ? rest[0]! : NO_HOST;
    }
    return NO_HOST;
  };
}
