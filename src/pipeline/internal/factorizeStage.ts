import { Observable, type OperatorFunction } from 'rxjs';
import { PrimeosError, toPrimeosError } from '../../model/PrimeosError.js';
import { BatchSizer } from '../../stream/BatchSizer.js';
import type { FactorJobBatchInput, FactorJobBatchOutput } from '../../stream/jobs/factorJobBatch.js';
import type { FactorJobSettings } from '../../stream/jobs/JobCheckpoint.js';
import { isJobSkipLine } from '../../stream/jobs/jobLine.js';
import type { WorkerPool } from '../../stream/WorkerPool.js';
import { jsonText, RawJson, type Item } from './Item.js';
import { LineBlock } from './LineBlock.js';
import type { NodeContext, Out } from './NodeContext.js';
import { RecordBlock } from './RecordBlock.js';
import { LINE_BLOCK_LINES } from './sources.js';

/** How a factorize node sizes its tasks when its `batch` is not fixed: lines (or items) per task. */
export const FACTORIZE_BATCH_SIZER = {
  targetBatchMs: 25,
  minSize: 1,
  maxSize: 16 * LINE_BLOCK_LINES,
  initialSize: 16,
} as const;

/** The text a factor-job line parser reads for a single item. */
const jobEntry = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'bigint' ? v.toString() : jsonText(v);

/** One task in flight, in input order: its outputs once done. */
interface Task {
  outs: Out[] | undefined;
}

/**
 * The operator of a `factorize` node: the factor job's batch worker (`factorJobBatch`, on the node's pool or
 * in-thread) applied to its input, records in input order.
 *
 * Work is cut into tasks on demand: whenever a task slot is free (two per worker thread), the next task takes
 * what waits, up to the size the measured costs ask for (many small numbers per task, few big ones). Blocks of
 * lines that continue one another go as one text, as the factor job sends a batch, and a block larger than a
 * task is cut; single items (numbers, JSON, lines from other nodes) go as a list. So tasks grow while the workers
 * are the bottleneck and stay small, for latency, while the input is. Records of a block go out as blocks no
 * larger than the node's out-edges hold; each input's credit ends with its last record.
 *
 * @param ctx - the node's context
 * @param pool - its worker pool (undefined: in-thread)
 * @param maxOutItems - most records per output block
 * @returns the operator
 */
