export { fixText, MAX_PASSES, type FixOutcome } from './fix-text.js';
export { writeFileAtomic, backupFile, type AtomicWriteOptions } from './atomic-write.js';
export { commonBase, outputPathFor } from './out-dir.js';
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
