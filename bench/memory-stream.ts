/**
 * Whole-process memory benchmark (issue 6): a generated input of N MiB of chunk lines (decimal bigints, one per
 * line; 1 GiB by default, some lines deliberately corrupted) flows through the credit-bridged pipeline
 *   fromPull(64 KiB line blocks) → parse → verifyIntegrity(skip) → decodeChunks → re-encode → slow Writable
 * whose every write completes only after a timer tick. The input is generated lazily, so the only thing
 * bounding memory is the credit gate (highWaterMark blocks in flight). Peak RSS is sampled every 20 ms and
 * also read from the kernel (`resourceUsage().maxRSS`); target ≤ 150 MB. The baseline row is the RSS of the
 * same process before the pipeline started.
 * Usage: `npx tsx bench/memory-stream.ts [MiB=1024] [highWaterMark=8]`. Writes bench/results/memory-stream.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { map } from 'rxjs';
import { encodeBytes, encodeChunk } from '../src/encoding/index.js';
import { CreditGate } from '../src/stream/CreditGate.js';
import { decodeChunks } from '../src/stream/operators/decodeChunks.js';
import { verifyIntegrity } from '../src/stream/operators/verifyIntegrity.js';
import { createErrorRecord } from '../src/stream/operators/mapWithPolicy.js';
import { fromPull } from '../src/stream/sources/fromPull.js';
import { toWritable } from '../src/stream/sinks/toWritable.js';

const MiB = 1 << 20;
const inputMiB = Number(process.argv[2] ?? 1024);
const highWaterMark = Number(process.argv[3] ?? 8);
const BLOCK_BYTES = 64 * 1024;
const CORRUPT_EVERY = 10_007; // one corrupted line every ~10k lines

/** Line-aligned blocks of generated chunk lines, produced on demand until `total` bytes. */
function* generate(total: number): Generator<Buffer> {
  const payload = new Uint8Array(48 * 1024).map((_, i) => (i * 2654435761) >>> 24);
  const lines = encodeBytes(payload).map((c) => c.toString());
  let produced = 0;
  let k = 0;
  let line = 0;
  while (produced < total) {
    const parts: string[] = [];
    let size = 0;
    while (size < BLOCK_BYTES && produced + size < total) {
      let s = lines[k++ % lines.length] as string;
      if (++line % CORRUPT_EVERY === 0) s = (BigInt(s) + 2n).toString();
      parts.push(s);
      size += s.length + 1;
    }
    const block = Buffer.from(parts.join('\n') + '\n', 'latin1');
    produced += block.length;
    yield block;
  }
}

/** Parse a block of decimal lines into bigints. */
function parseBlock(block: Buffer): bigint[] {
  const text = block.toString('latin1');
  const out: bigint[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl === -1) break;
    if (nl > start) out.push(BigInt(text.slice(start, nl)));
    start = nl + 1;
  }
  return out;
}

async function main(): Promise<void> {
  const total = Math.round(inputMiB * MiB);
  global.gc?.();
  const baselineRss = process.memoryUsage().rss;
  let peakRss = baselineRss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);

  const gate = new CreditGate(highWaterMark);
  const record = createErrorRecord(10);
  let writtenBytes = 0;
  let writes = 0;
  const slowSink = new Writable({
    highWaterMark: 2 * BLOCK_BYTES,
    write(chunk: Buffer, _enc, cb) {
      writtenBytes += chunk.length;
      writes++;
      setTimeout(cb, 0); // deliberately slow: every block waits for a timer tick
    },
  });
  let inputBytes = 0;
  const t0 = performance.now();
  const summary = await toWritable(
    fromPull(generate(total), { gate }).pipe(
      map((block) => {
        inputBytes += block.length;
        return parseBlock(block);
      }),
      verifyIntegrity({ policy: 'skip', record }),
      decodeChunks(),
      map((decoded) => {
        const lines: string[] = [];
        for (const d of decoded) if (d.kind !== 'invalid') lines.push(encodeChunk(d).toString());
        return Buffer.from(lines.join('\n') + '\n', 'latin1');
      }),
    ),
    slowSink,
    { gate },
  );
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const kernelPeak = process.resourceUsage().maxRSS * 1024;
  const mb = (b: number): number => +(b / 1e6).toFixed(1);
  const rows = [
    { measure: 'baseline RSS (before the pipeline)', MB: mb(baselineRss), ratio: 1 },
    { measure: 'peak RSS, sampled every 20 ms', MB: mb(peakRss), ratio: +(peakRss / baselineRss).toFixed(2) },
    { measure: 'peak RSS, kernel maxRSS', MB: mb(kernelPeak), ratio: +(kernelPeak / baselineRss).toFixed(2) },
    { measure: 'target', MB: 150, ratio: +(150e6 / baselineRss).toFixed(2) },
  ];
  console.table(rows);
  console.table([
    {
      inputMiB: +(inputBytes / MiB).toFixed(1),
      outputMiB: +(writtenBytes / MiB).toFixed(1),
      blocks: summary.written,
      writes,
      drains: summary.drains,
      corruptedSkipped: record.skipped,
      chunksChecked: record.processed,
      maxInFlight: gate.maxInFlight,
      highWaterMark,
      seconds: +seconds.toFixed(1),
      MiBPerSec: +(inputBytes / MiB / seconds).toFixed(1),
    },
  ]);
  const out = path.join(path.dirname(new URL(import.meta.url).pathname), 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    path.join(out, 'memory-stream.json'),
    JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        inputBytes,
        outputBytes: writtenBytes,
        highWaterMark,
        baselineRss,
        peakRss,
        kernelPeakRss: kernelPeak,
        targetBytes: 150e6,
        withinTarget: Math.max(peakRss, kernelPeak) <= 150e6,
        corruptedSkipped: record.skipped,
        chunksChecked: record.processed,
        seconds,
      },
      null,
      2,
    ),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
