import { Worker } from 'node:worker_threads';
import { PrimeosError, type ErrorCode } from '../../../model/PrimeosError.js';
import { parseBigInt } from '../../../primes/parseBigInt.js';
import { jsonText } from '../Item.js';

/** Limits and output reading of a WASM stage. */
export interface WasmSandboxOptions {
  /** The checked module bytes. */
  readonly bytes: Uint8Array;
  readonly output: 'text' | 'json' | 'bigint';
  readonly maxMemoryPages: number;
  readonly timeoutMs: number;
  readonly maxOutputBytes: number;
  /** Path of the worker module (default: the built `wasmWorker.js`). */
  readonly workerFile?: string;
}

type Reply =
  | { id: number; ok: true; output: Uint8Array }
  | { id: number; ok: false; code: ErrorCode; message: string; restart?: boolean };

/**
 * One WASM stage instance in its own worker thread: items are processed one at a time; an item that overruns
 * `timeoutMs` fails with `E_TIMEOUT` and the thread is terminated and replaced by a fresh instance, as is a
 * thread that dies. Errors come back typed (`E_WASM` for traps and aborts, `E_LIMIT` for memory/output limits).
 */
export class WasmSandbox {
  readonly #o: WasmSandboxOptions;
  readonly #file: string;
  #worker: Worker | undefined;
  #ready: Promise<void> | undefined;
  #seq = 0;
  #pending: { id: number; resolve: (r: Reply) => void; reject: (e: unknown) => void } | undefined;
  /** Threads started (1 + replacements). */
  starts = 0;

  private constructor(options: WasmSandboxOptions, file: string) {
    this.#o = options;
    this.#file = file;
  }

  /**
   * Start a sandbox (its thread instantiates the module).
   *
   * @param options - module bytes and limits
   * @returns the started sandbox
   */
  static async create(options: WasmSandboxOptions): Promise<WasmSandbox> {
    const file = options.workerFile ?? (await import('./wasmWorkerFile.js')).wasmWorkerPath();
    const s = new WasmSandbox(options, file);
    s.#start();
    await s.#ready;
    return s;
  }

  #start(): void {
    this.starts++;
    const w = new Worker(this.#file, {
      workerData: {
        bytes: this.#o.bytes,
        maxOutputBytes: this.#o.maxOutputBytes,
        maxMemoryPages: this.#o.maxMemoryPages,
      },
      resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 },
      stdout: true,
      stderr: true,
    });
    this.#worker = w;
    this.#ready = new Promise<void>((resolve, reject) => {
      const onError = (err: unknown): void =>
        reject(new PrimeosError('E_WASM', `module failed to start: ${(err as Error).message}`));
      w.once('error', onError);
      w.once('message', () => {
        w.off('error', onError);
        w.on('message', (r: Reply) => {
          const p = this.#pending;
          if (p === undefined || p.id !== r.id) return;
          this.#pending = undefined;
          p.resolve(r);
        });
        w.on('error', (err) => this.#crash(w, err));
        w.on('exit', () => this.#crash(w, new Error('worker exited')));
        resolve();
      });
    });
    this.#ready.catch(() => undefined);
  }

  #crash(w: Worker, err: unknown): void {
    if (w !== this.#worker) return;
    const p = this.#pending;
    this.#pending = undefined;
    this.#worker = undefined;
    p?.reject(new PrimeosError('E_WASM', `module thread died: ${(err as Error).message}`));
  }

  /** Replace the thread by a fresh instance (restart strategy). */
  restart(): void {
    const w = this.#worker;
    this.#worker = undefined;
    void w?.terminate();
    this.#start();
  }

  /**
   * Process one item: its value in as UTF-8 (bigints as decimal text, JSON values as JSON), the output bytes
   * read as `output` says.
   *
   * @param value - the item value
   * @returns the result
   * @throws PrimeosError `E_TIMEOUT`, `E_LIMIT`, `E_WASM` (trap, abort, bad output), `E_PARSE` (output not JSON/integer)
   */
  async process(value: unknown): Promise<unknown> {
    if (this.#worker === undefined) this.#start();
    await this.#ready;
    const w = this.#worker as Worker;
    const text = typeof value === 'string' ? value : typeof value === 'bigint' ? value.toString() : jsonText(value);
    const input = Buffer.from(text, 'utf8');
    const id = ++this.#seq;
    const reply = await new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending = undefined;
        this.#worker = undefined;
        void w.terminate();
        this.#start();
        reject(new PrimeosError('E_TIMEOUT', `item took longer than ${this.#o.timeoutMs} ms; the module was stopped`));
      }, this.#o.timeoutMs);
      this.#pending = {
        id,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      w.postMessage({ id, input });
    });
    if (!reply.ok) {
      if (reply.restart === true) this.restart();
      throw new PrimeosError(reply.code, reply.message);
    }
    const out = Buffer.from(reply.output.buffer, reply.output.byteOffset, reply.output.byteLength).toString('utf8');
    if (this.#o.output === 'text') return out;
    if (this.#o.output === 'bigint') return parseBigInt(out.trim(), { maxBits: 1 << 20 });
    try {
      return JSON.parse(out) as unknown;
    } catch {
      throw new PrimeosError('E_PARSE', `module output is not JSON: ${out.slice(0, 60)}`);
    }
  }

  /** Stop the thread. */
  async close(): Promise<void> {
    const w = this.#worker;
    this.#worker = undefined;
    await w?.terminate();
  }
}
