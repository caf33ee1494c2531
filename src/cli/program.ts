import { Command, CommanderError } from 'commander';

/** Exit codes of the primeos CLI (DESIGN §8). */
export const ExitCode = { Ok: 0, RecordsFailed: 1, Usage: 2, Interrupted: 130 } as const;

/** Streams the CLI writes to; injectable for tests. */
export interface CliIO {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
}

/** A subcommand registers itself on the root program and reports its exit code through `setExit`. */
export type CommandRegistrar = (program: Command, io: CliIO, setExit: (code: number) => void) => void;

/**
 * Build the root `primeos` command with the given subcommands.
 *
 * @param version - the package version printed by `--version`
 * @param io - output streams
 * @param registrars - subcommand registrars
 * @param setExit - receives the exit code a subcommand decides on
 * @returns the configured commander program
 */
export function createProgram(
  version: string,
  io: CliIO,
  registrars: readonly CommandRegistrar[],
  setExit: (code: number) => void,
): Command {
  const program = new Command('primeos')
    .description('Prime-encoded streams: factorise, encode, verify and run big-integer chunk streams.')
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
      // one line on stderr for usage errors; no help dump after it
      outputError: (s, write) => write(s.split('\n')[0] + '\n'),
    })
    .showHelpAfterError(false)
    .exitOverride();
  for (const register of registrars) register(program, io, setExit);
  program.action(() => {
    // bare `primeos`: show help
    program.outputHelp();
  });
  return program;
}

/**
 * Run the CLI on an argv (without node and script) and resolve to the process exit code.
 *
 * @param argv - user arguments
 * @param version - package version
 * @param io - output streams
 * @param registrars - subcommand registrars
 * @returns the exit code: 0 ok, 1 some records failed, 2 usage error, 130 interrupted
 */
export async function runCli(
  argv: readonly string[],
  version: string,
  io: CliIO,
  registrars: readonly CommandRegistrar[],
): Promise<number> {
  let exitCode: number = ExitCode.Ok;
  const program = createProgram(version, io, registrars, (code) => {
    exitCode = code;
  });
  program.commands.forEach((c) => c.exitOverride());
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
        return ExitCode.Ok;
      }
      return ExitCode.Usage;
    }
    throw err;
  }
}
