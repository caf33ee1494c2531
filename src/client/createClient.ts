import type { JobStatus } from '../stream/jobs/JobStatus.js';
import { PrimeosError, type ErrorCode } from '../model/PrimeosError.js';
import { backoffDelay, isTransientError, retryAfterMs, sleep, TRANSIENT_STATUSES } from './internal/retry.js';
import { completeLines, streamChunks } from './internal/ndjsonLines.js';

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** Base URL of a `primeos serve`, e.g. `http://127.0.0.1:8080`. */
  readonly url: string | URL;
  /** Bearer token, when the server has one. */
  readonly token?: string;
  /** Retries in a row after transient failures (ECONNRESET, ECONNREFUSED, ETIMEDOUT, 502, 503, 429); default 8. */
  readonly retries?: number;
  /** First retry delay (ms, default 100), doubling up to `maxDelayMs` (default 5000), with jitter. */
  readonly minDelayMs?: number;
  readonly maxDelayMs?: number;
}

/** Defaults of {@link ClientOptions}. */
export const CLIENT_DEFAULTS = { retries: 8, minDelayMs: 100, maxDelayMs: 5_000 } as const;

/** Query options of a factor request (the flags of `primeos factor`). */
export interface FactorRequestOptions {
  readonly budgetMs?: number;
  readonly maxBits?: number;
  readonly seed?: number;
  readonly input?: 'auto' | 'lines' | 'ndjson';
  readonly hex?: boolean;
  readonly timings?: boolean;
  /** Stops the request (the iteration rejects with `E_ABORTED`). */
  readonly signal?: AbortSignal;
}

/** One item for {@link PrimeosClient.factor}: a number, or a raw input line (decimal, 0x-hex, or NDJSON `{"n": …}`). */
export type FactorInput = bigint | number | string;

/** A factor record as the server (and `primeos factor`) writes it; bigints are strings. */
export interface FactorRecord {
  readonly line: number;
  readonly status: 'complete' | 'partial' | 'failed';
  readonly n?: string;
  readonly input?: string;
  readonly factors?: readonly { readonly prime: string; readonly exponent: number; readonly certainty: string }[];
  readonly error?: { readonly code: string; readonly message: string };
  readonly [key: string]: unknown;
}

/** A raw record line: its input line number and its exact NDJSON text (without `\n`). */
export interface RecordLine {
  readonly line: number;
  readonly text: string;
}

/** A durable job's status (`GET /v1/jobs/:id`): the server's {@link JobStatus}, one type on both sides. */
export type ClientJobStatus = JobStatus;

/** A server-sent job event. */
export interface ClientJobEvent {
  readonly type: string;
  readonly status: ClientJobStatus;
}

/** The durable-job calls of a {@link PrimeosClient}. */
export interface JobsClient {
  /** Submit a job (the body is sent once; a failure before the answer is retried only for a string or bytes). */
  create(input: string | Uint8Array, options?: Omit<FactorRequestOptions, 'timings'>): Promise<ClientJobStatus>;
  get(id: string): Promise<ClientJobStatus>;
  list(): Promise<ClientJobStatus[]>;
  delete(id: string): Promise<void>;
  /**
   * The job's record lines from record `from`, following it until it is done; a cut stream (or a server
   * restart) resumes at the next record, so each record comes once, in order.
   */
  results(id: string, options?: { readonly from?: number; readonly signal?: AbortSignal }): AsyncIterable<string>;
  /** The job's events until `done` (or `deleted`). */
  events(id: string, options?: { readonly signal?: AbortSignal }): AsyncIterable<ClientJobEvent>;
}

/** A client of `primeos serve` over HTTP (see {@link createClient}). */
export interface PrimeosClient {
  /**
   * Factorise a stream of numbers: records come in input order, one per number (none for blank or `#` lines),
   * exactly as `primeos factor` writes them. The input is streamed and read only as fast as records come back;
   * a transient failure resumes with the first number whose record did not arrive, so the caller sees every
   * record once, in order.
   */
  factor(
    numbers: AsyncIterable<FactorInput> | Iterable<FactorInput>,
    options?: FactorRequestOptions,
  ): AsyncIterable<FactorRecord>;
  /** {@link PrimeosClient.factor} as raw record lines (the exact bytes of each record). */
  factorLines(
    lines: AsyncIterable<FactorInput> | Iterable<FactorInput>,
    options?: FactorRequestOptions,
  ): AsyncIterable<RecordLine>;
  readonly jobs: JobsClient;
  /** `GET /healthz` answered 200. */
  health(): Promise<boolean>;
}

