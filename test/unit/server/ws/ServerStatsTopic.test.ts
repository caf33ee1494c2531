import { Readable } from 'node:stream';
import { firstValueFrom, filter } from 'rxjs';
import { createServer } from '../../../../src/server/createServer.js';
import type { Broadcaster } from '../../../../src/server/ws/Broadcaster.js';
import type { ServerStatsSample } from '../../../../src/server/ws/ServerStatsTopic.js';
import { streamPlugin } from '../../../../src/server/ws/streamPlugin.js';
import { TEST_JOB_SETTINGS } from '../../../fixtures/jobs/jobSettings.js';
import { tempDir } from '../../../fixtures/tempDir.js';

const dir = tempDir('stats');

describe('server stats topic', () => {
  test('a job that ends before the first sample of a fresh server counts in that sample (records/s > 0)', async () => {
    let broadcaster: Broadcaster | undefined;
    const server = await createServer({
      port: 0,
      workers: 0,
      dataDir: dir,
      logLevel: 'silent',
      plugins: [streamPlugin({ statsEveryMs: 1000, onAttached: (_e, b) => (broadcaster = b) })],
    });
    try {
      const samples: ServerStatsSample[] = [];
      broadcaster?.subscribe('stats', { offer: (_t, _e, d) => samples.push(d as ServerStatsSample) });
      const done = firstValueFrom(server.jobs.events.pipe(filter((e) => e.type === 'done')));
      await server.jobs.create(Readable.from([Buffer.from('12\n15\n77\n')]), TEST_JOB_SETTINGS);
      expect((await done).status.progress.records).toBe(3);
      // the job ended well before the first sample (1 s after the start): that sample still sees its records
      const deadline = Date.now() + 5000;
      while (samples.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(samples[0]?.recordsPerSec).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});
