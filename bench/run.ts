/**
 * Runs every `bench/*.bench.ts` suite in its own process (so one suite's heap and JIT state do not
 * colour another's) and prints where each wrote its JSON. Usage: `npm run bench [-- name-filter]`.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const dir = path.dirname(new URL(import.meta.url).pathname);
const filter = process.argv[2];
const suites = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !filter || f.includes(filter))
  .sort();

if (suites.length === 0) {
  process.stderr.write(`no bench suites match ${filter ?? '*'}\n`);
  process.exit(2);
}
let failed = 0;
for (const suite of suites) {
  process.stderr.write(`\n== ${suite}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, suite)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
