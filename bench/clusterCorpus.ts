/**
 * The mixed input of the cluster tests and benchmark: random 32–128-bit numbers, balanced semiprimes, bad lines,
 * blank lines and comments, in a seeded order (same seed, same file).
 */
import { balancedSemiprimes, randomBits, rng } from './bandCorpus.js';

/**
 * A mixed factor-job input.
 *
 * @param count - numbers (bad, blank and comment lines come on top)
 * @param seed - seed of the order and the numbers
 * @param maxSemiprimeBits - largest balanced semiprime (the expensive lines)
 * @returns the file's text
 */
export function clusterCorpus(count: number, seed = 7, maxSemiprimeBits = 96): string {
  const next = rng(seed);
  const unit = (): number => (next() >>> 0) / 2 ** 32;
  const lines: string[] = [];
  const semis: bigint[] = [];
  for (let bits = 40; bits <= maxSemiprimeBits; bits += 8) {
    for (const { n } of balancedSemiprimes(bits, Math.max(1, Math.round(count / 200)), seed + bits)) semis.push(n);
  }
  let s = 0;
  for (let i = 0; i < count; i++) {
    const r = unit();
    if (r < 0.04 && s < semis.length) lines.push(String(semis[s++]));
    else lines.push(String(randomBits(next, 32 + Math.floor(unit() * 97))));
    if (r > 0.985) lines.push(['not-a-number', '0x', '{"n": 12.5}', '-', '12abc'][i % 5] as string);
    if (r > 0.975 && r <= 0.985) lines.push(i % 2 === 0 ? '' : `# comment ${i}`);
  }
  while (s < semis.length) lines.push(String(semis[s++]));
  return lines.join('\n') + '\n';
}
