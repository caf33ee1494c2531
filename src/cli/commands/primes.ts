import { InvalidArgumentError, type Command } from 'commander';
import { primesBetween, PRIMES_BETWEEN_MAX } from '../../primes/primesBetween.js';
import { primesFrom } from '../../primes/sieve.js';
import { SIEVE_MAX } from '../../primes/SegmentedSieve.js';
import { intOption } from '../options.js';
import { ExitCode, type CliIO, type CommandRegistrar } from '../program.js';

interface PrimesFlags {
  from: bigint;
  to?: bigint;
  count?: number;
}

/** Bytes gathered before one write to stdout. */
const WRITE_BYTES = 1 << 16;

/** A commander parser for a decimal bigint in [0, 2^64] (a usage error otherwise: exit 2). */
function bigOption(value: string): bigint {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('expected a non-negative integer');
  const n = BigInt(value.trim());
  if (n > PRIMES_BETWEEN_MAX) throw new InvalidArgumentError('E_RANGE: primes are listed up to 2^64');
  return n;
}

/** The primes in [from, end): the Number sieve below 2^52, then the bigint sieve with a deterministic test. */
function* primesIn(from: bigint, end: bigint): Generator<bigint | number> {
  const limit = BigInt(SIEVE_MAX) + 1n;
  if (from < limit) yield* primesFrom(Number(from), Number(end < limit ? end : limit));
  if (end > limit) yield* primesBetween(from > limit ? from : limit, end);
}

async function primesAction(flags: PrimesFlags, io: CliIO): Promise<number> {
  if (flags.to === undefined && flags.count === undefined) {
    io.stderr.write('primeos primes: give --to N or --count N\n');
    return ExitCode.Usage;
  }
  if (flags.to !== undefined && flags.to < flags.from) {
    io.stderr.write(`primeos primes: --to ${flags.to} is below --from ${flags.from}\n`);
    return ExitCode.Usage;
  }
  const end = flags.to === undefined ? PRIMES_BETWEEN_MAX + 1n : flags.to + 1n;
  let left = flags.count ?? Infinity;
  let buf = '';
  const flush = async (): Promise<void> => {
    if (buf === '') return;
    const ok = io.stdout.write(buf);
    buf = '';
    if (!ok) await new Promise<void>((resolve) => io.stdout.once('drain', () => resolve()));
  };
  if (left > 0) {
    for (const p of primesIn(flags.from, end)) {
      buf += p + '\n';
      if (buf.length >= WRITE_BYTES) await flush();
      if (--left <= 0) break;
    }
  }
  await flush();
  if (left > 0 && left !== Infinity) {
    // --count asked for more primes than there are up to 2^64: say so instead of stopping silently
    io.stderr.write(
      `primeos primes: E_RANGE: ${flags.count! - left} of ${flags.count} primes; none are listed above 2^64\n`,
    );
    return ExitCode.Usage;
  }
  return ExitCode.Ok;
}

/**
 * `primeos primes --from A (--to B | --count N)`: stream primes, one per line, up to 2^64.
 */
export const registerPrimes: CommandRegistrar = (program: Command, io: CliIO, setExit) => {
  program
    .command('primes')
    .description('stream primes from the segmented sieve, one per line')
    .option('--from <n>', 'smallest candidate (up to 2^64)', bigOption, 0n)
    .option('--to <n>', 'largest candidate, inclusive (up to 2^64)', bigOption)
    .option('--count <n>', 'stop after this many primes', intOption(0))
    .action(async (flags: PrimesFlags) => {
      setExit(await primesAction(flags, io));
    });
};