export function factorizeOperator(
  ctx: NodeContext,
  pool: WorkerPool | undefined,
  maxOutItems: number,
): OperatorFunction<Item, Out> {
  const o = ctx.node.options;
  const settings: FactorJobSettings = {
    input: o.input as FactorJobSettings['input'],
    format: 'ndjson',
    budgetMs: o.budgetMs as number,
    seed: o.seed as number,
    maxBits: o.maxBits as number,
    maxLineBytes: 1 << 30,
    hex: o.hex as boolean,
    timings: o.timings as boolean,
  };
  const task = pool?.timedTask<FactorJobBatchInput, FactorJobBatchOutput>('factorJobBatch');
  const slots = pool !== undefined ? pool.threads * 2 : 1;
  const sizer = o.batch === undefined ? new BatchSizer(FACTORIZE_BATCH_SIZER) : undefined;
  const perTask = (): number => (o.batch as number | undefined) ?? (sizer as BatchSizer).size;

  let tasksRun = 0;
  /** One task: on the pool, or in-thread (no pool, or a whole input that is one task: no thread to start). */
  const factor = async (input: FactorJobBatchInput, n: number, alone: boolean): Promise<FactorJobBatchOutput> => {
    let out: FactorJobBatchOutput;
    let ms: number;
    const t0 = performance.now();
    if (task !== undefined && !(alone && tasksRun === 0)) {
      // the task's own run time on its thread: sizing by the wall time would shrink tasks as the queue grows
      const r = await task(input, ctx.signal);
      out = r.value;
      ms = r.runMs ?? performance.now() - t0;
    } else {
      // in-thread only: with workers the main thread never loads the engines
      const { factorJobBatch } = await import('../../stream/jobs/factorJobBatch.js');
      const t1 = performance.now();
      out = factorJobBatch(input, ctx.signal);
      ms = performance.now() - t1;
    }
    tasksRun++;
    sizer?.record(ms, n);
    const each = ms / Math.max(1, out.records);
    for (let i = 0; i < out.records; i++) {
      ctx.metrics.recordIn();
      ctx.metrics.recordOut(each);
    }
    ctx.record.processed += out.records;
    return out;
  };

  /** Lines that continue one another, as one task; `credits` inputs end with it. */
  const lineTask = async (lines: LineBlock, credits: number, alone: boolean): Promise<Out[]> => {
    const input = { text: lines.text, firstLine: lines.firstLine, stripCr: lines.stripCr, settings };
    const out = await factor(input, lines.count, alone);
    const outs = new RecordBlock(out.text, out.records, lines)
      .split(maxOutItems)
      .map((v): Out => ({ item: { v, line: v.source.lastLine, end: v.source.end }, credits: 0 }));
    const last = outs[outs.length - 1] as Out;
    outs[outs.length - 1] = { item: last.item, credits };
    return outs;
  };

  /** Single items as one task (each ends its own credit). */
  const itemTask = async (items: Item[], alone: boolean): Promise<Out[]> => {
    const input = { entries: items.map((i) => jobEntry(i.v)), lines: items.map((i) => i.line), settings };
    const out = await factor(input, items.length, alone);
    const lines = out.text.split('\n');
    lines.pop();
    if (lines.length !== items.length) throw new PrimeosError('E_INTERNAL', 'factor batch lost records');
    return items.map((item, i): Out => ({
      item: { v: new RawJson(lines[i] as string), line: item.line, end: item.end },
      credits: 1,
    }));
  };

  return (source) =>
    new Observable<Out>((subscriber) => {
      const waiting: Item[] = []; // inputs not yet in a task, in order (the first may be a block's remainder)
      const tasks: Task[] = []; // tasks in flight, in order
      let running = 0;
      let ended = false;
      let stopped = false;

      /** The next task's work, taken from the front of `waiting`. */
      const take = (): Promise<Out[]> => {
        const size = Math.max(1, perTask());
        const head = waiting[0] as Item;
        if (!(head.v instanceof LineBlock)) {
          const items: Item[] = [];
          while (items.length < size && waiting.length > 0 && !((waiting[0] as Item).v instanceof LineBlock))
            items.push(waiting.shift() as Item);
          return itemTask(items, ended && waiting.length === 0 && tasks.length === 1);
        }
        const parts: LineBlock[] = [];
        let lines = 0;
        let credits = 0;
        while (lines < size && waiting.length > 0) {
          const next = waiting[0] as Item;
          const b = next.v;
          if (!(b instanceof LineBlock)) break;
          if (parts.length > 0 && !(parts[parts.length - 1] as LineBlock).continuedBy(b)) break;
          if (lines + b.count <= size) {
            parts.push(b);
            lines += b.count;
            waiting.shift();
            credits++;
          } else {
            const [first, rest] = b.cut(size - lines);
            parts.push(first);
            lines += first.count;
            waiting[0] = { v: rest, line: next.line, end: next.end };
          }
        }
        const run = LineBlock.join(parts);
        // a whole input that is this one task: no thread to start for it
        return lineTask(run, credits, run.final && tasks.length === 1);
      };

      const finish = (): void => {
        while (tasks.length > 0 && (tasks[0] as Task).outs !== undefined) {
          for (const out of (tasks.shift() as Task).outs as Out[]) subscriber.next(out);
        }
        if (ended && tasks.length === 0 && waiting.length === 0) subscriber.complete();
      };

      const dispatch = (): void => {
        while (!stopped && running < slots && waiting.length > 0) {
          const t: Task = { outs: undefined };
          tasks.push(t);
          running++;
          take().then(
            (outs) => {
              running--;
              t.outs = outs;
              finish();
              dispatch();
            },
            (err: unknown) => {
              stopped = true;
              subscriber.error(toPrimeosError(err, 'E_PROCESS'));
            },
          );
        }
      };

      const sub = source.subscribe({
        next: (item) => {
          if (typeof item.v === 'string' && isJobSkipLine(item.v)) {
            ctx.gate.release(); // blank and comment lines write no record
            return;
          }
          waiting.push(item);
          dispatch();
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => {
          ended = true;
          dispatch();
          finish();
        },
      });
      return () => {
        stopped = true;
        sub.unsubscribe();
      };
    });
}
