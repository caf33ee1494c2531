import type { ChunkProcessorLike } from './ChunkProcessor.js';
import { MemoryLimitError } from './errors/MemoryLimitError.js';
import type { PullSource } from './sources/fromPull.js';
import { StreamPipeline } from './StreamPipeline.js';

/** Options of {@link processChunks}. */
export interface ProcessChunksOptions {
  /** The pipeline to build on (default: a standalone one). */
  readonly pipeline?: StreamPipeline<unknown>;
  /** Chunk size when the processor names none. */
  readonly defaultChunkSize?: number;
  readonly signal?: AbortSignal;
  /** Called each time the processor asks for backpressure before a chunk. */
  readonly onBackpressure?: () => void;
}

/** Waits granted to a processor asking for backpressure before its memory is judged against its budget. */
const BACKPRESSURE_WAITS = 20;

/**
 * Run `input` through a chunk processor on the engine: `batch(chunkSize)` → `asyncTransform(processChunk)` →
 * `catch(handleProcessingError)`, streamed (one chunk of outputs at a time, credit-bounded), then `flush()`
 * output last. Before each chunk, a processor that asks for backpressure is given time (event-loop turns) to
 * drain; if it still asks after that and its memory is above its budget, the stream fails with
 * `MemoryLimitError`.
 *
 * @param input - the items
 * @param processor - the chunk processor
 * @param options - pipeline, default chunk size, signal, backpressure listener
 * @returns the outputs, in order
 * @throws ChunkProcessingError / PipelineError from a failing chunk (unless `handleProcessingError` recovers),
 *   MemoryLimitError, `E_ABORTED`
 */
export async function* processChunks<T, R>(
  input: PullSource<T>,
  processor: ChunkProcessorLike<T, R>,
  options: ProcessChunksOptions = {},
): AsyncGenerator<R> {
  const size = processor.chunkSize ?? processor.config?.chunkSize ?? options.defaultChunkSize;
  const base = options.pipeline ?? new StreamPipeline();
  let chunkIndex = 0;
  const processed = base
    .source(input as PullSource<unknown>)
    .batch(size ?? 64)
    .asyncTransform(async (chunk) => {
      await relieve(processor, options.onBackpressure);
      return [...(await processor.processChunk(chunk as T[], chunkIndex++))];
    });
  const handle = processor.handleProcessingError?.bind(processor);
  const caught =
    handle === undefined
      ? processed.catch('propagate')
      : processed.catch((error, chunk) => {
          if (error instanceof MemoryLimitError) throw error; // memory is not the chunk's fault
          return handle(error, chunk as unknown as T[]) as R[] | null;
        });
  for await (const out of caught.toAsyncIterable(options.signal === undefined ? {} : { signal: options.signal })) {
    yield* out as R[];
  }
  if (processor.flush !== undefined) yield* await processor.flush();
}

async function relieve(processor: ChunkProcessorLike<unknown, unknown>, onBackpressure?: () => void): Promise<void> {
  if (processor.shouldApplyBackpressure?.() !== true) return;
  onBackpressure?.();
  for (let i = 0; i < BACKPRESSURE_WAITS && processor.shouldApplyBackpressure(); i++) {
    await new Promise<void>((r) => setTimeout(r, 1));
  }
  const budget = processor.config?.maxBufferSize;
  const heapUsed = process.memoryUsage().heapUsed;
  if (processor.shouldApplyBackpressure() && budget !== undefined && heapUsed > budget) {
    throw new MemoryLimitError(`memory above the processor's budget (${budget} bytes)`, { heapUsed, budget });
  }
}
