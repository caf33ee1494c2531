/**
 * SIQS parameter A/B: the same balanced semiprimes factored under several parameter variants of the table's
 * row, interleaved per number with the order rotated (the first run of a round pays for what the previous
 * round left behind: garbage, compiler threads), CPU time per `siqs` call. Prints each variant's times,
 * their sum and the speed-up over the first variant per number.
 *
 *   npx tsx bench/siqsParams.ts 192 3                       # table row vs the default variants
 *   SIQS_VARIANTS='table;slack+8:thresholdSlack=+8;fb0.7:factorBaseSize=*0.7' npx tsx bench/siqsParams.ts 160 8
 *
 * A variant is `name:key=value,key=value`: a key of `SiqsParams`, and a value that is absolute (`=12`), added
 * to the table's (`=+8`, `=-2`) or a multiple of it (`=*0.7`). The first variant is the reference. Every
 * variant first factors one extra number untimed (JIT warm-up), below 200 bits (above, one number takes
 * seconds and the warm-up is lost in it).
 */
import { siqs } from '../src/primes/siqs.js';
import { type SiqsParams, siqsParams } from '../src/primes/internal/siqsParams.js';
import { balancedSemiprimes } from './bandCorpus.js';

const bits = Number(process.argv[2] ?? 160);
const count = Number(process.argv[3] ?? 5);
const spec =
  process.env['SIQS_VARIANTS'] ??
  'table;slack-4:thresholdSlack=-4;slack+4:thresholdSlack=+4;dlp:doubleLargePrimeExponent=1.8,thresholdSlack=+4';

interface Variant {
  readonly name: string;
  readonly params: SiqsParams;
}

function parseVariant(text: string, base: SiqsParams): Variant {
  const [name, body] = text.split(':') as [string, string | undefined];
  const params: Record<string, number> = { ...base };
  for (const assignment of (body ?? '').split(',').filter(Boolean)) {
    const [key, value] = assignment.split('=') as [string, string];
    if (!(key in base)) throw new Error(`unknown SIQS parameter ${key}`);
    const old = params[key] as number;
    const x = Number(value.replace(/^[+*]/, ''));
    params[key] = value.startsWith('*')
      ? old * x
      : value.startsWith('+') || value.startsWith('-')
        ? old + Number(value)
        : x;
  }
  params['factorBaseSize'] = Math.round(params['factorBaseSize'] as number);
  params['sieveHalfWidth'] = Math.round((params['sieveHalfWidth'] as number) / 16) * 16;
  return { name, params: params as unknown as SiqsParams };
}

const base = siqsParams(bits);
const variants = spec.split(';').map((v) => parseVariant(v, base));
const numbers = balancedSemiprimes(bits, count + 1, 23).map((s) => s.n);
if (bits < 200) for (const v of variants) siqs(numbers[count] as bigint, { params: v.params });

const times = new Map<string, number[]>(variants.map((v) => [v.name, []]));
for (let i = 0; i < count; i++) {
  for (let k = 0; k < variants.length; k++) {
    const v = variants[(k + i) % variants.length] as Variant;
    const before = process.cpuUsage();
    const out = siqs(numbers[i] as bigint, { params: v.params });
    const used = process.cpuUsage(before);
    if (out.status !== 'found') console.log(`${v.name}: number ${i} ${out.status}`);
    times.get(v.name)?.push((used.user + used.system) / 1000);
  }
}
const reference = times.get(variants[0]?.name ?? '') ?? [];
for (const v of variants) {
  const t = times.get(v.name) ?? [];
  const sum = t.reduce((a, b) => a + b, 0);
  const speedUps = t.map((x, i) => ((reference[i] as number) / x).toFixed(2));
  console.log(
    `${bits} bits ${v.name.padEnd(12)} ${t.map((x) => x.toFixed(0)).join(' ')} ms · sum ${sum.toFixed(0)} ms · speed-up ${speedUps.join(' ')}`,
  );
}
