import { concat, defer, from, map, mergeMap, toArray, type Observable, type OperatorFunction } from 'rxjs';
import { BlockStreamDecoder, decodeChunk, encodeByteBlock } from '../../encoding/index.js';
import { PrimeosError } from '../../model/PrimeosError.js';
import { parseJobLine } from '../../stream/jobs/jobLine.js';
import { adaptiveBatch } from '../../stream/operators/adaptiveBatch.js';
import { executeProgram } from '../../stream/operators/executeProgram.js';
import { mapWithPolicy } from '../../stream/operators/mapWithPolicy.js';
import type { WorkerPool } from '../../stream/WorkerPool.js';
import { compileExpression } from './expression.js';
import { jsonText, plain, type Item } from './Item.js';
import { LineBlock } from './LineBlock.js';
import type { NodeContext, Out } from './NodeContext.js';
import { DROP, policyMap } from './policyMap.js';
import { SourceFailure } from './sources.js';
import { factorizeOperator } from './factorizeStage.js';
import type { WasmSandbox } from './wasm/WasmSandbox.js';

/** What a stage needs from the runner besides its context. */
export interface StageDeps {
  /** The worker pool of a `factorize` node with workers (undefined: in-thread). */
  readonly pool: WorkerPool | undefined;
  /** The sandbox of a `wasm` node. */
  readonly sandbox: WasmSandbox | undefined;
  /** Most items one output message may stand for: the smallest capacity of the node's out-edges. */
  readonly maxOutItems: number;
}

/**
 * Items whose value is a source failure fail under the node's policy; the others pass unchanged.
 *
 * @param ctx - the source node's context
 * @returns an operator from raw source items to outputs
 */
export function sourceOperator(ctx: NodeContext): OperatorFunction<Item, Out> {
  return policyMap(ctx, (item) => {
    if (item.v instanceof SourceFailure) throw item.v.error;
    if (item.v instanceof LineBlock) ctx.record.processed += item.v.count - 1; // the policy counted it as one
    return item.v;
  });
}

/** Absorb every input (returning its credit) and emit one aggregate item at the end. */
function aggregate(ctx: NodeContext, limit: number, what: string): OperatorFunction<Item, Item> {
  return (source) =>
    source.pipe(
      map((item, i) => {
        ctx.gate.release();
        ctx.metrics.recordIn();
        if (i >= limit) throw new PrimeosError('E_RANGE', `more than ${limit} ${what} (raise the node's limit)`);
        return item;
      }),
      toArray(),
      map((items): Item => ({
        v: items.map((i) => i.v),
        line: items[0]?.line ?? 0,
        end: items[items.length - 1]?.end ?? 0,
      })),
    );
}

/** A problem the block decoder reported (an item error of the `decode` node). */
class DecodeIssue {
  readonly error: PrimeosError;
  constructor(error: PrimeosError) {
    this.error = error;
  }
}

/**
 * Decode a block-framed chunk stream as `primeos decode` does, with its {@link BlockStreamDecoder}: each block's
 * bytes are one output item, emitted as soon as the next header (or the end) closes it and its checks pass;
 * every issue the decoder reports is an item error under the node's policy, and a damaged block is left out.
 * Each chunk's credit returns once the decoder has it, so memory is one open block whatever the input.
 */
function decodeOperator(ctx: NodeContext): OperatorFunction<Item, Out> {
  const policy = ctx.node.onError;
  const maxChunks = ctx.node.options.maxChunks as number;
  return (source) =>
    defer(() => {
      let events: Item[] = [];
      let at: Item = { v: undefined, line: 0, end: 0 };
      const decoder = new BlockStreamDecoder({
        block: (b) => {
          if (b.ok) events.push({ v: b.bytes, line: at.line, end: at.end });
        },
        issue: (i) =>
          events.push({ v: new DecodeIssue(new PrimeosError(i.code, i.message)), line: at.line, end: at.end }),
      });
      const take = (): Item[] => {
        const out = events;
        events = [];
        return out;
      };
      let chunks = 0;
      const body: Observable<Item> = source.pipe(
        mergeMap((item) => {
          ctx.gate.release();
          ctx.metrics.recordIn();
          if (++chunks > maxChunks)
            throw new PrimeosError('E_RANGE', `more than ${maxChunks} chunks (raise the node's maxChunks)`);
          at = item;
          decoder.push(item.v as bigint);
          return take();
        }),
      );
      return concat(
        body,
        defer(() => {
          decoder.end();
          return from(take());
        }),
      );
    }).pipe(
      mapWithPolicy(
        (e: Item): Item => {
          if (e.v instanceof DecodeIssue) throw e.v.error;
          return e;
        },
        {
          policy: policy.kind,
          record: ctx.record,
          substitute: (e) => ({ ...e, v: policy.kind === 'substitute' ? policy.value : undefined }),
        },
      ),
      map((item): Out => ({ item, credits: 0 })),
    );
}

