import { from, lastValueFrom, toArray } from 'rxjs';
import { fc, test } from '@fast-check/jest';
import { ordered } from '../../../../src/stream/operators/ordered.js';

describe('ordered', () => {
  test.prop([
    fc.array(fc.integer(), { maxLength: 50 }).chain((xs) =>
      fc.tuple(
        fc.constant(xs),
        fc.shuffledSubarray(
          xs.map((_, i) => i),
          { minLength: xs.length, maxLength: xs.length },
        ),
      ),
    ),
  ])('restores input order from any arrival order', async ([xs, perm]) => {
    const out = await lastValueFrom(
      from(perm.map((i) => ({ index: i, value: xs[i]! }))).pipe(ordered<number>(), toArray()),
    );
    expect(out).toEqual(xs);
  });

  it('fails on a gap, a duplicate, and a buffer overflow', async () => {
    const gap = lastValueFrom(
      from([
        { index: 0, value: 'a' },
        { index: 2, value: 'c' },
      ]).pipe(ordered(), toArray()),
    );
    await expect(gap).rejects.toMatchObject({ code: 'E_PIPELINE' });
    const dup = lastValueFrom(
      from([
        { index: 0, value: 'a' },
        { index: 0, value: 'a' },
      ]).pipe(ordered(), toArray()),
    );
    await expect(dup).rejects.toMatchObject({ code: 'E_PIPELINE' });
    const over = lastValueFrom(
      from([3, 2, 1, 0].map((index) => ({ index, value: index }))).pipe(ordered({ maxBuffer: 2 }), toArray()),
    );
    await expect(over).rejects.toMatchObject({ code: 'E_BACKPRESSURE' });
  });
});
