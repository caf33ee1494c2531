#!/usr/bin/env node
import { createRequire } from 'node:module';
import { reportCliError } from './cliError.js';
import { applyYoungGeneration, youngGenerationOf } from './youngGeneration.js';

const require = createRequire(import.meta.url);
const { version } = require('../../package.json') as { version: string };

// `primeos … | head` closes stdout early: that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  process.exit(reportCliError(err, process, 'primeos'));
});

// before the commands load: loading them already grows V8's young generation
applyYoungGeneration(youngGenerationOf(process.argv.slice(2)));

Promise.all([import('./commands.js'), import('./program.js')])
  .then(([{ commands }, { runCli }]) =>
    runCli(
      process.argv.slice(2),
      version,
      { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin },
      commands,
    ),
  )
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err: unknown) => {
    process.exitCode = reportCliError(err, process, 'primeos');
  });
