import { registerBench } from './commands/bench.js';
import { registerDecode } from './commands/decode.js';
import { registerEncode } from './commands/encode.js';
import { registerFactor } from './commands/factor.js';
import { registerPrimes } from './commands/primes.js';
import { registerRun } from './commands/run.js';
import { registerVerify } from './commands/verify.js';
import type { CommandRegistrar } from './program.js';

/** Every subcommand of the `primeos` CLI, in help order. */
export const commands: readonly CommandRegistrar[] = [
  registerFactor,
  registerEncode,
  registerDecode,
  registerVerify,
  registerRun,
  registerPrimes,
  registerBench,
];
