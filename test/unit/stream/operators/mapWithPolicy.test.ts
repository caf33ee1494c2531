import { from, lastValueFrom, toArray } from 'rxjs';
import { PrimeosError } from '../../../../src/model/PrimeosError.js';
import { CreditGate } from '../../../../src/stream/CreditGate.js';
import { mapWithPolicy, createErrorRecord } from '../../../../src/stream/operators/mapWithPolicy.js';
import { fromPull } from '../../../../src/stream/sources/fromPull.js';
import { toAsyncIterable } from '../../../../src/stream/sinks/toAsyncIterable.js';

const parse = (s: string): bigint => {
  if (!/^\d+$/.test(s)) throw new PrimeosError('E_PARSE', `not a number: ${s}`);
  return BigInt(s);
};
const input = ['1', 'x', '3', 'y', '5'];

describe('mapWithPolicy', () => {
  it('propagate fails with the item index and the original code', async () => {
    const record = createErrorRecord();
    await expect(lastValueFrom(from(input).pipe(mapWithPolicy(parse, { record }), toArray()))).rejects.toMatchObject({
      code: 'E_PARSE',
      name: 'StreamProcessingError',
      details: { index: 1 },
    });
    expect(record).toMatchObject({ processed: 2, failed: 1, skipped: 0 });
  });

  it('skip drops failed items, records them and returns their credits', async () => {
    const record = createErrorRecord();
    const gate = new CreditGate(2);
    const out: bigint[] = [];
    for await (const x of toAsyncIterable(
      fromPull(input, { gate }).pipe(mapWithPolicy(parse, { policy: 'skip', record, gate })),
      {
        gate,
      },
    )) {
      out.push(x);
    }
    expect(out).toEqual([1n, 3n, 5n]);
    expect(record).toMatchObject({ processed: 5, failed: 2, skipped: 2 });
    expect(record.recent.map((f) => [f.index, f.code, f.action])).toEqual([
      [1, 'E_PARSE', 'skip'],
      [3, 'E_PARSE', 'skip'],
    ]);
    expect(gate.inFlight).toBe(0);
  });

  it('substitute emits the substitute for failed items, also for async functions', async () => {
    const record = createErrorRecord();
    const out = await lastValueFrom(
      from(input).pipe(
        mapWithPolicy(async (s: string) => parse(s), { policy: 'substitute', substitute: () => -1n, record }),
        toArray(),
      ),
    );
    expect(out).toEqual([1n, -1n, 3n, -1n, 5n]);
    expect(record).toMatchObject({ failed: 2, substituted: 2 });
  });
});
