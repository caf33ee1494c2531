import { toLogger, type Logger } from './logger.js';
import { ModelLifecycleState } from './lifecycle.js';
import type { ModelResult } from './ModelResult.js';
import { PrimeosError, toPrimeosError } from './PrimeosError.js';

/** Options every model accepts. */
export interface ModelOptions {
  /** The model's name, used as `source` in results. Defaults to the class's default name. */
  name?: string;
  /** Semantic version string reported in state. */
  version?: string;
  /** Logger; silent by default. */
  logger?: Logger;
}

/** Counters of `process()` calls. */
export interface OperationCounts {
  readonly total: number;
  readonly success: number;
  readonly failed: number;
}

/**
 * A snapshot of a model's state, as returned by {@link BaseModel.getState}.
 *
 * @typeParam C - the model-specific custom state
 */
export interface ModelState<C = unknown> {
  readonly lifecycle: ModelLifecycleState;
  readonly name: string;
  readonly version: string;
  readonly operationCount: OperationCounts;
  /** Number of failed operations of any kind (initialize, process, reset, terminate, illegal calls). */
  readonly errorCount: number;
  /** Milliseconds since a successful `initialize()` (0 before). */
  readonly uptime: number;
  readonly lastStateChangeTime: number;
  /** The last error seen, if any. */
  readonly lastError: PrimeosError | undefined;
  readonly custom: C | undefined;
}

/**
 * The PrimeOS lifecycle base class. Subclasses implement {@link BaseModel.onProcess} and may override
 * `onInitialize`, `onReset`, `onTerminate` and `getCustomState`.
 *
 * Lifecycle: `uninitialized → initializing → ready ⇄ processing → terminating → terminated`, plus `error`
 * (reached when `initialize()` fails; `initialize()` may be retried and `reset()` recovers).
 * Public operations never throw: illegal calls (process before initialize, anything after terminate)
 * and failing hooks yield a failed {@link ModelResult} with a coded error. A failing `onProcess` leaves
 * the model `ready`.
 *
 * @typeParam I - process input
 * @typeParam O - process output
 * @typeParam C - custom state returned by `getCustomState()`
 *
 * @example
 * ```ts
 * import { BaseModel } from 'primeos/model';
 * class Doubler extends BaseModel<number, number> {
 *   protected override onProcess(x: number): number { return 2 * x; }
 * }
 * const m = new Doubler({ name: 'doubler' });
 * await m.initialize();
 * (await m.process(21)).data; // 42
 * ```
 */
export abstract class BaseModel<I, O, C = unknown> {
  /** Model name (result `source`). */
  readonly name: string;
  /** Model version. */
  readonly version: string;
  /** The injected logger. */
  protected readonly logger: Logger;

  #lifecycle: ModelLifecycleState = ModelLifecycleState.Uninitialized;
  #inFlight = 0;
  #ops = { total: 0, success: 0, failed: 0 };
  #errorCount = 0;
  #startedAt = 0;
  #lastChange = Date.now();
  #lastError: PrimeosError | undefined;

  /** @param options - common model options */
  constructor(options: ModelOptions = {}) {
    this.name = options.name ?? this.defaultName();
    this.version = options.version ?? '0.1.0';
    this.logger = toLogger(options.logger);
  }

  /** The name used when none is given. */
  protected defaultName(): string {
    return 'model';
  }

  /** Prepare resources. Called once by `initialize()`. */
  protected onInitialize(): void | Promise<void> {}
  /** Do the model's work for one input. */
  protected abstract onProcess(input: I): O | Promise<O>;
  /** Clear caches and counters of the subclass. */
  protected onReset(): void | Promise<void> {}
  /** Release resources (workers, timers, handles). */
  protected onTerminate(): void | Promise<void> {}
  /** Model-specific state included in `getState().custom`. */
  protected getCustomState(): C | undefined {
    return undefined;
  }

  /** The current lifecycle state. */
  get lifecycle(): ModelLifecycleState {
    return this.#lifecycle;
  }

  /** True when `process()` may be called. */
  isReady(): boolean {
    return this.#lifecycle === ModelLifecycleState.Ready || this.#lifecycle === ModelLifecycleState.Processing;
  }

  /**
   * Initialise the model. Legal from `uninitialized` and `error`.
   *
   * @returns a successful result, or a failed one (`E_STATE` for an illegal call, the hook's error otherwise)
   */
  async initialize(): Promise<ModelResult<void>> {
    const t0 = performance.now();
    const l = this.#lifecycle;
    if (l !== ModelLifecycleState.Uninitialized && l !== ModelLifecycleState.Error) {
      return this.#illegal('initialize', t0);
    }
    this.#transition(ModelLifecycleState.Initializing);
    try {
      await this.onInitialize();
      this.#startedAt = Date.now();
      this.#transition(ModelLifecycleState.Ready);
      this.logger.debug('initialized', { model: this.name });
      return this.#ok(undefined, t0);
    } catch (err) {
      this.#transition(ModelLifecycleState.Error);
      return this.#fail(toPrimeosError(err, 'E_STATE'), t0);
    }
  }

