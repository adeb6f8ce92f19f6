/**
 * `@virt-alias/engine`: lints and fixes many domain XML files at once, on worker threads, with
 * results in input order as they are done, and an optional result cache.
 *
 * ```ts
 * const engine = new Engine({ jobs: 4, cache: { location: '.virt-alias-cache', version } });
 * for await (const file of engine.lintFiles(inputs)) {
 *   if (file.kind === 'failed') console.error(`${file.filePath}: ${file.message}`);
 *   else report(file.result, file.facts);
 * }
 * ```
 */
export {
  Engine,
  FILES_PER_AUTO_SCHEMA_WORKER,
  FILES_PER_AUTO_WORKER,
  MIN_AUTO_WORKERS,
  callerLints,
  workerCount,
  type EngineInput,
  type EngineInputs,
  type EngineOptions,
} from './engine.js';
export type { InputStamp } from './task.js';
export type {
  FileFailure,
  FixedFile,
  FixFileResult,
  Indexed,
  LintedFile,
  LintFileResult,
} from './results.js';
export { lineOf, sourceFacts, type SourceFacts } from './source-facts.js';
export {
  cacheFilePath,
  DEFAULT_CACHE_FILE,
  resultKey,
  type CacheOptions,
  type CacheSaveOutcome,
} from './cache.js';
export {
  decodeStrictUtf8,
  decodeUtf8,
  NotUtf8Error,
  readDomainFile,
  readDomainStream,
  type ReadOutcome,
} from './read-file.js';
export { describeFsError, errorMessage, isFsError } from './fs-errors.js';
export { configKey } from './config-table.js';
export type { ThreadLoss } from './worker-pool.js';
/** Await before `lintText`/`fixText` with a config that turns `libvirt-schema` on. */
export { loadRuleSupport } from '@virt-alias/rules';
