import { join } from 'node:path';
import { WorkerPool } from '../../../src/stream/WorkerPool.js';
import { tsWorker } from './fixtures/tsWorker.js';

describe('WorkerPool', () => {
  it('validates threads, runs tasks with bigints, and refuses work after destroy', async () => {
    expect(() => new WorkerPool({ filename: 'x.js', threads: 0 })).toThrow(
      expect.objectContaining({ code: 'E_RANGE' }),
    );
    const pool = new WorkerPool(tsWorker(join(__dirname, 'fixtures/testWorker.ts')));
    const square = pool.task<bigint[], bigint[]>('squareBatch');
    expect(await square([2n ** 70n, -3n])).toEqual([2n ** 140n, 9n]);
    expect(pool.stats.completed).toBe(1);
    await pool.destroy();
    await pool.destroy(); // idempotent
    expect(pool.destroyed).toBe(true);
    await expect(square([1n])).rejects.toMatchObject({ code: 'E_STATE' });
  });
});
