import { defer, filter, lastValueFrom, map, type Observable, type OperatorFunction } from 'rxjs';
import { circuitBreaker } from '../../stream/operators/circuitBreaker.js';
import { mapWithPolicy } from '../../stream/operators/mapWithPolicy.js';
import { retryWithBackoff } from '../../stream/operators/retryWithBackoff.js';
import type { Item } from './Item.js';
import type { NodeContext, Out } from './NodeContext.js';

/** Returned by a per-item function to drop the item (a filter that says no). */
export const DROP: unique symbol = Symbol('drop');

/**
 * The per-item work of a node under its restart strategy and error policy, composed from the engine: the call is
 * retried by `retryWithBackoff` (`immediate`, `exponential`) or guarded by `circuitBreaker`, then
 * `mapWithPolicy` applies `propagate | skip | substitute` (the config's `default(value)`). Each output completes
 * its input's credit; dropped items return it.
 *
 * @param ctx - the node's context
 * @param fn - item → new value (or {@link DROP}); sync or async
 * @returns an operator from items to outputs
 */
export function policyMap(ctx: NodeContext, fn: (item: Item) => unknown): OperatorFunction<Item, Out> {
  const { node, record, gate, metrics } = ctx;
  const r = node.restart;
  let call: (item: Item) => unknown = fn;
  if (r.kind === 'immediate' || r.kind === 'exponential') {
    const retry = retryWithBackoff<unknown>({
      maxAttempts: r.maxRestarts + 1,
      baseDelayMs: r.kind === 'exponential' ? r.baseMs : 0,
      maxDelayMs: r.kind === 'exponential' ? r.maxMs : 0,
      jitter: 'none',
      retryOn: ['transient', 'permanent', 'timeout', 'resource-exhausted'],
      onRetry: () => {
        ctx.restarts++;
        ctx.onRestart?.();
      },
    });
    call = (item) => lastValueFrom(defer(async () => fn(item)).pipe(retry));
  } else if (r.kind === 'circuitBreaker' && ctx.breaker !== undefined) {
    const guard = circuitBreaker<unknown>(ctx.breaker);
    call = (item) => lastValueFrom(defer(async () => fn(item)).pipe(guard));
  }
  const timed = (item: Item): unknown => {
    metrics.recordIn();
    const t0 = performance.now();
    const v = call(item);
    if (v instanceof Promise) return v.then((x: unknown) => done(item, x, t0));
    return done(item, v, t0);
  };
  const done = (item: Item, v: unknown, t0: number): Item | typeof DROP => {
    metrics.recordOut(performance.now() - t0);
    return v === DROP ? DROP : { v, line: item.line, end: item.end };
  };
  const policy = node.onError.kind;
  const value = node.onError.kind === 'substitute' ? node.onError.value : undefined;
  return (source: Observable<Item>) =>
    source.pipe(
      mapWithPolicy<Item, Item | typeof DROP>(
        timed as (item: Item) => Item | typeof DROP | Promise<Item | typeof DROP>,
        {
          policy,
          record,
          gate,
          substitute: (item) => {
            metrics.recordError();
            return { v: value, line: item.line, end: item.end };
          },
        },
      ),
      filter((x): x is Item => {
        if (x !== DROP) return true;
        gate.release();
        return false;
      }),
      map((item): Out => ({ item, credits: 1 })),
    );
}