const RECORD_LINE = /^\{"line":(\d+)[,}]/;

function toLine(x: FactorInput): string {
  const s = typeof x === 'string' ? x : x.toString();
  // one item is one line: a line break inside an item would shift every later record
  return s.includes('\n') || s.includes('\r') ? s.replace(/[\r\n]+/g, ' ') : s;
}

/**
 * A client of `primeos serve` (docs/SERVER.md) over `fetch` (undici in Node): streaming factorisation with
 * resume, durable jobs, health. Transient failures — ECONNRESET, ECONNREFUSED, ETIMEDOUT, a cut response, 502,
 * 503, 429 (honouring `Retry-After`) — are retried up to `retries` times in a row with exponential backoff and
 * jitter; streams resume where they stopped.
 *
 * @param options - server URL, token, retry policy
 * @returns the client
 * @example
 * ```ts
 * import { createClient } from 'primeos/client';
 * const client = createClient({ url: 'http://127.0.0.1:8080' });
 * for await (const r of client.factor([12n, 91n, '0x1f'])) console.log(r.n, r.factors);
 * ```
 */
export function createClient(options: ClientOptions): PrimeosClient {
  const base = new URL(options.url);
  const retries = options.retries ?? CLIENT_DEFAULTS.retries;
  const minDelay = options.minDelayMs ?? CLIENT_DEFAULTS.minDelayMs;
  const maxDelay = options.maxDelayMs ?? CLIENT_DEFAULTS.maxDelayMs;
  const auth: Record<string, string> = options.token === undefined ? {} : { authorization: `Bearer ${options.token}` };
  const urlOf = (path: string, query: Record<string, string | number | boolean | undefined> = {}): URL => {
    const u = new URL(path, base);
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== false) u.searchParams.set(k, String(v));
    return u;
  };

  /** Turn a non-2xx response into a PrimeosError (with the server's code), or undefined when it is transient. */
  const failure = async (res: Response): Promise<PrimeosError> => {
    let code: ErrorCode = 'E_PROCESS';
    let message = `HTTP ${res.status}`;
    try {
      const body = (await res.json()) as { error?: { code?: string; message?: string } };
      if (typeof body.error?.code === 'string' && body.error.code.startsWith('E_')) code = body.error.code as ErrorCode;
      if (typeof body.error?.message === 'string') message = body.error.message;
    } catch {
      // not a JSON error body
    }
    return new PrimeosError(code, message, { status: res.status });
  };

  /**
   * Run `attempt` until it succeeds, retrying transient failures. `attempt` reports progress (which resets the
   * count of failures in a row) by calling its argument.
   */
  const withRetries = async <T>(attempt: (progress: () => void) => Promise<T>, signal?: AbortSignal): Promise<T> => {
    let failures = 0;
    for (;;) {
      let wait: number;
      try {
        return await attempt(() => (failures = 0));
      } catch (err) {
        wait = retryWait(err, failures, retries, signal);
      }
      await sleep(backoffDelay(failures++, minDelay, maxDelay, wait), signal);
    }
  };

  const request = async (url: URL, init: RequestInit = {}): Promise<Response> => {
    const res = await fetch(url, { ...init, headers: { ...auth, ...(init.headers as Record<string, string>) } });
    if (res.ok) return res;
    const err = await failure(res);
    if (TRANSIENT_STATUSES.has(res.status))
      throw new TransientStatus(err, retryAfterMs(res.headers.get('retry-after')));
    throw err;
  };

  const json = <T>(url: URL, init: RequestInit = {}): Promise<T> =>
    withRetries(async () => (await (await request(url, init)).json()) as T);

  async function* factorLines(
    items: AsyncIterable<FactorInput> | Iterable<FactorInput>,
    o: FactorRequestOptions = {},
  ): AsyncGenerator<RecordLine> {
    const source: AsyncIterator<FactorInput> | Iterator<FactorInput> =
      Symbol.asyncIterator in items
        ? (items as AsyncIterable<FactorInput>)[Symbol.asyncIterator]()
        : (items as Iterable<FactorInput>)[Symbol.iterator]();
    // lines sent whose records have not all arrived: pending[i] is line `confirmed + 1 + i`
    const pending: string[] = [];
    let confirmed = 0;
    let sourceDone = false;
    let generation = 0;
    const abort = new AbortController();
    const onAbort = (): void => abort.abort(o.signal?.reason);
    o.signal?.addEventListener('abort', onAbort, { once: true });
    // one pull from the source at a time, appended to `pending` whichever request asked for it (order kept)
    let pulling: Promise<void> | undefined;
    const pullOne = (): Promise<void> =>
      (pulling ??= (async () => {
        const r = await source.next();
        if (r.done === true) sourceDone = true;
        else pending.push(toLine(r.value));
      })().finally(() => (pulling = undefined)));
    let failures = 0;
    try {
      for (;;) {
        const gen = ++generation;
        let sent = 0; // pending lines this request has sent
        let carry: Promise<IteratorResult<FactorInput>> | undefined;
        const nextLine = async (): Promise<string | undefined> => {
          for (;;) {
            if (sent < pending.length) return pending[sent++];
            if (sourceDone || gen !== generation) return undefined;
            await pullOne();
          }
        };
        const body = new ReadableStream<Uint8Array>(
          {
            async pull(controller) {
              // batch what is ready now into one chunk: lines that arrive later go in the next one
              let text = '';
              for (;;) {
                const p = (carry ??= nextLine().then(
                  (value) => ({ done: value === undefined, value }) as IteratorResult<string>,
                ));
                const r = text === '' ? await p : await Promise.race([p, nextTick()]);
                if (r === TICK) break;
                carry = undefined;
                const res = r as IteratorResult<string>;
                if (res.done === true) {
                  if (text !== '') controller.enqueue(encoder.encode(text));
                  controller.close();
                  return;
                }
                text += res.value + '\n';
                if (text.length >= 64 * 1024) break;
              }
              controller.enqueue(encoder.encode(text));
            },
          },
          { highWaterMark: 0 },
        );
        const query = {
          budgetMs: o.budgetMs,
          maxBits: o.maxBits,
          seed: o.seed,
          input: o.input,
          hex: o.hex,
          timings: o.timings,
          firstLine: confirmed + 1,
        };
        let wait = 0;
        try {
          const res = await request(urlOf('/v1/factor', query), {
            method: 'POST',
            body,
            duplex: 'half',
            headers: { 'content-type': 'text/plain' },
            signal: abort.signal,
          } as RequestInit);
          for await (const text of completeLines(streamChunks(res.body as ReadableStream<Uint8Array>))) {
            const m = RECORD_LINE.exec(text);
            if (m === null) throw new PrimeosError('E_PARSE', `not a factor record: ${text.slice(0, 80)}`);
            const line = Number(m[1]);
            const done = line - confirmed;
            if (done > 0) {
              pending.splice(0, done);
              sent = Math.max(0, sent - done);
              confirmed = line;
            }
            failures = 0;
            yield { line, text };
          }
          if (sourceDone && sent >= pending.length) return;
          throw new PrimeosError('E_PROCESS', 'the server ended the stream before the input');
        } catch (err) {
          generation++; // the old body stops pulling from the source
          wait = retryWait(err, failures, retries, o.signal);
        }
        // a cut stream's unconsumed records are re-sent from the first unconfirmed line
        await sleep(backoffDelay(failures++, minDelay, maxDelay, wait), o.signal);
      }
    } finally {
      o.signal?.removeEventListener('abort', onAbort);
      abort.abort();
      if (!sourceDone) await source.return?.();
    }
  }

  async function* factor(
    items: AsyncIterable<FactorInput> | Iterable<FactorInput>,
    o: FactorRequestOptions = {},
  ): AsyncGenerator<FactorRecord> {
    for await (const r of factorLines(items, o)) yield JSON.parse(r.text) as FactorRecord;
  }

  const jobs: JobsClient = {
    create: (input, o = {}) =>
      json<ClientJobStatus>(
        urlOf('/v1/jobs', { budgetMs: o.budgetMs, maxBits: o.maxBits, seed: o.seed, input: o.input, hex: o.hex }),
        { method: 'POST', body: input, ...(o.signal ? { signal: o.signal } : {}) },
      ),
    get: (id) => json<ClientJobStatus>(urlOf(`/v1/jobs/${encodeURIComponent(id)}`)),
    list: async () => (await json<{ jobs: ClientJobStatus[] }>(urlOf('/v1/jobs'))).jobs,
    delete: (id) =>
      withRetries(async () => {
        const res = await request(urlOf(`/v1/jobs/${encodeURIComponent(id)}`), { method: 'DELETE' });
        await res.body?.cancel();
      }),
    results: async function* (id, o = {}) {
      let next = o.from ?? 0;
      let failures = 0;
      for (;;) {
        let wait: number;
        try {
          const res = await request(urlOf(`/v1/jobs/${encodeURIComponent(id)}/results`, { from: next }), {
            ...(o.signal ? { signal: o.signal } : {}),
          });
          for await (const text of completeLines(streamChunks(res.body as ReadableStream<Uint8Array>))) {
            next++;
            failures = 0;
            yield text;
          }
          // the stream ended: done, or the server stopped following (restart, interruption)
          const status = await jobs.get(id);
          if (status.state === 'done' && next >= status.progress.records) return;
          if (status.state === 'failed') {
            throw new PrimeosError('E_PROCESS', `job ${id} failed: ${status.error?.message ?? 'unknown error'}`);
          }
          wait = minDelay;
        } catch (err) {
          wait = retryWait(err, failures, retries, o.signal);
        }
        await sleep(backoffDelay(failures++, minDelay, maxDelay, wait), o.signal);
      }
    },
    events: async function* (id, o = {}) {
      const res = await withRetries(
        () => request(urlOf(`/v1/jobs/${encodeURIComponent(id)}/events`), o.signal ? { signal: o.signal } : {}),
        o.signal,
      );
      let type = 'message';
      let data = '';
      for await (const line of completeLines(streamChunks(res.body as ReadableStream<Uint8Array>))) {
        if (line.startsWith('event:')) type = line.slice(6).trim();
        else if (line.startsWith('data:')) data += line.slice(5).trim();
        else if (line === '' && data !== '') {
          yield { type, status: JSON.parse(data) as ClientJobStatus };
          type = 'message';
          data = '';
        }
      }
    },
  };

  return {
    factor,
    factorLines,
    jobs,
    health: async () => {
      try {
        const res = await fetch(urlOf('/healthz'));
        await res.body?.cancel();
        return res.status === 200;
      } catch {
        return false;
      }
    },
  };
}

