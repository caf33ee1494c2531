import type { LazyCommand } from './program.js';

/**
 * Every subcommand of the `primeos` CLI, in help order. Only the command that runs is imported (`load`), so
 * `primeos --help` and a short job do not pay for the modules of the other commands. `term` and `summary` are
 * what the root help shows; a unit test checks them against each command's own definition.
 */
export const commands: readonly LazyCommand[] = [
  {
    name: 'factor',
    term: 'factor [options] [file]',
    summary: 'factorise integers (one per line, or NDJSON {"n": …}) into NDJSON records, in input order',
    load: async () => (await import('./commands/factor.js')).registerFactor,
  },
  {
    name: 'encode',
    term: 'encode [options] [file]',
    summary: 'encode bytes (or, with --program, assembler text / JSON ops) as chunks, one integer per line',
    load: async () => (await import('./commands/encode.js')).registerEncode,
  },
  {
    name: 'decode',
    term: 'decode [options] [file]',
    summary:
      'decode a block-framed chunk stream (one chunk per line) back to bytes on stdout, block by block; ' +
      'damaged blocks are reported on stderr and left out (exit 1)',
    load: async () => (await import('./commands/decode.js')).registerDecode,
  },
  {
    name: 'verify',
    term: 'verify [file]',
    summary: 'check the integrity of chunks (one per line): one NDJSON verdict per chunk; exit 1 if any fails',
    load: async () => (await import('./commands/verify.js')).registerVerify,
  },
  {
    name: 'run',
    term: 'run [options] [file]',
    summary: 'run a program (chunks one per line, or assembler text) in the ChunkVM; PRINT output streams to stdout',
    load: async () => (await import('./commands/run.js')).registerRun,
  },
  {
    name: 'primes',
    term: 'primes [options]',
    summary: 'stream primes from the segmented sieve, one per line',
    load: async () => (await import('./commands/primes.js')).registerPrimes,
  },
  {
    name: 'serve',
    term: 'serve [options]',
    summary: 'serve the streaming endpoints, durable jobs, /healthz, /readyz and /metrics over HTTP',
    load: async () => (await import('./commands/serve.js')).registerServe,
  },
  {
    name: 'pipeline',
    term: 'pipeline',
    summary: 'run, validate or draw a JSON-configured pipeline (a DAG of stream stages)',
    load: async () => (await import('./commands/pipeline.js')).registerPipeline,
  },
  {
    name: 'bench',
    term: 'bench [options]',
    summary: 'run a quick benchmark of the core paths and print a table (full suites: npm run bench)',
    load: async () => (await import('./commands/bench.js')).registerBench,
  },
  {
    name: 'cluster',
    term: 'cluster',
    summary: 'factorise on several machines through Redis Streams',
    load: async () => (await import('./commands/cluster.js')).registerCluster,
  },
];
