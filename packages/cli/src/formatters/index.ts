import { json } from './json.js';
import { stylish } from './stylish.js';
import type { Formatter } from './types.js';

export type { Formatter, FormatterContext } from './types.js';

/** Every output format of `virt-alias lint --format`, by name. */
export const formatters: Readonly<Record<string, Formatter>> = { stylish, json };

export const FORMAT_NAMES: readonly string[] = Object.keys(formatters);

export const DEFAULT_FORMAT = 'stylish';

export function getFormatter(name: string): Formatter | undefined {
  return Object.hasOwn(formatters, name) ? formatters[name] : undefined;
}
