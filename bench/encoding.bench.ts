/**
 * Encoding benchmarks (issue 4): decode + verify throughput of data chunks, encodeText/decodeText of a
 * 1 MB text, and the largest data chunk whatever the stream length. Every case is compared with a
 * plain BigInt loop doing the same work in the same run (the floor):
 * - decode floor: divide out 2, each of the 16 data field primes by `%`/`/`, then compare the rest
 *   with the expected q^6;
 * - encode floor: per byte, multiply the offset and value prime products and q^6 (no cache).
 * Usage: `npx tsx bench/encoding.bench.ts`. Writes bench/results/encoding.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Bench } from 'tinybench';
import { decodeChunk } from '../src/encoding/chunkCodec.js';
import { decodeText, encodeText } from '../src/encoding/blockCodec.js';
import { encodeData } from '../src/encoding/encodeData.js';
import { CHECKSUM_POWERS, FIELD_PRIMES } from '../src/encoding/chunkLayout.js';
import { crc12 } from '../src/encoding/crc12.js';

const BATCH = 10_000;
const MB = 1 << 20;

function randomText(bytes: number, seed: number): string {
  // mixed ASCII and multi-byte characters, ~`bytes` UTF-8 bytes
  const alphabet = ['a', 'b', 'c', ' ', 'e', 'é', 'ж', '世', '👋', '\n', 'Z', '0'];
  let s = '';
  let x = seed;
  let n = 0;
  while (n < bytes) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const ch = alphabet[(x >>> 16) % alphabet.length] as string;
    s += ch;
    n += new TextEncoder().encode(ch).length;
  }
  return s;
}

const text = randomText(MB, 7);
const chunks = encodeText(text);
const dataChunks = chunks.filter((c) => decodeChunk(c).kind === 'data').slice(0, BATCH);
const bytes = new TextEncoder().encode(text);

const DATA_PRIMES = FIELD_PRIMES.slice(0, 16).map(BigInt);
/** The floor: plain BigInt division loop decoding and verifying one data chunk. */
function floorDecode(c: bigint): boolean {
  let tag = 0;
  while ((c & 1n) === 0n) {
    c >>= 1n;
    tag++;
  }
  if (tag !== 1) return false;
  let word = 0;
  for (let i = 0; i < 16; i++) {
    const p = DATA_PRIMES[i] as bigint;
    if (c % p === 0n) {
      c /= p;
      word |= 1 << i;
      if (c % p === 0n) return false;
    }
  }
  const q6 = CHECKSUM_POWERS[crc12([1, 1, word & 0xff, word >>> 8])] as bigint;
  return c === q6;
}

const OFFSET_PART: bigint[] = [];
const VALUE_PART: bigint[] = [];
for (let x = 0; x < 256; x++) {
  let a = 2n;
  let b = 1n;
  for (let i = 0; i < 8; i++) {
    if ((x >> i) & 1) {
      a *= DATA_PRIMES[i] as bigint;
      b *= DATA_PRIMES[8 + i] as bigint;
    }
  }
  OFFSET_PART.push(a);
  VALUE_PART.push(b);
}
/** The floor: plain BigInt products per byte (no cache, no framing). */
function floorEncode(b: Uint8Array): bigint[] {
  const out: bigint[] = new Array<bigint>(b.length);
  for (let i = 0; i < b.length; i++) {
    const o = i & 255;
    const v = b[i] as number;
    out[i] = (OFFSET_PART[o] as bigint) * (VALUE_PART[v] as bigint) * (CHECKSUM_POWERS[crc12([1, 1, o, v])] as bigint);
  }
  return out;
}

let sink = 0;
const decodeBench = new Bench({ name: 'decode+verify', time: 2000 });
decodeBench
  .add('decodeChunk + verify (10k data chunks)', () => {
    let ok = 0;
    for (const c of dataChunks) if (decodeChunk(c).kind !== 'invalid') ok++;
    sink += ok;
  })
  .add('floor: plain BigInt loop (10k data chunks)', () => {
    let ok = 0;
    for (const c of dataChunks) if (floorDecode(c)) ok++;
    sink += ok;
  });

const textBench = new Bench({ name: '1 MB text', time: 0, iterations: 5 });
textBench
  .add('encodeText 1 MB', () => {
    sink += encodeText(text).length;
  })
  .add('floor: BigInt products per byte, 1 MB', () => {
    sink += floorEncode(bytes).length;
  })
  .add('decodeText 1 MB', () => {
    sink += decodeText(chunks).length;
  })
  .add('floor: BigInt division loop over 1 MB of chunks', () => {
    let ok = 0;
    for (const c of chunks) if (floorDecode(c)) ok++;
    sink += ok;
  });

async function main(): Promise<void> {
  await decodeBench.run();
  await textBench.run();
  const mean = (b: Bench, name: string): number => {
    const r = b.getTask(name)?.result;
    if (!r || r.state !== 'completed') throw new Error(`${name} did not complete`);
    return r.latency.mean;
  };
  const dMs = mean(decodeBench, 'decodeChunk + verify (10k data chunks)');
  const fMs = mean(decodeBench, 'floor: plain BigInt loop (10k data chunks)');
  const encMs = mean(textBench, 'encodeText 1 MB');
  const encFloor = mean(textBench, 'floor: BigInt products per byte, 1 MB');
  const decMs = mean(textBench, 'decodeText 1 MB');
  const decFloor = mean(textBench, 'floor: BigInt division loop over 1 MB of chunks');

  const largest: { streamBytes: number; maxDataChunkBits: number }[] = [];
  for (const n of [10, 10_000, MB, 4 * MB]) {
    const cs = encodeText(randomText(n, n));
    let max = 0;
    for (const c of cs) {
      const d = decodeChunk(c);
      if (d.kind === 'data') max = Math.max(max, c.toString(2).length);
    }
    largest.push({ streamBytes: n, maxDataChunkBits: max });
  }
  let worst = 0;
  for (let o = 0; o < 256; o++)
    for (let v = 0; v < 256; v++) worst = Math.max(worst, encodeData(o, v).toString(2).length);
  largest.push({ streamBytes: -1, maxDataChunkBits: worst }); // −1: every (offset, byte) pair

  const rows = [
    {
      case: 'decode+verify data chunks/s',
      primeos: Math.round((BATCH / dMs) * 1000),
      floor: Math.round((BATCH / fMs) * 1000),
      target: '≥ 1,000,000/s',
    },
    { case: 'encodeText 1 MB (ms)', primeos: Math.round(encMs), floor: Math.round(encFloor), target: '< 2000 ms' },
    { case: 'decodeText 1 MB (ms)', primeos: Math.round(decMs), floor: Math.round(decFloor), target: '< 2000 ms' },
  ].map((r) => ({
    ...r,
    'primeos/floor speed': (r.case.endsWith('/s') ? r.primeos / r.floor : r.floor / r.primeos).toFixed(2) + '×',
  }));
  console.table(rows);
  console.table(largest);
  console.table(decodeBench.table());
  console.table(textBench.table());
  const out = path.join(path.dirname(new URL(import.meta.url).pathname), 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    path.join(out, 'encoding.json'),
    JSON.stringify({ date: new Date().toISOString(), node: process.version, rows, largest, sink }, null, 2),
  );
}

await main();