const encoder = new TextEncoder();
const TICK = Symbol('tick');
const nextTick = (): Promise<typeof TICK> => new Promise((resolve) => setImmediate(() => resolve(TICK)));

/**
 * The decision after a failed attempt: when the failure is transient and retries remain, the server's
 * `Retry-After` in milliseconds (0 when it gave none); otherwise it throws what the caller sees — `E_ABORTED`
 * when the signal aborted, the server's error for a transient status, `E_UNAVAILABLE` for a connection that
 * kept failing, or the error itself.
 */
function retryWait(err: unknown, failures: number, retries: number, signal: AbortSignal | undefined): number {
  if (signal?.aborted) throw new PrimeosError('E_ABORTED', 'aborted', undefined, { cause: signal.reason });
  const transient = err instanceof TransientStatus || isTransientError(err);
  if (!transient || failures >= retries) {
    if (err instanceof TransientStatus) throw err.error;
    if (transient) {
      throw new PrimeosError('E_UNAVAILABLE', `server unreachable after ${failures} retries`, undefined, {
        cause: err,
      });
    }
    throw err;
  }
  return err instanceof TransientStatus ? err.retryAfterMs : 0;
}

/** A transient HTTP status (429, 502, 503), carrying the server's error and its `Retry-After`. */
class TransientStatus extends Error {
  readonly error: PrimeosError;
  readonly retryAfterMs: number;
  constructor(error: PrimeosError, retryAfter: number) {
    super(error.message);
    this.error = error;
    this.retryAfterMs = retryAfter;
  }
}
