/**
 * libvirt's own reading of `<alias name=...>` in a persistent definition
 * (virDomainDeviceInfoParseXML): a user alias starts with `ua-` (case-sensitive) and uses only
 * `[A-Za-z0-9_-]`; any other name is dropped silently on define.
 */
export const USER_ALIAS_PREFIX = 'ua-';

const USER_ALIAS_CHARS = /^[A-Za-z0-9_-]*$/;

export type AliasNameStatus =
  /** Kept by libvirt. */
  | 'valid'
  /** `<alias/>` without a `name` attribute. */
  | 'missing'
  | 'empty'
  /** Does not start with `ua-`: dropped (live dumps carry such generated names). */
  | 'no-user-prefix'
  /** Starts with `ua-` but has a character outside `[A-Za-z0-9_-]`: dropped. */
  | 'bad-charset';

export function classifyAliasName(name: string | undefined): AliasNameStatus {
  if (name === undefined) return 'missing';
  if (name === '') return 'empty';
  if (!name.startsWith(USER_ALIAS_PREFIX)) return 'no-user-prefix';
  if (!USER_ALIAS_CHARS.test(name)) return 'bad-charset';
  return 'valid';
}

/** Any run of characters libvirt would drop becomes `-`, trimmed: names made of it are always valid. */
export function sanitizeAliasPart(part: string): string {
  return part.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
}

/** The characters of a `ua-` name that libvirt does not accept, each once, in order. */
export function invalidAliasCharacters(name: string): string[] {
  const seen = new Set<string>();
  for (const ch of name.slice(USER_ALIAS_PREFIX.length)) {
    if (!/[A-Za-z0-9_-]/.test(ch)) seen.add(ch);
  }
  return [...seen];
}

export const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function isUuid(value: string | undefined): value is string {
  return value !== undefined && UUID_PATTERN.test(value);
}
