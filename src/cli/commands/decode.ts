import type { Command } from 'commander';
import { MAX_REPORTED_ISSUES } from '../../encoding/blockCodec.js';
import { BlockStreamDecoder } from '../../encoding/BlockStreamDecoder.js';
import { BufferedOutput } from '../BufferedOutput.js';
import { chunkLineBatches } from '../input.js';
import { intOption } from '../options.js';
import { ExitCode, type CliIO, type CommandRegistrar } from '../program.js';

interface DecodeFlags {
  maxChunks?: number;
}

/**
 * Stream the chunks through a {@link BlockStreamDecoder}: each block's bytes are written as soon as the next
 * block header closes it, after its checks pass; a damaged block is reported and left out, and the blocks
 * after it are still decoded. Memory: one read of input, one open block, one output buffer.
 */
async function decodeAction(file: string | undefined, flags: DecodeFlags, io: CliIO): Promise<number> {
  const out = new BufferedOutput(io.stdout);
  let problems = 0;
  const report = (message: string): void => {
    if (problems++ < MAX_REPORTED_ISSUES) io.stderr.write(`primeos decode: ${message}\n`);
  };
  const decoder = new BlockStreamDecoder({
    block: (b) => {
      if (b.ok) out.push(b.bytes);
    },
    issue: (issue) => report(`${issue.code}: ${issue.message}`),
  });
  const maxChunks = flags.maxChunks ?? Infinity;
  let chunks = 0;
  let badLines = 0;
  let stopped = false;
  read: for await (const batch of chunkLineBatches(file, io)) {
    for (const l of batch) {
      if (!('chunk' in l)) {
        badLines++;
        report(`line ${l.line}: ${l.code}: ${l.message}`);
        continue;
      }
      if (++chunks > maxChunks) {
        stopped = true;
        break read;
      }
      decoder.pushDecoded(l.chunk);
    }
    await out.flush();
  }
  if (!stopped) decoder.end();
  await out.flush();
  if (problems > MAX_REPORTED_ISSUES) {
    io.stderr.write(`primeos decode: … ${problems - MAX_REPORTED_ISSUES} more issues\n`);
  }
  if (stopped) io.stderr.write(`primeos decode: stopped after ${maxChunks} chunks (raise --max-chunks)\n`);
  if (decoder.damagedBlocks > 0) {
    io.stderr.write(
      `primeos decode: ${decoder.damagedBlocks} of ${decoder.blocks} blocks damaged, their bytes not written\n`,
    );
  }
  return stopped || badLines > 0 || decoder.issues > 0 ? ExitCode.RecordsFailed : ExitCode.Ok;
}

/** `primeos decode [file|-]`: chunks (one per line) back to bytes, block by block; every problem is reported on stderr. */
export const registerDecode: CommandRegistrar = (program: Command, io: CliIO, setExit) => {
  program
    .command('decode')
    .description(
      'decode a block-framed chunk stream (one chunk per line) back to bytes on stdout, block by block; ' +
        'damaged blocks are reported on stderr and left out (exit 1)',
    )
    .argument('[file]', "input file, or '-' for stdin (default)")
    .option('--max-chunks <n>', 'stop after this many chunks (exit 1; default: no limit)', intOption(1))
    .action(async (file: string | undefined, flags: DecodeFlags) => {
      setExit(await decodeAction(file, flags, io));
    });
};
