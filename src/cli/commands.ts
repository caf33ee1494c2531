import { registerFactor } from './commands/factor.js';
import type { CommandRegistrar } from './program.js';

/** Every subcommand of the `primeos` CLI, in help order. */
export const commands: readonly CommandRegistrar[] = [registerFactor];
