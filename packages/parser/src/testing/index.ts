export {
  CORPUS_SEED,
  CORPUS_SIZE,
  domainCorpus,
  MUTATION_NAMES,
  novaDomain,
  seededRandom,
  type CorpusDocument,
  type Random,
} from './domain-corpus.js';
export { outcomeError, parseOutcome, type ParseXml } from './parse-outcome.js';
export { parseXmlWithSaxes } from './saxes-tree.js';
