import type { Command } from 'commander';
import { decodeBytesReport, MAX_CHUNK_BITS } from '../../encoding/index.js';
import { chunkLines, writeOut } from '../input.js';
import { intOption } from '../options.js';
import { ExitCode, type CliIO, type CommandRegistrar } from '../program.js';

interface DecodeFlags {
  maxChunks: number;
}

async function decodeAction(file: string | undefined, flags: DecodeFlags, io: CliIO): Promise<number> {
  const chunks: bigint[] = [];
  let bad = 0;
  for await (const l of chunkLines(file, io, MAX_CHUNK_BITS)) {
    if (!('chunk' in l)) {
      bad++;
      io.stderr.write(`primeos decode: line ${l.line}: ${l.code}: ${l.message}\n`);
      continue;
    }
    if (chunks.length >= flags.maxChunks) {
      io.stderr.write(`primeos decode: more than ${flags.maxChunks} chunks (raise --max-chunks)\n`);
      return ExitCode.RecordsFailed;
    }
    chunks.push(l.chunk);
  }
  const report = decodeBytesReport(chunks);
  if (!report.ok) {
    // no bytes are written from a damaged stream: every problem is listed instead
    for (const issue of report.issues) io.stderr.write(`primeos decode: ${issue.code}: ${issue.message}\n`);
    if (report.issueCount > report.issues.length) {
      io.stderr.write(`primeos decode: … ${report.issueCount - report.issues.length} more issues\n`);
    }
    return ExitCode.RecordsFailed;
  }
  await writeOut(io.stdout, report.bytes);
  return bad > 0 ? ExitCode.RecordsFailed : ExitCode.Ok;
}

/** `primeos decode [file|-]`: chunks (one per line) back to bytes; every problem is reported on stderr. */
export const registerDecode: CommandRegistrar = (program: Command, io: CliIO, setExit) => {
  program
    .command('decode')
    .description('decode a block-framed chunk stream (one chunk per line) back to bytes on stdout')
    .argument('[file]', "input file, or '-' for stdin (default)")
    .option('--max-chunks <n>', 'refuse inputs with more chunks', intOption(1), 1 << 24)
    .action(async (file: string | undefined, flags: DecodeFlags) => {
      setExit(await decodeAction(file, flags, io));
    });
};
