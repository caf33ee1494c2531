/**
 * Backpressure of `POST /v1/factor` (whole processes): a client streams 200,000 lines while reading the records
 * at 1 per 10 ms for `slowSeconds`; the server may only read the request as fast as its response drains, so its
 * RSS must stay flat while the sender stalls. Then the client reads the rest at full speed and checks that
 * every record came, once, in order, for the right number. Peak server RSS (VmRSS, sampled every 50 ms) is
 * reported for the idle server, the slow phase and the whole run, with the bytes the client managed to send.
 * Each line is an NDJSON object `{"n":"…","pad":"…"}` padded to `lineBytes` so the whole input (≈ 50 MB) cannot
 * hide in the loopback socket buffers (Linux autotunes a receive buffer up to tcp_rmem's 32 MiB here): the
 * sender must stall.
 * Usage: `npm run build && npx tsx bench/serve/backpressure.ts [lines=200000] [slowSeconds=20] [lineBytes=256]`.
 * Writes bench/results/serve-backpressure.json.
 */
import { request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { rssOf, sampleRss, startBenchServer } from './serverProcess.js';

const LINES = Number(process.argv[2] ?? 200_000);
const SLOW_SECONDS = Number(process.argv[3] ?? 20);
const LINE_BYTES = Number(process.argv[4] ?? 256);
const MiB = 1 << 20;

const numberAt = (i: number): bigint => ((BigInt(i) * 0x9e3779b97f4a7c15n) % (1n << 48n)) + 2n;

async function main(): Promise<void> {
  const server = await startBenchServer(['--workers', '2']);
  const pid = server.child.pid as number;
  await new Promise((r) => setTimeout(r, 500));
  const idleRss = rssOf(pid);
  const whole = sampleRss(pid);
  const slow = sampleRss(pid);
  let sentBytes = 0;
  let sentLines = 0;
  const body = Readable.from(
    (function* () {
      for (let i = 0; i < LINES; i += 256) {
        let s = '';
        for (let j = i; j < Math.min(LINES, i + 256); j++) {
          const head = `{"n":"${numberAt(j)}","pad":"`;
          s += head + 'x'.repeat(Math.max(0, LINE_BYTES - head.length - 3)) + '"}\n';
        }
        sentBytes += s.length;
        sentLines = Math.min(LINES, i + 256);
        yield s;
      }
    })(),
  );
  const url = new URL('/v1/factor', server.url);
  const t0 = performance.now();
  const result = await new Promise<{ records: number; errors: string[]; slowRecords: number; sentAtSlowEnd: number }>(
    (resolve, reject) => {
      const req = request(url, { method: 'POST', headers: { 'content-type': 'text/plain' } }, (res) => {
        let rest = '';
        let records = 0;
        let slowRecords = 0;
        let sentAtSlowEnd = 0;
        const errors: string[] = [];
        let slowPhase = true;
        const slowUntil = performance.now() + SLOW_SECONDS * 1000;
        const check = (line: string): void => {
          const m = /^\{"line":(\d+),"n":"(\d+)","status":"complete"/.exec(line);
          const expected = records + 1;
          if (m === null || Number(m[1]) !== expected || BigInt(m[2] as string) !== numberAt(expected - 1)) {
            if (errors.length < 5) errors.push(`record ${expected}: ${line.slice(0, 100)}`);
          }
          records++;
        };
        res.setEncoding('utf8');
        const pump = async (): Promise<void> => {
          for await (const chunk of res) {
            const text = rest + (chunk as string);
            const lines = text.split('\n');
            rest = lines.pop() ?? '';
            for (const line of lines) {
              check(line);
              if (slowPhase) {
                slowRecords++;
                await new Promise((r) => setTimeout(r, 10));
                if (performance.now() >= slowUntil) {
                  slowPhase = false;
                  sentAtSlowEnd = sentBytes;
                  slow.stop();
                }
              }
            }
          }
          resolve({ records, errors, slowRecords, sentAtSlowEnd });
        };
        pump().catch(reject);
      });
      req.on('error', reject);
      body.pipe(req);
    },
  );
  const seconds = (performance.now() - t0) / 1000;
  const peakSlow = slow.stop();
  const peakWhole = whole.stop();
  await server.stop();
  const report = {
    lines: LINES,
    lineBytes: LINE_BYTES,
    slowSeconds: SLOW_SECONDS,
    recordsReadSlowly: result.slowRecords,
    bytesSentWhenSlowPhaseEnded: result.sentAtSlowEnd,
    totalInputBytes: sentBytes,
    records: result.records,
    lost: LINES - result.records,
    wrongRecords: result.errors,
    idleRssMiB: +(idleRss / MiB).toFixed(1),
    peakRssSlowPhaseMiB: +(peakSlow / MiB).toFixed(1),
    peakRssWholeRunMiB: +(peakWhole / MiB).toFixed(1),
    seconds: +seconds.toFixed(1),
    sentLines,
  };
  console.log(JSON.stringify(report, null, 2));
  const dir = path.resolve(import.meta.dirname, '../results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'serve-backpressure.json'), JSON.stringify(report, null, 2) + '\n');
  if (report.lost !== 0 || report.wrongRecords.length > 0) process.exitCode = 1;
}

void main();
