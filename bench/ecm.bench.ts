/**
 * ECM per-curve cost: the WebAssembly multi-limb Montgomery kernel against BigInt `x * y % n` (the
 * `arithmetic: 'bigint'` path), measured in the same run with alternating A/B rounds and medians of
 * process CPU time. Inputs are products of two primes above the reach of the curves (a 100-bit factor),
 * so every curve runs both stages in full; both sides run the same curves (same seed) and must return
 * the same outcome.
 *
 * Usage: `npx tsx bench/ecm.bench.ts [rounds]`. Writes bench/results/ecm.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createEcmSplitter } from '../src/primes/ecm.js';
import { seededRandom } from '../src/primes/internal/seededRandom.js';
import { randomPrime } from './bandCorpus.js';
import { cpuMs, median } from './stats.js';

const ROUNDS = Number(process.argv[2] ?? 3);
const next = seededRandom(2026);

interface Row {
  readonly case: string;
  readonly kernelMsPerCurve: number;
  readonly bigintMsPerCurve: number;
}

function rows(): Row[] {
  const out: Row[] = [];
  for (const B1 of [2000, 11000]) {
    for (const bits of [128, 192, 256]) {
      const n = randomPrime(next, bits >> 1) * randomPrime(next, bits - (bits >> 1));
      const curves = B1 === 2000 ? 6 : 2;
      const levels = [{ digits: 0, B1, B2: 100 * B1, curves }];
      const kernel = createEcmSplitter({ levels });
      const bigint = createEcmSplitter({ levels, arithmetic: 'bigint' });
      const a: number[] = [];
      const b: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        let t0 = cpuMs();
        const ka = kernel(n, { seed: r + 1 });
        a.push((cpuMs() - t0) / (ka.effort?.ecmCurves ?? curves));
        t0 = cpuMs();
        const kb = bigint(n, { seed: r + 1 });
        b.push((cpuMs() - t0) / (kb.effort?.ecmCurves ?? curves));
        if (ka.status !== kb.status) throw new Error(`outcomes differ on ${n}`);
      }
      out.push({
        case: `${bits}-bit, B1 = ${B1}, B2 = 100·B1`,
        kernelMsPerCurve: median(a),
        bigintMsPerCurve: median(b),
      });
    }
  }
  return out;
}

function main(): void {
  const rs = rows();
  console.table(
    rs.map((r) => ({
      case: r.case,
      'kernel ms/curve': +r.kernelMsPerCurve.toFixed(2),
      'BigInt ms/curve': +r.bigintMsPerCurve.toFixed(2),
      'kernel/BigInt': +(r.kernelMsPerCurve / r.bigintMsPerCurve).toFixed(3),
    })),
  );
  const dir = path.join(process.cwd(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'ecm.json'), JSON.stringify({ date: new Date().toISOString(), rows: rs }, null, 2));
}

main();
