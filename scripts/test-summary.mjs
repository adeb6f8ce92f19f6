#!/usr/bin/env node
// Prints the plain closing line `N passed, N failed, N skipped` from vitest's JSON report, so
// that any CI reading closing lines sees how many tests really ran.
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2] ?? '.vitest-report.json', 'utf8'));
const skipped = report.numPendingTests + report.numTodoTests;
console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);
if (report.numTotalTests === 0) {
  console.error('no test ran');
  process.exitCode = 1;
}
