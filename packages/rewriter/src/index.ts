export { fixText, MAX_PASSES, type FixOutcome } from './fix-text.js';
export { writeFileAtomic, type AtomicWriteOptions } from './atomic-write.js';
export {
  replaceFile,
  WriteRefusedError,
  type ReplaceFileOptions,
  type ReplaceFileResult,
} from './replace-file.js';
export { MetadataError, type FileMetadata } from './file-metadata.js';
export { removeStaleTemps } from './temp-files.js';
export {
  commonBase,
  outputLocation,
  outputPathFor,
  OutDirEscapeError,
  OUT_DIR_MARKER,
  OUT_DIR_MARKER_TEXT,
  realDirPath,
  realPathOf,
} from './out-dir.js';
export { isPathInside, pathInside } from './path-contains.js';
export { unifiedDiff } from './unified-diff.js';
export { mappingSchema, type MappingFile } from './mapping/schema.js';
export {
  loadMapping,
  mappingLookup,
  parseMappingCsv,
  validateMapping,
  MappingError,
  type MappingLookup,
} from './mapping/load.js';
