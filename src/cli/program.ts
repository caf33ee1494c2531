import { Command, CommanderError, Help } from 'commander';
import { reportCliError } from './cliError.js';
import { ExitCode } from './exitCode.js';

export { ExitCode } from './exitCode.js';

/** Streams the CLI writes to; injectable for tests. */
export interface CliIO {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
}

/** A subcommand registers itself on the root program and reports its exit code through `setExit`. */
export type CommandRegistrar = (program: Command, io: CliIO, setExit: (code: number) => void) => void;

/**
 * A subcommand whose module is imported only when it runs: the root help lists it by `term` and `summary`
 * without loading it (cold start: `primeos --help` loads no command module, `primeos factor` only its own).
 */
export interface LazyCommand {
  /** The command word, e.g. `factor`. */
  readonly name: string;
  /** How the root help shows it, e.g. `factor [options] [file]` (the same as commander derives from the command). */
  readonly term: string;
  /** The command's description (the root help's second column). */
  readonly summary: string;
  /** Import the command's module and return its registrar (`() => import('./commands/x.js').then(…)`). */
  readonly load: () => Promise<CommandRegistrar>;
}

/**
 * The command an argv asks for: its first word, or the word after `help` (the root's only options, `-V` and
 * `-h`, take no value, so the first word that is not an option is the command).
 *
 * @param argv - user arguments
 * @returns the command word, or undefined when there is none
 */
export function commandWordOf(argv: readonly string[]): string | undefined {
  const words = argv.filter((a) => !a.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

/**
 * Build the root `primeos` command. Commands in `loaded` are registered in full; the others appear in the help
 * as stubs (name, term, summary) and are never run: {@link runCli} loads the command an argv names first.
 *
 * @param version - the package version printed by `--version`
 * @param io - output streams
 * @param commands - every subcommand, in help order
 * @param loaded - registrars of the commands to register in full, by name
 * @param setExit - receives the exit code a subcommand decides on
 * @returns the configured commander program
 */
export function createProgram(
  version: string,
  io: CliIO,
  commands: readonly LazyCommand[],
  loaded: ReadonlyMap<string, CommandRegistrar>,
  setExit: (code: number) => void,
): Command {
  const stubTerms = new Map<Command, string>();
  const defaultHelp = new Help();
  const program = new Command('primeos')
    .description('Prime-encoded streams: factorise, encode, verify and run big-integer chunk streams.')
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .helpCommand('help [command]', 'show help for a command')
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
      // one line on stderr for usage errors; no help dump after it
      outputError: (s, write) => write(s.split('\n')[0] + '\n'),
    })
    .showHelpAfterError(false)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureHelp({ subcommandTerm: (cmd) => stubTerms.get(cmd) ?? defaultHelp.subcommandTerm(cmd) });
  for (const c of commands) {
    const register = loaded.get(c.name);
    if (register !== undefined) register(program, io, setExit);
    else stubTerms.set(program.command(c.name).description(c.summary), c.term);
  }
  return program;
}

/**
 * Run the CLI on an argv (without node and script) and resolve to the process exit code. Bare `primeos`
 * prints the help on stderr and exits 2 (a usage error: no command given); errors never reach the user as a
 * stack trace (see {@link reportCliError}).
 *
 * @param argv - user arguments
 * @param version - package version
 * @param io - output streams
 * @param commands - every subcommand; only the one the argv names is loaded
 * @returns the exit code, one of {@link ExitCode}
 */
export async function runCli(
  argv: readonly string[],
  version: string,
  io: CliIO,
  commands: readonly LazyCommand[],
): Promise<number> {
  let exitCode: number = ExitCode.Ok;
  const word = commandWordOf(argv);
  const wanted = commands.find((c) => c.name === word);
  const loaded = new Map<string, CommandRegistrar>();
  if (wanted !== undefined) loaded.set(wanted.name, await wanted.load());
  const program = createProgram(version, io, commands, loaded, (code) => {
    exitCode = code;
  });
  if (argv.length === 0) {
    io.stderr.write(program.helpInformation());
    return ExitCode.Usage;
  }
  let commandName = '';
  program.hook('preAction', (_root, action) => {
    commandName = action.name();
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
    return reportCliError(err, io, commandName === '' ? 'primeos' : `primeos ${commandName}`);
  }
}
