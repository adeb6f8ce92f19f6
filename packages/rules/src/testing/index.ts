export { domainXml, expectFindings, fixOnce, testRule } from './rule-tester.js';
export type { ExpectedError, InvalidCase, ValidCase } from './rule-tester.js';
export { IN_CI, mapLimit, probeProgram, runProgram, type Run } from './programs.js';
