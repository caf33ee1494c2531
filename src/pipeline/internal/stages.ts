import { map, type OperatorFunction } from 'rxjs';
import { PrimeosError } from '../../model/PrimeosError.js';
import { parseJobLine } from '../../stream/jobs/jobLine.js';
import { adaptiveBatch } from '../../stream/operators/adaptiveBatch.js';
import type { WorkerPool } from '../../stream/WorkerPool.js';
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

/**
 * The engine operator of a stage node.
 *
 * @param ctx - the node's context
 * @param deps - its pool or sandbox
 * @returns an operator from input items to outputs with their credits (the code of chunk stages, expressions and
 *   the like loads only for a graph that has such a node)
 */
export async function stageOperator(ctx: NodeContext, deps: StageDeps): Promise<OperatorFunction<Item, Out>> {
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
      return policyMap(ctx, (await import('./chunkStages.js')).verdict);
    case 'decode':
      return (await import('./chunkStages.js')).decodeOperator(ctx);
    case 'encode':
      return (await import('./chunkStages.js')).encodeOperator(ctx);
    case 'run':
      return (await import('./chunkStages.js')).runOperator(ctx);
    case 'filter': {
      const { compileExpression } = await import('./expression.js');
      const e = compileExpression(o.where as string);
      return policyMap(ctx, (item) => (e.test({ item: plain(item.v), line: item.line }) ? item.v : DROP));
    }
    case 'map': {
      const { compileExpression } = await import('./expression.js');
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
