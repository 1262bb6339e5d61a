#!/usr/bin/env node
import { processIo } from './io.js';
import { runCli } from './run-cli.js';

// exitCode rather than exit(): let piped stdout drain before the process ends.
process.exitCode = await runCli(process.argv.slice(2), processIo());
