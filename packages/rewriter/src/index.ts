export { fixText, MAX_PASSES, type FixOutcome } from './fix-text.js';
export {
  AtomicFileWriter,
  fsyncDirectory,
  writeFileAtomic,
  type AtomicWriteOptions,
} from './atomic-write.js';
export {
  replaceFile,
  WriteRefusedError,
  type ReplaceFileOptions,
  type ReplaceFileResult,
} from './replace-file.js';
export { MetadataError, type FileMetadata } from './file-metadata.js';
export { isTempPath, removeStaleTemps } from './temp-files.js';
export { DirectoryMovedError, NewFileBatch } from './new-file-batch.js';
export {
  commonBase,
  CommonBase,
  outputLocation,
  outputPathFor,
  OutDirEscapeError,
  OUT_DIR_MARKER,
  OUT_DIR_MARKER_TEXT,
  realDirPath,
  realPathOf,
} from './out-dir.js';
// The one "inside a directory" check lives with the rules (their config cascade needs it).
export { isPathInside, pathInside } from '@virt-alias/rules';
export { unifiedDiff } from './unified-diff.js';
export { inInputPositions } from './input-positions.js';
export { changeBetween, composeChanges, type TextChange } from './text-changes.js';
export { mappingSchema, type MappingFile } from './mapping/schema.js';
export { MappingError, formatMappingProblem, type MappingProblem } from './mapping/problem.js';
export {
  lookupFromEntries,
  lookupOf,
  mappingDataFromEntries,
  type MappingData,
  type MappingEntry,
  type MappingKind,
  type MappingLookup,
} from './mapping/entries.js';
export { parseMappingCsv } from './mapping/csv.js';
export { jsonSyntaxMessage, parseMappingJson } from './mapping/json.js';
export { JSON_MAX_DEPTH, JSON_TOO_DEEP, jsonTooDeepAt } from './json-depth.js';
export { loadMapping, loadMappingData, mappingData, mappingLookup } from './mapping/load.js';
export {
  changeRecords,
  compareAliases,
  pairingKeys,
  type AliasChange,
  type AliasComparison,
  type CompareOptions,
  type UnpairedDevice,
  type ChangeReason,
  type ChangeRecord,
} from './alias-changes.js';
