import { concat, defer, from, map, mergeMap, toArray, type Observable, type OperatorFunction } from 'rxjs';
import { BlockStreamDecoder, decodeChunk, encodeByteBlock } from '../../encoding/index.js';
import { PrimeosError } from '../../model/PrimeosError.js';
import { executeProgram } from '../../stream/operators/executeProgram.js';
import { mapWithPolicy } from '../../stream/operators/mapWithPolicy.js';
import type { Item } from './Item.js';
import type { NodeContext, Out } from './NodeContext.js';

// The stages of chunk streams (verify, decode, encode, run): loaded only by a graph that has one of them.

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
export function decodeOperator(ctx: NodeContext): OperatorFunction<Item, Out> {
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

export function runOperator(ctx: NodeContext): OperatorFunction<Item, Out> {
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

export function encodeOperator(ctx: NodeContext): OperatorFunction<Item, Out> {
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

/** The verdict of a `verify` node on one chunk. */
export function verdict(item: Item): unknown {
  const d = decodeChunk(item.v as bigint);
  return d.kind === 'invalid'
    ? { line: item.line, valid: false, code: d.code, reason: d.reason }
    : { line: item.line, valid: true, chunk: d };
}
