import { hasErrorCode } from '../model/PrimeosError.js';
import { ExitCode } from './exitCode.js';
import type { CliIO } from './program.js';

/** Codes of the primeos error family that mean "the user's request or input was refused". */
const USAGE_CODES: ReadonlySet<string> = new Set(['E_USAGE', 'E_RANGE', 'E_PARSE', 'E_CHECKPOINT']);

/** Replace control characters (terminal escapes, NUL, newlines) by visible escapes, as record messages do. */
export function escapeControl(text: string): string {
  return JSON.stringify(text)
    .slice(1, -1)
    .replace(/\\"/g, '"')
    .replace(/[\u007f-\u009f]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/**
 * True for a Node system error (`fs`, `net`…): an `Error` with a `syscall` and an `E…` errno code.
 *
 * @param err - any thrown value
 * @returns whether it is one
 */
export function isSystemError(err: unknown): err is NodeJS.ErrnoException & { code: string } {
  return (
    err instanceof Error &&
    typeof (err as NodeJS.ErrnoException).code === 'string' &&
    typeof (err as NodeJS.ErrnoException).syscall === 'string'
  );
}

/**
 * Print one plain line for an error that ended a command and return its exit code: a system error (missing
 * file, no permission, a directory, disk full…) → exit 3 with the path and the reason; a primeos
 * usage-class error (`E_USAGE`, `E_RANGE`, `E_PARSE`, `E_CHECKPOINT`) → 2; any other primeos error → 1 (the
 * command's records failed); anything else is a bug → "internal error", 70. Never a stack trace.
 *
 * @param err - the thrown value
 * @param io - where the message goes (stderr)
 * @param prefix - e.g. `primeos decode`
 * @returns the exit code
 */
export function reportCliError(err: unknown, io: Pick<CliIO, 'stderr'>, prefix: string): number {
  if (isSystemError(err)) {
    // Node's message is "ENOENT: no such file or directory, open '/x'": keep the reason, name the path
    const reason = /^[A-Z0-9_]+: ([^,]+)/.exec(err.message)?.[1] ?? err.message;
    const where = err.path !== undefined ? `${err.path}: ` : '';
    io.stderr.write(`${prefix}: ${escapeControl(where + reason)} (${err.code})\n`);
    return ExitCode.Io;
  }
  if (hasErrorCode(err)) {
    io.stderr.write(`${prefix}: ${err.code}: ${escapeControl(err.message)}\n`);
    if (USAGE_CODES.has(err.code)) return ExitCode.Usage;
    return err.code === 'E_INTERNAL' ? ExitCode.Internal : ExitCode.RecordsFailed;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr.write(`${prefix}: internal error: ${escapeControl(message)}\n`);
  return ExitCode.Internal;
}
