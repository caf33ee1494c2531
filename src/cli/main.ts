#!/usr/bin/env node
import { createRequire } from 'node:module';
import { commands } from './commands.js';
import { runCli } from './program.js';

const require = createRequire(import.meta.url);
const { version } = require('../../package.json') as { version: string };

// `primeos … | head` closes stdout early: that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

runCli(
  process.argv.slice(2),
  version,
  { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin },
  commands,
)
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err: unknown) => {
    process.stderr.write(`primeos: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
