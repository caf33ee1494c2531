/** Log levels, least to most severe. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** The logger interface a model accepts; structurally compatible with pino and console-like loggers. */
export interface Logger {
  debug(message: string, context?: Record<string, unknown>): void;
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

const noop = (): void => undefined;

/** A logger that discards everything: the default for every model. */
export const silentLogger: Logger = Object.freeze({ debug: noop, info: noop, warn: noop, error: noop });

/**
 * A logger writing one JSON line per message to a stream (stderr by default), from `minLevel` up.
 * Bigints in context are written as decimal strings.
 *
 * @param minLevel - the least severe level written
 * @param write - the sink for each line
 * @returns a Logger
 */
export function createJsonLogger(
  minLevel: LogLevel = 'info',
  write: (line: string) => void = (line) => process.stderr.write(line + '\n'),
): Logger {
  const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
  const at =
    (level: LogLevel) =>
    (message: string, context?: Record<string, unknown>): void => {
      if (order[level] < order[minLevel]) return;
      write(
        JSON.stringify({ level, time: Date.now(), message, ...context }, (_k, v: unknown) =>
          typeof v === 'bigint' ? v.toString() : v,
        ),
      );
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** The part of a pino logger {@link toLogger} recognises: pino takes the context object first, the message second. */
interface PinoLike {
  debug(context: Record<string, unknown>, message: string): void;
  info(context: Record<string, unknown>, message: string): void;
  warn(context: Record<string, unknown>, message: string): void;
  error(context: Record<string, unknown>, message: string): void;
  bindings(): Record<string, unknown>;
  child(bindings: Record<string, unknown>): unknown;
}

const isPinoLike = (x: object): x is PinoLike =>
  typeof (x as Partial<PinoLike>).bindings === 'function' && typeof (x as Partial<PinoLike>).child === 'function';

/**
 * The {@link Logger} for what a caller passed: a pino logger (recognised by its `bindings()` and `child()`) is
 * adapted so that the context object reaches pino as fields (pino reads `(object, message)`; called as
 * `(message, object)` it would drop the object); any other logger is used as it is.
 *
 * @param logger - a Logger, a pino logger, or undefined
 * @returns a Logger (the {@link silentLogger} for undefined)
 * @example
 * ```ts
 * import pino from 'pino';
 * import { toLogger } from 'primeos/model';
 * toLogger(pino()).info('ready', { model: 'registry' }); // {"level":30,…,"model":"registry","msg":"ready"}
 * ```
 */
export function toLogger(logger: Logger | object | undefined): Logger {
  if (logger === undefined) return silentLogger;
  if (!isPinoLike(logger)) return logger as Logger;
  const p = logger;
  const at =
    (level: LogLevel) =>
    (message: string, context?: Record<string, unknown>): void =>
      p[level](context ?? {}, message);
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
