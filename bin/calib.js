#!/usr/bin/env node
// The entry point stays glue: everything else is in src/cli/main.ts, which returns the exit code
// instead of calling process.exit, so tests can drive it with a fake io. Under `ulimit -v`,
// calib first starts itself again with a setting that keeps malloc within the limit (relaunch.ts).
import { main, nodeIo, relaunchUnderAddressLimit } from '../dist/cli/main.js';

process.exitCode = (await relaunchUnderAddressLimit()) ?? (await main(process.argv.slice(2), nodeIo()));
