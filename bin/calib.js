#!/usr/bin/env node
// The entry point stays glue: everything else is in src/cli/main.ts, which returns the exit code
// instead of calling process.exit, so tests can drive it with a fake io. entry.ts loads it from the
// build's one-file bundle with V8's code cache when it can (start-up), else from dist/'s modules.
// Under `ulimit -v`, calib first starts itself again with a setting that keeps malloc within the
// limit (relaunch.ts).
import { loadCli } from '../dist/cli/entry.js';

const { main, nodeIo, relaunchUnderAddressLimit } = await loadCli();
process.exitCode = (await relaunchUnderAddressLimit()) ?? (await main(process.argv.slice(2), nodeIo()));
