import { checkstyle, checkstyleStream } from './checkstyle.js';
import { compact, compactStream } from './compact.js';
import { github, githubStream } from './github.js';
import { gitlab } from './gitlab.js';
import { json, jsonStream } from './json.js';
import { junit } from './junit.js';
import { markdown } from './markdown.js';
import { sarif } from './sarif.js';
import { stylish, stylishStream } from './stylish.js';
import type { Formatter, StreamingFormatter } from './types.js';

export type { Formatter, FormatterContext, FormatStream, StreamingFormatter } from './types.js';

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

/**
 * The formats whose output is written file by file, as results arrive (the others need the whole
 * run: totals up front, or a document built at the end).
 */
export const streamingFormatters: Readonly<Record<string, StreamingFormatter>> = {
  stylish: stylishStream,
  json: jsonStream,
  compact: compactStream,
  github: githubStream,
  checkstyle: checkstyleStream,
};

export function getStreamingFormatter(name: string): StreamingFormatter | undefined {
  return Object.hasOwn(streamingFormatters, name) ? streamingFormatters[name] : undefined;
}
