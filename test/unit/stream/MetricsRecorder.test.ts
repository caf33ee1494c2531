import { fc, test } from '@fast-check/jest';
import { MetricsRecorder } from '../../../src/stream/MetricsRecorder.js';

/** Nearest-rank percentile oracle. */
const rank = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
};

describe('MetricsRecorder', () => {
  test.prop([fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: 1, maxLength: 300 })])(
    'latency percentiles are the nearest-rank percentiles of the recorded samples',
    (xs) => {
      const m = new MetricsRecorder(() => 0);
      for (const x of xs) m.recordOut(x);
      const { latencyMs } = m.snapshot();
      expect(latencyMs.p50).toBe(rank(xs, 50));
      expect(latencyMs.p95).toBe(rank(xs, 95));
      expect(latencyMs.p99).toBe(rank(xs, 99));
      expect(latencyMs.max).toBe(Math.max(...xs));
      expect(latencyMs.samples).toBe(xs.length);
    },
  );

  it('keeps only the most recent samples, and measures throughput over active time with the injected clock', () => {
    let now = 0;
    const m = new MetricsRecorder(() => now, 4);
    m.start();
    for (const x of [100, 100, 100, 1, 2, 3, 4]) m.recordOut(x);
    m.recordError();
    now = 2000;
    m.stop();
    now = 10_000; // idle time does not count
    const s = m.snapshot();
    expect(s.latencyMs.max).toBe(4);
    expect(s.itemsOut).toBe(7);
    expect(s.activeMs).toBe(2000);
    expect(s.throughput).toBe(3.5);
    expect(s.errorRate).toBe(100 / 8); // percent
    expect(s.latency).toBe((1 + 2 + 3 + 4) / 4);
    m.reset();
    expect(m.snapshot()).toMatchObject({ itemsOut: 0, errors: 0, activeMs: 0 });
  });
});
