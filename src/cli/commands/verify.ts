import type { Command } from 'commander';
import { verifyRecordJson } from '../../stream/jobs/verifyRecord.js';
import { BufferedOutput } from '../BufferedOutput.js';
import { chunkLineBatches } from '../input.js';
import { ExitCode, type CliIO, type CommandRegistrar } from '../program.js';

async function verifyAction(file: string | undefined, io: CliIO): Promise<number> {
  let bad = 0;
  let total = 0;
  const out = new BufferedOutput(io.stdout);
  for await (const batch of chunkLineBatches(file, io)) {
    for (const l of batch) {
      total++;
      const { json, valid } = verifyRecordJson(l.line, 'chunk' in l ? l.chunk : l);
      if (!valid) bad++;
      out.pushText(json + '\n');
    }
    await out.flush();
  }
  await out.flush();
  io.stderr.write(`primeos verify: ${total - bad} of ${total} chunks valid\n`);
  return bad > 0 ? ExitCode.RecordsFailed : ExitCode.Ok;
}

/** `primeos verify [file|-]`: one NDJSON verdict per chunk (kind and fields, or the invalid code), streamed. */
export const registerVerify: CommandRegistrar = (program: Command, io: CliIO, setExit) => {
  program
    .command('verify')
    .description('check the integrity of chunks (one per line): one NDJSON verdict per chunk; exit 1 if any fails')
    .argument('[file]', "input file, or '-' for stdin (default)")
    .action(async (file: string | undefined) => {
      setExit(await verifyAction(file, io));
    });
};
