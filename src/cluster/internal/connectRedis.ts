import { createClient, ErrorReply } from 'redis';
import { PrimeosError } from '../../model/PrimeosError.js';

function newClient(url: string, timeoutMs: number, reconnect: (retries: number, cause: Error) => number | Error) {
  return createClient({ url, socket: { connectTimeout: Math.min(timeoutMs, 10_000), reconnectStrategy: reconnect } });
}

/** Longest wait for the first connection of a client. */
export const INITIAL_CONNECT_MS = 5000;

/** A node-redis client (RESP3, default modules). */
export type RedisConnection = ReturnType<typeof newClient>;

/**
 * Connect to Redis, reconnecting with a short backoff after a drop; after `timeoutMs` without a connection the
 * client gives up and its commands fail with `E_STATE`.
 *
 * @param url - `redis://…`
 * @param timeoutMs - how long Redis may stay unreachable
 * @param onError - receives connection errors (node-redis requires a listener)
 * @returns the connected client
 * @throws PrimeosError `E_STATE` when Redis cannot be reached within `timeoutMs`
 */
export async function connectRedis(
  url: string,
  timeoutMs: number,
  onError: (err: Error) => void = () => undefined,
): Promise<RedisConnection> {
  let downSince: number | undefined;
  // the first connection waits at most INITIAL_CONNECT_MS: a wrong URL is reported at once, not after timeoutMs
  let limit = Math.min(timeoutMs, INITIAL_CONNECT_MS);
  let reported = false;
  const client = newClient(url, timeoutMs, (retries, cause) => {
    downSince ??= Date.now();
    if (Date.now() - downSince >= limit) {
      return new PrimeosError('E_STATE', `Redis at ${url} unreachable for ${limit} ms: ${cause.message}`);
    }
    return Math.min(50 * 2 ** retries, 500);
  });
  // one report per outage, not one per reconnection attempt
  client.on('error', (err: Error) => {
    if (reported) return;
    reported = true;
    onError(err);
  });
  client.on('ready', () => {
    downSince = undefined;
    reported = false;
    limit = timeoutMs;
  });
  try {
    await client.connect();
  } catch (err) {
    client.destroy();
    const msg =
      err instanceof PrimeosError ? err.message : `cannot connect to Redis at ${url}: ${(err as Error).message}`;
    throw new PrimeosError('E_STATE', msg, undefined, { cause: err });
  }
  return client;
}

/**
 * True for an error Redis itself replied (a refused command), as opposed to a dropped connection.
 *
 * @param err - any thrown value
 * @returns whether retrying the same command cannot help
 */
export function isReplyError(err: unknown): boolean {
  return err instanceof ErrorReply;
}

/**
 * Run a command, retrying after connection drops (node-redis reconnects and queues commands meanwhile) until it
 * succeeds, Redis refuses it, or the client gives up. Only for idempotent commands or scripts.
 *
 * @param client - the connection
 * @param fn - the command
 * @param signal - stops retrying
 * @returns the command's reply
 * @throws the reply error; PrimeosError `E_STATE` once the client gave up
 */
export async function retrying<T>(client: RedisConnection, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (isReplyError(err)) throw err;
      if (!client.isOpen) {
        throw hasStateCode(err)
          ? err
          : new PrimeosError('E_STATE', `Redis connection closed: ${(err as Error).message}`, undefined, {
              cause: err,
            });
      }
      if (signal?.aborted) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function hasStateCode(err: unknown): err is PrimeosError {
  return err instanceof PrimeosError && err.code === 'E_STATE';
}