function runOperator(ctx: NodeContext): OperatorFunction<Item, Out> {
  const o = ctx.node.options;
  return (source) =>
    source.pipe(
      aggregate(ctx, o.maxProgramLength as number, 'program chunks'),
      map((all) => all.v as bigint[]),
      executeProgram({
        vm: {
          maxSteps: o.maxSteps as number,
          maxStackDepth: o.maxStack as number,
          maxOutputBytes: o.maxOutputBytes as number,
          input: (o.input as string[]).map((x) => BigInt(x)),
        },
        policy: ctx.node.onError.kind,
        record: ctx.record,
      }),
      mergeMap((lines) => lines.map((v, i): Out => ({ item: { v, line: i + 1, end: 0 }, credits: 0 }))),
    );
}

function encodeOperator(ctx: NodeContext): OperatorFunction<Item, Out> {
  const blockSize = ctx.node.options.blockSize as number;
  return (source) =>
    defer(() => {
      let pending = Buffer.alloc(0);
      let index = 0;
      let last: Item = { v: undefined, line: 0, end: 0 };
      const blocks = (final: boolean): Out[] => {
        const out: Out[] = [];
        const emit = (bytes: Uint8Array, isLast: boolean): void => {
          for (const c of encodeByteBlock(bytes, index, isLast))
            out.push({ item: { v: c, line: last.line, end: last.end }, credits: 0 });
          index++;
        };
        while (pending.length > blockSize) {
          emit(pending.subarray(0, blockSize), false);
          pending = pending.subarray(blockSize);
        }
        if (final) emit(pending, true);
        return out;
      };
      const body: Observable<Out> = source.pipe(
        mergeMap((item) => {
          ctx.gate.release();
          ctx.metrics.recordIn();
          last = item;
          const bytes =
            typeof item.v === 'string' ? Buffer.from(item.v + '\n', 'utf8') : Buffer.from(item.v as Uint8Array);
          pending = pending.length === 0 ? bytes : Buffer.concat([pending, bytes]);
          return blocks(false);
        }),
      );
      return concat(
        body,
        defer(() => from(blocks(true))),
      );
    });
}

function verdict(item: Item): unknown {
  const d = decodeChunk(item.v as bigint);
  return d.kind === 'invalid'
    ? { line: item.line, valid: false, code: d.code, reason: d.reason }
    : { line: item.line, valid: true, chunk: d };
}

/**
 * The engine operator of a stage node.
 *
 * @param ctx - the node's context
 * @param deps - its pool or sandbox
 * @returns an operator from input items to outputs with their credits
 */
export function stageOperator(ctx: NodeContext, deps: StageDeps): OperatorFunction<Item, Out> {
  const o = ctx.node.options;
  switch (ctx.node.type) {
    case 'parse': {
      const opts = { input: o.input as 'auto' | 'lines' | 'ndjson', maxBits: o.maxBits as number };
      return policyMap(ctx, (item) => {
        const r = parseJobLine(
          typeof item.v === 'string' ? item.v : jsonText(item.v),
          typeof item.v === 'string' ? opts : { ...opts, input: 'ndjson' },
        );
        if (r.kind === 'skip') return DROP;
        if (r.kind === 'error') throw new PrimeosError(r.code, `line ${item.line}: ${r.message}`);
        return r.n;
      });
    }
    case 'factorize':
      return factorizeOperator(ctx, deps.pool, deps.maxOutItems);
    case 'verify':
      return policyMap(ctx, verdict);
    case 'decode':
      return decodeOperator(ctx);
    case 'encode':
      return encodeOperator(ctx);
    case 'run':
      return runOperator(ctx);
    case 'filter': {
      const e = compileExpression(o.where as string);
      return policyMap(ctx, (item) => (e.test({ item: plain(item.v), line: item.line }) ? item.v : DROP));
    }
    case 'map': {
      const e = compileExpression(o.select as string);
      return policyMap(ctx, (item) => e.evaluate({ item: plain(item.v), line: item.line }));
    }
    case 'batch':
      return (source) =>
        source.pipe(
          // no gate: a batch is always `size` items (the node holds 2 × size credits), the last one excepted
          adaptiveBatch<Item>({ mode: 'fixed', size: o.size as number }),
          map((items): Out => {
            for (let i = 0; i < items.length; i++) ctx.metrics.recordIn();
            const first = items[0] as Item;
            const lastItem = items[items.length - 1] as Item;
            return { item: { v: items.map((i) => i.v), line: first.line, end: lastItem.end }, credits: items.length };
          }),
        );
    case 'wasm': {
      const sandbox = deps.sandbox as WasmSandbox;
      ctx.onRestart = () => sandbox.restart();
      return policyMap(ctx, (item) => sandbox.process(item.v));
    }
    default:
      throw new PrimeosError('E_CONFIG', `node "${ctx.node.id}": unknown stage type ${ctx.node.type}`);
  }
}