  /**
   * Process one input. Legal in `ready` (and `processing`: calls may overlap).
   * A throwing `onProcess` gives a failed result and the model stays usable.
   *
   * @param input - the input
   * @returns the output in a successful result, or a failed result with a coded error
   */
  async process(input: I): Promise<ModelResult<O>> {
    const t0 = performance.now();
    if (!this.isReady()) return this.#illegal('process', t0);
    this.#inFlight++;
    this.#ops.total++;
    this.#transition(ModelLifecycleState.Processing);
    try {
      const data = await this.onProcess(input);
      this.#ops.success++;
      return this.#ok(data, t0);
    } catch (err) {
      this.#ops.failed++;
      return this.#fail(toPrimeosError(err, 'E_PROCESS'), t0);
    } finally {
      this.#inFlight--;
      if (this.#inFlight === 0 && this.#lifecycle === ModelLifecycleState.Processing) {
        this.#transition(ModelLifecycleState.Ready);
      }
    }
  }

  /**
   * Reset counters and subclass state. Legal in `ready` and `error`; leaves the model `ready`.
   *
   * @returns a successful or failed result
   */
  async reset(): Promise<ModelResult<void>> {
    const t0 = performance.now();
    const l = this.#lifecycle;
    if (l !== ModelLifecycleState.Ready && l !== ModelLifecycleState.Error) return this.#illegal('reset', t0);
    try {
      await this.onReset();
      this.#ops = { total: 0, success: 0, failed: 0 };
      this.#errorCount = 0;
      this.#lastError = undefined;
      if (l === ModelLifecycleState.Error) this.#startedAt = Date.now();
      this.#transition(ModelLifecycleState.Ready);
      return this.#ok(undefined, t0);
    } catch (err) {
      this.#transition(ModelLifecycleState.Error);
      return this.#fail(toPrimeosError(err, 'E_STATE'), t0);
    }
  }

  /**
   * Release resources. Legal in every state except `terminating`/`terminated`; the model ends `terminated`
   * even when the hook fails (the failure is reported).
   *
   * @returns a successful or failed result
   */
  async terminate(): Promise<ModelResult<void>> {
    const t0 = performance.now();
    const l = this.#lifecycle;
    if (l === ModelLifecycleState.Terminated || l === ModelLifecycleState.Terminating) {
      return this.#illegal('terminate', t0);
    }
    this.#transition(ModelLifecycleState.Terminating);
    try {
      await this.onTerminate();
      return this.#ok(undefined, t0);
    } catch (err) {
      return this.#fail(toPrimeosError(err, 'E_STATE'), t0);
    } finally {
      this.#transition(ModelLifecycleState.Terminated);
    }
  }

  /** A snapshot of the model's state. */
  getState(): ModelState<C> {
    return {
      lifecycle: this.#lifecycle,
      name: this.name,
      version: this.version,
      operationCount: { ...this.#ops },
      errorCount: this.#errorCount,
      uptime: this.#startedAt === 0 ? 0 : Date.now() - this.#startedAt,
      lastStateChangeTime: this.#lastChange,
      lastError: this.#lastError,
      custom: this.getCustomState(),
    };
  }

  #transition(to: ModelLifecycleState): void {
    if (this.#lifecycle !== to) {
      this.#lifecycle = to;
      this.#lastChange = Date.now();
    }
  }

  #ok<T>(data: T, t0: number): ModelResult<T> {
    return { success: true, data, timestamp: Date.now(), source: this.name, duration: performance.now() - t0 };
  }

  #fail<T>(error: PrimeosError, t0: number): ModelResult<T> {
    this.#errorCount++;
    this.#lastError = error;
    this.logger.warn(error.message, { model: this.name, code: error.code });
    return { success: false, error, timestamp: Date.now(), source: this.name, duration: performance.now() - t0 };
  }

  #illegal<T>(op: string, t0: number): ModelResult<T> {
    return this.#fail(
      new PrimeosError('E_STATE', `${this.name}: cannot ${op}() in state '${this.#lifecycle}'`, {
        operation: op,
        lifecycle: this.#lifecycle,
      }),
      t0,
    );
  }
}

/**
 * Initialise a freshly created model and return it, throwing its coded error when initialisation fails.
 * The building block of every `createAndInitialize…` factory.
 *
 * @param model - a model in state `uninitialized`
 * @returns the same model, now `ready`
 * @throws PrimeosError when `initialize()` fails
 */
export async function initializeOrThrow<M extends BaseModel<never, unknown, unknown>>(model: M): Promise<M> {
  const result = await model.initialize();
  if (!result.success) throw result.error;
  return model;
}
