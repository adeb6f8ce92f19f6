export { domainXml, expectFindings, fixOnce, testRule } from './rule-tester.js';
export type { ExpectedError, InvalidCase, ValidCase } from './rule-tester.js';
export { IN_CI, mapLimit, probeProgram, runProgram, type Run } from './programs.js';
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
