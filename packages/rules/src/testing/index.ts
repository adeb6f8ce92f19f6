export { domainXml, expectFindings, fixOnce, leftAfterFix, testRule } from './rule-tester.js';
export type { ExpectedError, InvalidCase, ValidCase } from './rule-tester.js';
export {
  IN_CI,
  mapLimit,
  probeProgram,
  requireTools,
  runProgram,
  type Run,
  type RunOptions,
} from './programs.js';
export {
  combinations,
  CONSOLE_TARGETS,
  describeCombination,
  devicesOf,
  domainText,
  SERIAL_TARGETS,
  slotAliases,
  slotElements,
  SLOTS,
  type Combination,
  type Slot,
  type Structure,
} from './serial-console-combinations.js';
export { libvirtVerdicts, parseOrThrow, type Verdict } from './serial-console-virsh.js';
export { xmllintVerdicts, type XmllintVerdict } from './xmllint.js';
export { oneDiskDomain } from './one-disk-domain.js';
export { startingAt, withFrozenCtime } from './coarse-clock.js';
