/**
 * Peer comparison of the default banded plan (issue 5): `bandedFactorize` against PARI/GP `factor()` on
 * balanced semiprimes, and against GNU `factor` on the 128-bit ones (minutes each), in the same run.
 *
 *   npx tsx bench/peers/bands-peers.ts [--count 5] [--sizes 128,160,192] [--gnu 1]
 *
 * ours: wall time in-process after one warm-up per size; gp: `getwalltime()` inside gp over repeats (wall, like ours);
 * GNU factor: wall time of one process per number (`--gnu N` numbers at 128 bits; 0 to skip).
 * Writes bench/results/bands-peers.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bandedFactorize } from '../../src/bands/bandedFactorize.js';
import { balancedSemiprimes } from '../bandCorpus.js';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] as string) : dflt;
};
const count = Number(arg('count', '5'));
const sizes = arg('sizes', '128,160,192').split(',').map(Number);
const gnuCount = Number(arg('gnu', '1'));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;

function gpMs(n: bigint, repeats: number): number {
  const script = `t=getwalltime();for(i=1,${repeats},factor(${n}));print((getwalltime()-t)/${repeats}.)\n`;
  return Number(execFileSync('gp', ['-q', '-f'], { input: script, encoding: 'utf8' }).trim());
}

const rows: Record<string, unknown>[] = [];
for (const bits of sizes) {
  bandedFactorize((balancedSemiprimes(bits, 1, 999)[0] as { n: bigint }).n); // warm-up
  const ours: number[] = [];
  const gp: number[] = [];
  for (const { n, p, q } of balancedSemiprimes(bits, count, 77)) {
    const t0 = performance.now();
    const f = bandedFactorize(n);
    ours.push(performance.now() - t0);
    if (f.status !== 'complete' || f.factors[0]?.prime !== p || f.factors[1]?.prime !== q) {
      throw new Error(`wrong factorisation of ${n}`);
    }
    gp.push(gpMs(n, bits <= 128 ? 20 : 1));
  }
  const row: Record<string, unknown> = {
    bits,
    n: count,
    oursMs: +median(ours).toFixed(1),
    gpMs: +median(gp).toFixed(1),
    oursOverGp: +(median(ours) / median(gp)).toFixed(2),
  };
  if (bits === 128 && gnuCount > 0) {
    const gnu: number[] = [];
    for (const { n } of balancedSemiprimes(bits, gnuCount, 77)) {
      const t0 = performance.now();
      execFileSync('factor', [n.toString()], { encoding: 'utf8' });
      gnu.push(performance.now() - t0);
    }
    row.gnuMs = Math.round(median(gnu));
    row.gnuOverOurs = Math.round(median(gnu) / median(ours));
  }
  rows.push(row);
  console.error(`${bits} bits done`);
}
console.table(rows);
const out = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../results');
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, 'bands-peers.json'), JSON.stringify(rows, null, 2));
