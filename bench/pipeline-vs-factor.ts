/**
 * Whole-process throughput of a 3-node pipeline (lines → factorize → ndjson) against `primeos factor` on the
 * same input, built CLI, default worker count, same machine and run: the figure is the ratio of wall times
 * (factor / pipeline; ≥ 0.9 is the goal), and the two outputs must be byte-identical. The pipeline runs as
 * `pipeline run` does by default (young generation `fixed`, its memory setting) and, in the same rounds, with
 * `--young-generation growing` (V8's default), so the cost of the memory setting is measured too.
 * Usage: `npx tsx bench/pipeline-vs-factor.ts [lines=100000] [bits=48] [rounds=3]`.
 * Writes bench/results/pipeline-vs-factor.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { median } from './stats.js';

const lines = Number(process.argv[2] ?? 100_000);
const bits = Number(process.argv[3] ?? 48);
const rounds = Number(process.argv[4] ?? 3);
const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'dist/cli/main.js');
const dir = mkdtempSync(path.join(tmpdir(), 'primeos-pipeline-bench-'));
try {
  let x = 0x9e3779b97f4a7c15n;
  const nums: string[] = [];
  for (let i = 0; i < lines; i++) {
    x = (x * 6364136223846793005n + 1442695040888963407n) % 2n ** 64n;
    nums.push(((x >> BigInt(64 - bits)) | 1n).toString());
  }
  const input = path.join(dir, 'numbers.txt');
  writeFileSync(input, nums.join('\n') + '\n');
  const graph = path.join(dir, 'graph.json');
  writeFileSync(
    graph,
    JSON.stringify({
      name: 'bench',
      nodes: [
        { id: 'in', type: 'lines', options: { path: 'numbers.txt' } },
        { id: 'factor', type: 'factorize' },
        { id: 'out', type: 'ndjson', options: { path: 'pipeline.ndjson' } },
      ],
      edges: [
        { from: 'in', to: 'factor' },
        { from: 'factor', to: 'out' },
      ],
    }),
  );
  const time = (args: string[]): number => {
    const t0 = performance.now();
    execFileSync(process.execPath, [cli, ...args], { stdio: ['ignore', 'ignore', 'ignore'] });
    return performance.now() - t0;
  };
  const factorMs: number[] = [];
  const pipelineMs: number[] = [];
  const growingMs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    factorMs.push(time(['factor', input, '-o', path.join(dir, 'factor.ndjson')]));
    pipelineMs.push(time(['pipeline', 'run', graph]));
    growingMs.push(time(['pipeline', 'run', graph, '--young-generation', 'growing']));
  }
  const identical = readFileSync(path.join(dir, 'factor.ndjson')).equals(
    readFileSync(path.join(dir, 'pipeline.ndjson')),
  );
  const result = {
    lines,
    bits,
    rounds,
    factorMs: median(factorMs),
    pipelineMs: median(pipelineMs),
    ratio: median(factorMs) / median(pipelineMs),
    growingMs: median(growingMs),
    ratioGrowing: median(factorMs) / median(growingMs),
    identical,
    samples: { factorMs, pipelineMs, growingMs },
  };
  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  writeFileSync(path.join(root, 'bench/results/pipeline-vs-factor.json'), JSON.stringify(result, null, 2) + '\n');
  process.stdout.write(
    `${lines} lines of ${bits}-bit numbers: primeos factor ${result.factorMs.toFixed(0)} ms, pipeline ${result.pipelineMs.toFixed(0)} ms, ` +
      `ratio ${result.ratio.toFixed(3)} (goal ≥ 0.9), outputs identical: ${identical}; ` +
      `with --young-generation growing ${result.growingMs.toFixed(0)} ms, ratio ${result.ratioGrowing.toFixed(3)}\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
