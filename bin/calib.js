#!/usr/bin/env node
// The entry point stays two lines of glue: everything else is in src/cli/main.ts, which returns
// the exit code instead of calling process.exit, so tests can drive it with a fake io.
import { main, nodeIo } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2), nodeIo());
