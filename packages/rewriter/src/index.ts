export { fixText, MAX_PASSES, type FixOutcome } from './fix-text.js';
export { writeFileAtomic, backupFile, type AtomicWriteOptions } from './atomic-write.js';
export { commonBase, outputPathFor } from './out-dir.js';
export { unifiedDiff } from './unified-diff.js';
export { DEFAULT_READ_LIMIT, NotReadableFileError, readRegularFile } from './read-regular-file.js';
export { mappingSchema, type MappingFile } from './mapping/schema.js';
export { MappingError, formatMappingProblem, type MappingProblem } from './mapping/problem.js';
export {
  lookupFromEntries,
  type MappingEntry,
  type MappingKind,
  type MappingLookup,
} from './mapping/entries.js';
export { parseMappingCsv } from './mapping/csv.js';
export { parseMappingJson } from './mapping/json.js';
export { loadMapping, mappingLookup } from './mapping/load.js';
