import type { PrimeosServer } from '../PrimeosServer.js';
import type { JobEvent } from '../../stream/jobs/JobStatus.js';
import type { StreamEndpoint } from './attachStreamEndpoint.js';
import type { Broadcaster } from './Broadcaster.js';

/** Default interval of the `stats` topic. */
export const STATS_EVERY_MS = 1000;
/** Errors reported per tick at most. */
const MAX_ERRORS_PER_TICK = 10;

/** One sample of the `stats` topic (the dashboard plots these). */
export interface ServerStatsSample {
  /** Unix time in seconds (unique and ascending per publisher). */
  readonly t: number;
  /** Records produced per second since the previous sample: jobs, HTTP streams and channels together. */
  readonly recordsPerSec: number;
  /** Mean latency since the previous sample, ms: HTTP stream requests and channel items (0 without samples). */
  readonly latencyMs: number;
  /** Busy pool threads, tasks waiting for a thread, and pool threads. */
  readonly workers: { readonly running: number; readonly queued: number; readonly threads: number };
  /** Backpressure waits so far: HTTP/job credit waits and channel credit waits. */
  readonly backpressureWaits: number;
  readonly jobs: Readonly<Record<string, number>>;
  readonly connections: number;
  readonly channels: number;
  /** Errors seen since the previous sample (failed jobs, failed records, refused connections). */
  readonly errors: readonly string[];
}

const sum = async (metric: { get(): Promise<{ values: { value: number }[] }> }): Promise<number> =>
  (await metric.get()).values.reduce((a, v) => a + v.value, 0);

/**
 * Computes the `stats` topic from what the server already measures (its Prometheus metrics, the job events, the
 * stream endpoint's counters) and publishes it while someone subscribes.
 */
export class ServerStatsTopic {
  readonly #server: PrimeosServer;
  readonly #endpoint: StreamEndpoint;
  readonly #broadcaster: Broadcaster;
  readonly #jobRecords = new Map<string, { records: number; failed: number }>();
  #jobRecordTotal = 0;
  #errors: string[] = [];
  // the baseline is the server's start, not the first sample: what the first second did counts in that sample
  #last: { t: number; records: number; latencySum: number; latencyCount: number } = {
    t: Date.now() / 1000,
    records: 0,
    latencySum: 0,
    latencyCount: 0,
  };
  #closedBy: Readonly<Record<string, number>> = {};

  constructor(server: PrimeosServer, endpoint: StreamEndpoint, broadcaster: Broadcaster) {
    this.#server = server;
    this.#endpoint = endpoint;
    this.#broadcaster = broadcaster;
  }

  /**
   * Count a job event's records and errors.
   *
   * @param e - the event
   */
  observeJob(e: JobEvent): void {
    const p = e.status.progress;
    const before = this.#jobRecords.get(e.id) ?? { records: 0, failed: 0 };
    if (p.records > before.records) this.#jobRecordTotal += p.records - before.records;
    if (p.failed > before.failed) this.#error(`job ${e.id.slice(0, 8)}: ${p.failed - before.failed} failed records`);
    if (e.type === 'deleted') this.#jobRecords.delete(e.id);
    else this.#jobRecords.set(e.id, { records: Math.max(p.records, before.records), failed: p.failed });
    if (e.type === 'done' && e.status.error !== undefined) {
      this.#error(`job ${e.id.slice(0, 8)}: ${e.status.error.code} ${e.status.error.message}`);
    }
  }

  /**
   * Take a sample and publish it on `stats` (nothing to do without subscribers, except keeping the baseline).
   *
   * @returns the sample
   */
  async tick(): Promise<ServerStatsSample> {
    const m = this.#server.metrics;
    const ws = this.#endpoint.stats();
    const [httpRecords, waits, reqSeconds] = await Promise.all([
      sum(m.records),
      sum(m.backpressureWaits),
      m.requestSeconds.get(),
    ]);
    let reqSum = 0;
    let reqCount = 0;
    for (const v of reqSeconds.values) {
      if (v.metricName?.endsWith('_sum') === true) reqSum += v.value * 1000;
      if (v.metricName?.endsWith('_count') === true) reqCount += v.value;
    }
    for (const [code, n] of Object.entries(ws.closedBy)) {
      const seen = this.#closedBy[code] ?? 0;
      if (n > seen) this.#error(`${n - seen} connection(s) closed: ${code}`);
    }
    this.#closedBy = ws.closedBy;
    const now = { t: Date.now() / 1000, records: 0, latencySum: 0, latencyCount: 0 };
    now.records = this.#jobRecordTotal + httpRecords + ws.results;
    now.latencySum = reqSum + ws.latencySumMs;
    now.latencyCount = reqCount + ws.results;
    const last = this.#last;
    this.#last = now;
    const dt = now.t - last.t;
    const dc = now.latencyCount - last.latencyCount;
    const pool = this.#server.pool;
    const threads = pool?.threads ?? 0;
    // the pool counts a task from submission: the busy threads are at most the threads, the rest waits
    const submitted = pool?.stats.running ?? 0;
    const sample: ServerStatsSample = {
      t: now.t,
      recordsPerSec: dt > 0 ? (now.records - last.records) / dt : 0,
      latencyMs: dc > 0 ? (now.latencySum - last.latencySum) / dc : 0,
      workers: { running: Math.min(submitted, threads), queued: Math.max(0, submitted - threads), threads },
      backpressureWaits: waits + ws.creditWaits,
      jobs: this.#server.jobs.counts(),
      connections: ws.connections,
      channels: ws.channels,
      errors: this.#errors,
    };
    this.#errors = [];
    this.#broadcaster.publish('stats', 'sample', sample);
    return sample;
  }

  #error(text: string): void {
    if (this.#errors.length < MAX_ERRORS_PER_TICK) this.#errors.push(text);
  }
}
