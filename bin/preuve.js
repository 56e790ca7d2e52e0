#!/usr/bin/env node
// Starts the compiled CLI (npm run build writes dist/). This file is CommonJS (bin/package.json):
// Node starts a CommonJS entry faster than an ES module one, which matters for the answers below;
// the CLI itself (dist/, ES modules) is loaded with import().
const { readFileSync, statSync, writeSync } = require('node:fs');
const { join } = require('node:path');

// `preuve --version` and `preuve --help` alone print what commander prints without loading
// commander, main and the 18 command files: they are what people and installers type first, and
// they must answer as fast as Node starts (issue 13). The version is package.json's; the help is
// the text `npm run build` had commander write (scripts/write-help.js; the help is laid out for
// 80 columns whatever the terminal, so one text per language is all of it), and
// tests/e2e/startup-help.test.ts checks that both equal commander's. Anything else, or a help
// file missing or older than the compiled CLI (`tsc` alone rebuilt dist/), goes through commander.
const args = process.argv.slice(2);
const fast = args.length === 1 ? readFastAnswer(args[0]) : undefined;
if (fast === undefined) run();
else writeOut(fast);

/** The text for --version or --help, or undefined to let commander answer. */
function readFastAnswer(arg) {
  try {
    if (arg === '--version' || arg === '-V') {
      const { version } = JSON.parse(readFileSync(join(__dirname, '..', 'package.json')));
      return `${version}\n`;
    }
    if (arg === '--help' || arg === '-h') {
      const help = join(__dirname, '..', 'dist', `help-${readHelpLanguage()}.txt`);
      const compiled = join(__dirname, '..', 'dist', 'cli', 'main.js');
      if (statSync(help).mtimeMs >= statSync(compiled).mtimeMs) return readFileSync(help);
    }
  } catch {
    // No help file (dist/ compiled by tsc alone): commander writes the help.
  }
  return undefined;
}

/**
 * The language of the help: the system locale's when it is French (LC_ALL, LC_MESSAGES, LANG, as
 * src/cli/error-language.ts reads them; --lang is not there: the argument is --help alone),
 * else English.
 */
function readHelpLanguage() {
  const locale = process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '';
  return /^fr([_.-]|$)/i.test(locale) ? 'fr' : 'en';
}

/**
 * Writes straight to file descriptor 1: creating process.stdout (a pipe, a terminal) costs more
 * than the rest of this path. A descriptor that refuses the first write (non-blocking and full,
 * closed, a full disk) sends the command through commander, which then writes and fails as every
 * other command does; one that fails after a partial write gets the rest through process.stdout.
 */
function writeOut(text) {
  const bytes = Buffer.from(text);
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(1, bytes, written);
  } catch {
    if (written === 0) run();
    else process.stdout.write(bytes.subarray(written));
  }
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
