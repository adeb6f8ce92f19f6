#!/usr/bin/env node
import { main } from '../dist/main.js';

// A reader that goes away (`virt-alias lint . | head`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    process.stderr.write(`virt-alias: internal error: cannot write output: ${error.message}\n`);
    process.exit(2);
  });
}

process.exitCode = await main(process.argv.slice(2));
