/**
 * The builder's cost over the operators it composes, measured in the same run (ratios, not absolute times):
 * - builder: `createPipeline().source(chunks).batch(1024).transform(decode batch)` drained by `execute()`;
 * - operators: `fromPull → adaptiveBatch → map(decode batch)` drained by `toAsyncIterable`, same gate size;
 * - loop: `decodeChunk` over the same chunks in a plain loop.
 * Rounds alternate; medians compared. Usage: `npx tsx bench/pipeline-builder.ts [chunks=200000]`.
 * Writes bench/results/pipeline-builder.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { map } from 'rxjs';
import { encodeBytes } from '../src/encoding/blockCodec.js';
import { decodeChunk } from '../src/encoding/chunkCodec.js';
import { CreditGate } from '../src/stream/CreditGate.js';
import { adaptiveBatch } from '../src/stream/operators/adaptiveBatch.js';
import { toAsyncIterable } from '../src/stream/sinks/toAsyncIterable.js';
import { fromPull } from '../src/stream/sources/fromPull.js';
import { createPipeline } from '../src/stream/StreamPipeline.js';
import { median } from './stats.js';

const N = Number(process.argv[2] ?? 200_000);
const ROUNDS = 7;
const BATCH = 1024;
const bytes = new Uint8Array(N).map((_, i) => (i * 131) & 0xff);
const chunks = encodeBytes(bytes).slice(0, N);

async function builder(): Promise<number> {
  let n = 0;
  const out = await createPipeline<bigint>()
    .source(chunks)
    .batch(BATCH)
    .transform((b) => b.map((c) => decodeChunk(c)))
    .execute();
  for await (const b of out) n += b.length;
  return n;
}

async function operators(): Promise<number> {
  let n = 0;
  const gate = new CreditGate(64);
  const out$ = fromPull(chunks, { gate }).pipe(
    adaptiveBatch({ mode: 'fixed', size: BATCH, gate }),
    map((b) => b.map((c) => decodeChunk(c))),
  );
  for await (const b of toAsyncIterable(out$, { gate, credits: (b) => b.length })) n += b.length;
  return n;
}

function loop(): number {
  let n = 0;
  for (const c of chunks) if (decodeChunk(c).kind !== 'invalid') n++;
  return n;
}

const times: Record<'builder' | 'operators' | 'loop', number[]> = { builder: [], operators: [], loop: [] };
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, run] of [
    ['builder', builder],
    ['operators', operators],
    ['loop', async () => loop()],
  ] as const) {
    const t0 = performance.now();
    const n = await run();
    times[name].push(performance.now() - t0);
    if (n !== chunks.length) throw new Error(`${name}: ${n} of ${chunks.length} chunks`);
  }
}
const m = { builder: median(times.builder), operators: median(times.operators), loop: median(times.loop) };
const result = {
  chunks: chunks.length,
  medianMs: m,
  builderVsOperators: m.operators / m.builder,
  builderVsLoop: m.loop / m.builder,
};
console.log(JSON.stringify(result, null, 2));
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/pipeline-builder.json', import.meta.url), JSON.stringify(result, null, 2));
