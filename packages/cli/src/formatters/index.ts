import { checkstyle } from './checkstyle.js';
import { compact } from './compact.js';
import { github } from './github.js';
import { gitlab } from './gitlab.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { markdown } from './markdown.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';
import type { Formatter } from './types.js';

export type { Formatter, FormatterContext } from './types.js';

/** Every output format of `virt-alias lint --format`, by name. */
export const formatters: Readonly<Record<string, Formatter>> = {
  stylish,
  json,
  compact,
  sarif,
  junit,
  checkstyle,
  github,
  gitlab,
  markdown,
};

export const FORMAT_NAMES: readonly string[] = Object.keys(formatters);

export const DEFAULT_FORMAT = 'stylish';

export function getFormatter(name: string): Formatter | undefined {
  return Object.hasOwn(formatters, name) ? formatters[name] : undefined;
}
