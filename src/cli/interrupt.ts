import { PrimeosError } from '../model/PrimeosError.js';
import { ExitCode } from './exitCode.js';

/** What {@link listenForInterrupt} returns: an abort signal raised by SIGINT or SIGTERM. */
export interface Interrupt {
  /** Aborted (reason: `PrimeosError` `E_ABORTED`) at the first SIGINT or SIGTERM. */
  readonly signal: AbortSignal;
  /** The signal received, if any. */
  readonly received: 'SIGINT' | 'SIGTERM' | undefined;
  /** {@link ExitCode.Interrupted} (130) after SIGINT, {@link ExitCode.Terminated} (143) after SIGTERM, else `undefined`. */
  readonly exitCode: number | undefined;
  /**
   * Stop (`false`) or resume (`true`) listening for a while: during synchronous work that cannot see the abort,
   * a signal then takes Node's default action at once (the process ends by that signal: 130/143 in a shell).
   */
  listen(on: boolean): void;
  /** Stop listening (restores Node's default handling). */
  dispose(): void;
}

/**
 * Turn SIGINT/SIGTERM into an `AbortSignal` so a command can stop cleanly (flush, save its checkpoint) and
 * exit 130/143. A second signal while the command is still stopping exits at once with the same code.
 *
 * @returns the interrupt handle; call `dispose()` when the command ends
 */
export function listenForInterrupt(): Interrupt {
  const controller = new AbortController();
  let received: 'SIGINT' | 'SIGTERM' | undefined;
  const codeOf = (s: 'SIGINT' | 'SIGTERM'): number => (s === 'SIGINT' ? ExitCode.Interrupted : ExitCode.Terminated);
  const on = (s: 'SIGINT' | 'SIGTERM') => (): void => {
    if (received !== undefined) process.exit(codeOf(received));
    received = s;
    controller.abort(new PrimeosError('E_ABORTED', `stopped by ${s}`));
  };
  const onInt = on('SIGINT');
  const onTerm = on('SIGTERM');
  let listening = false;
  const listen = (on: boolean): void => {
    if (on === listening) return;
    listening = on;
    if (on) {
      process.on('SIGINT', onInt);
      process.on('SIGTERM', onTerm);
    } else {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    }
  };
  listen(true);
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    get exitCode() {
      return received === undefined ? undefined : codeOf(received);
    },
    listen,
    dispose() {
      listen(false);
    },
  };
}
