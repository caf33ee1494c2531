import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { createClient } from 'redis';
import { clusterKeys, TASK_GROUP } from '../../../src/cluster/clusterKeys.js';
import { runClusterFactorJob } from '../../../src/cluster/runClusterFactorJob.js';
import { decodeTask, encodeResult } from '../../../src/cluster/taskMessage.js';
import { factorJobBatch } from '../../../src/stream/jobs/factorJobBatch.js';
import { runFactorJob } from '../../../src/stream/jobs/runFactorJob.js';
import { readLines } from '../../../src/stream/sources/readLines.js';
import { startRedis, type TestRedis } from '../../e2e/redisServer.js';
import { TEST_JOB_SETTINGS } from '../../fixtures/jobs/jobSettings.js';

/**
 * Exactly once, in input order: whatever order results arrive in, and however often a task's result is written
 * (a task redone after a claim), the cluster job writes the bytes of the local job. The "workers" here are a
 * chaotic consumer of the real task stream on a real redis-server that answers out of order and duplicates results.
 */

const settings = TEST_JOB_SETTINGS;

let redis: TestRedis;
let dir: string;
beforeAll(async () => {
  redis = await startRedis();
  dir = mkdtempSync(path.join(tmpdir(), 'primeos-exactly-once-'));
});
afterAll(async () => {
  await redis?.close();
  rmSync(dir, { recursive: true, force: true });
});

const line = fc.oneof(
  fc.bigInt({ min: 0n, max: (1n << 70n) - 1n }).map(String),
  fc.constantFrom('', '# note', 'x1', '0x1f', '{"n": "77"}', '-12'),
);

/** Answer tasks in shuffled order, writing some results twice, until `stop` says so. */
async function chaoticWorker(url: string, next: () => number, duplicateRate: number, stop: () => boolean) {
  const c = createClient({ url });
  await c.connect();
  const keys = clusterKeys('primeos');
  try {
    while (!stop()) {
      const ids = await c.sMembers(keys.jobs);
      const job = ids[0] === undefined ? undefined : keys.job(ids[0]);
      if (job === undefined) {
        await new Promise((r) => setTimeout(r, 5));
        continue;
      }
      const reply = await c
        .xReadGroup(TASK_GROUP, 'chaos', [{ key: job.tasks, id: '>' }], { COUNT: 8, BLOCK: 20 })
        .catch(() => null);
      const messages = [...(reply?.[0]?.messages ?? [])];
      for (let i = messages.length - 1; i > 0; i--) {
        const j = next() % (i + 1);
        [messages[i], messages[j]] = [messages[j]!, messages[i]!];
      }
      for (const m of messages) {
        const input = decodeTask(m.message);
        const fields = encodeResult(m.message.task ?? '', factorJobBatch(input));
        const copies = next() % 100 < duplicateRate ? 2 : 1;
        for (let k = 0; k < copies; k++) await c.xAdd(job.results, '*', fields);
        await c.xAck(job.tasks, TASK_GROUP, m.id);
        await c.xDel(job.tasks, m.id);
      }
    }
  } finally {
    await c.close();
  }
}

describe('cluster job: exactly once, in input order', () => {
  it('writes the local bytes whatever the result order and duplicates', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { minLength: 1, maxLength: 120 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 1, max: 2 ** 30 }),
        async (lines, batch, outstanding, duplicateRate, seed) => {
          run++;
          const input = path.join(dir, `in${run}.txt`);
          writeFileSync(input, lines.join('\n') + '\n');
          const common = { lines: (start: number) => readLines(input, { start }), inputPath: input, settings };
          const localOut = path.join(dir, `local${run}.ndjson`);
          await runFactorJob({ ...common, output: { path: localOut }, batchSize: batch });
          let state = seed;
          const next = (): number => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
          let done = false;
          const worker = chaoticWorker(redis.url, next, duplicateRate, () => done);
          const out = path.join(dir, `cluster${run}.ndjson`);
          try {
            await runClusterFactorJob({
              ...common,
              output: { path: out },
              batchSize: batch,
              cluster: { url: redis.url, maxOutstanding: outstanding },
            });
          } finally {
            done = true;
            await worker;
          }
          expect(readFileSync(out, 'utf8')).toBe(readFileSync(localOut, 'utf8'));
          // the job's keys are gone once it completed
          const c = createClient({ url: redis.url });
          await c.connect();
          expect(await c.keys('primeos:job:*')).toEqual([]);
          await c.close();
        },
      ),
      { numRuns: 12 },
    );
  });
});
