#!/usr/bin/env node
// Starts the compiled CLI (npm run build writes dist/).

// `preuve --version` alone prints what commander would print (the version and a newline) without
// loading commander and main: it is what scripts and installers call to check the tool is there.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { readToolVersion } = await import('../dist/cli/version.js');
  process.stdout.write(`${readToolVersion()}\n`);
} else {
  await run();
}

async function run() {
  const { main, reportUnexpected } = await import('../dist/cli/main.js');
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
}
