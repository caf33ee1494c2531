import type { Command } from 'commander';
import { primesFrom } from '../../primes/sieve.js';
import { SIEVE_MAX } from '../../primes/SegmentedSieve.js';
import { intOption } from '../options.js';
import { ExitCode, type CliIO, type CommandRegistrar } from '../program.js';

interface PrimesFlags {
  from: number;
  to?: number;
  count?: number;
}

/** Bytes gathered before one write to stdout. */
const WRITE_BYTES = 1 << 16;

async function primesAction(flags: PrimesFlags, io: CliIO): Promise<number> {
  if (flags.to === undefined && flags.count === undefined) {
    io.stderr.write('primeos primes: give --to N or --count N\n');
    return ExitCode.Usage;
  }
  if (flags.to !== undefined && flags.to < flags.from) {
    io.stderr.write(`primeos primes: --to ${flags.to} is below --from ${flags.from}\n`);
    return ExitCode.Usage;
  }
  const end = flags.to === undefined ? SIEVE_MAX + 1 : flags.to + 1;
  let left = flags.count ?? Infinity;
  let buf = '';
  const flush = async (): Promise<void> => {
    if (buf === '') return;
    const ok = io.stdout.write(buf);
    buf = '';
    if (!ok) await new Promise<void>((resolve) => io.stdout.once('drain', () => resolve()));
  };
  if (left > 0) {
    for (const p of primesFrom(flags.from, end)) {
      buf += p + '\n';
      if (buf.length >= WRITE_BYTES) await flush();
      if (--left <= 0) break;
    }
  }
  await flush();
  return ExitCode.Ok;
}

/**
 * `primeos primes --from A (--to B | --count N)`: stream primes, one per line, from the segmented sieve.
 */
export const registerPrimes: CommandRegistrar = (program: Command, io: CliIO, setExit) => {
  program
    .command('primes')
    .description('stream primes from the segmented sieve, one per line')
    .option('--from <n>', 'smallest candidate', intOption(0, SIEVE_MAX), 0)
    .option('--to <n>', 'largest candidate (inclusive)', intOption(0, SIEVE_MAX))
    .option('--count <n>', 'stop after this many primes', intOption(0))
    .action(async (flags: PrimesFlags) => {
      setExit(await primesAction(flags, io));
    });
};
