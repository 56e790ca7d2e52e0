#!/usr/bin/env node
// Starts the compiled CLI (npm run build writes dist/).
import { main, reportUnexpected } from '../dist/cli/main.js';

// A rejection no command awaited (a stream failing after its command gave up) still ends with
// the usual message and exit code, never a stack trace.
const onStray = (error) => {
  process.exitCode = reportUnexpected(process.argv, error);
  process.exit();
};
process.on('unhandledRejection', onStray);
process.on('uncaughtException', onStray);

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.exitCode = reportUnexpected(process.argv, error);
  },
);
