/**
 * Whole-process codec benchmark: N MB of generated text (default 40; words, line breaks and some multi-byte
 * UTF-8) → `primeos encode` → a chunk file (one chunk per line, ~37× the input) → `primeos decode` → bytes,
 * both run as the built CLI (`node dist/cli/main.js`, build first) with stdout to a file. Checks that the decoded
 * bytes are identical to the input and reports for each process: wall time, CPU time, peak RSS (goal ≤ 150 MB
 * each), and the decode rate in MB/s of chunk text by wall and by CPU time (goal ≥ 50 MB/s). Peak RSS comes from
 * `/usr/bin/time -v` when present, else from polling the child's `VmHWM` in /proc. The baseline row is a
 * node process that only reads the chunk file line by line (same machine, same run): the decode ratio against
 * it says how much decoding costs beyond reading.
 * Usage: `npx tsx bench/codec-stream.ts [MB=40]`. Writes bench/results/codec-stream.json.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const MB = 1e6;
const inputMB = Number(process.argv[2] ?? 40);
const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'dist/cli/main.js');
const hasTime = existsSync('/usr/bin/time');

interface ProcessRun {
  readonly wallMs: number;
  readonly cpuMs: number | null;
  readonly peakRssMB: number | null;
  readonly code: number | null;
}

/** Generate `bytes` of text deterministically (a few words incl. multi-byte UTF-8, ~10% line ends). */
function generateText(file: string, bytes: number): void {
  const words = ['lorem', 'ipsum', 'dolor', 'sit', 'amet', 'primes', 'chunk', 'stream', 'Grüße', '世界', 'π≈3.14'];
  const parts: string[] = [];
  let size = 0;
  let x = 12345;
  while (size < bytes) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const w = (words[x % words.length] as string) + ((x >>> 8) % 10 === 0 ? '\n' : ' ');
    parts.push(w);
    size += Buffer.byteLength(w);
  }
  writeFileSync(file, parts.join(''));
}

/** Peak RSS of a running process from /proc (kB → MB), or null once it is gone. */
async function hwm(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const m = /VmHWM:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) / 1000 : null;
  } catch {
    return null;
  }
}

/** Run `node args…` with stdin from `input` and stdout to `output`; measure wall, CPU and peak RSS. */
function run(args: readonly string[], input: string, output: string): Promise<ProcessRun> {
  const inFd = openSync(input, 'r');
  const outFd = openSync(output, 'w');
  const cmd = hasTime ? '/usr/bin/time' : process.execPath;
  const argv = hasTime ? ['-v', process.execPath, ...args] : [...args];
  const t0 = performance.now();
  const child = spawn(cmd, argv, { stdio: [inFd, outFd, 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  let polled: number | null = null;
  const poll = hasTime
    ? undefined
    : setInterval(() => {
        void hwm(child.pid as number).then((v) => {
          if (v !== null) polled = Math.max(polled ?? 0, v);
        });
      }, 20);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - t0;
      if (poll) clearInterval(poll);
      closeSync(inFd);
      closeSync(outFd);
      let cpuMs: number | null = null;
      let peakRssMB: number | null = polled;
      if (hasTime) {
        const num = (re: RegExp): number => Number(re.exec(stderr)?.[1] ?? NaN);
        cpuMs = (num(/User time \(seconds\): ([\d.]+)/) + num(/System time \(seconds\): ([\d.]+)/)) * 1000;
        peakRssMB = num(/Maximum resident set size \(kbytes\): (\d+)/) / 1000;
      }
      if (code !== 0) process.stderr.write(stderr);
      resolve({ wallMs, cpuMs, peakRssMB, code });
    });
  });
}

async function sha256(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

const round = (x: number | null, digits = 1): number | null => (x === null ? null : Number(x.toFixed(digits)));

async function main(): Promise<void> {
  if (!existsSync(cli)) throw new Error(`build first: ${cli} is missing (npm run build)`);
  const dir = mkdtempSync(path.join(tmpdir(), 'primeos-codec-bench-'));
  try {
    const text = path.join(dir, 'input.txt');
    const chunks = path.join(dir, 'input.chunks');
    const decoded = path.join(dir, 'decoded.txt');
    generateText(text, inputMB * MB);
    const textBytes = statSync(text).size;

    const encode = await run([cli, 'encode', text], '/dev/null', chunks);
    const chunkBytes = statSync(chunks).size;
    const decode = await run([cli, 'decode', chunks], '/dev/null', decoded);
    // baseline: a node process that reads the chunk file line by line and does nothing else
    const readOnly = `const rl = require('node:readline').createInterface({ input: require('node:fs').createReadStream(process.argv[1]) }); let n = 0; rl.on('line', () => n++); rl.on('close', () => console.log(n));`;
    const baseline = await run(['-e', readOnly, chunks], '/dev/null', '/dev/null');

    const identical = (await sha256(text)) === (await sha256(decoded));
    const rate = (ms: number | null): number | null => (ms === null ? null : chunkBytes / MB / (ms / 1000));
    const result = {
      inputMB: round(textBytes / MB, 2),
      chunkFileMB: round(chunkBytes / MB, 1),
      identical,
      encode: {
        exit: encode.code,
        wallS: round(encode.wallMs / 1000, 2),
        cpuS: round(encode.cpuMs === null ? null : encode.cpuMs / 1000, 2),
        peakRssMB: round(encode.peakRssMB),
        inputMBps: round(textBytes / MB / (encode.wallMs / 1000)),
      },
      decode: {
        exit: decode.code,
        wallS: round(decode.wallMs / 1000, 2),
        cpuS: round(decode.cpuMs === null ? null : decode.cpuMs / 1000, 2),
        peakRssMB: round(decode.peakRssMB),
        chunkMBpsWall: round(rate(decode.wallMs)),
        chunkMBpsCpu: round(rate(decode.cpuMs)),
      },
      baselineReadLines: {
        wallS: round(baseline.wallMs / 1000, 2),
        cpuS: round(baseline.cpuMs === null ? null : baseline.cpuMs / 1000, 2),
        chunkMBpsWall: round(rate(baseline.wallMs)),
      },
      decodeVsReadLinesWallRatio: round(decode.wallMs / baseline.wallMs, 2),
      goals: {
        identical,
        encodeRssAtMost150MB: encode.peakRssMB !== null && encode.peakRssMB <= 150,
        decodeRssAtMost150MB: decode.peakRssMB !== null && decode.peakRssMB <= 150,
        decodeAtLeast50MBps: (rate(decode.wallMs) ?? 0) >= 50,
      },
      rssSource: hasTime ? '/usr/bin/time -v' : '/proc VmHWM polling',
    };
    console.log(JSON.stringify(result, null, 2));
    mkdirSync(path.join(root, 'bench/results'), { recursive: true });
    writeFileSync(path.join(root, 'bench/results/codec-stream.json'), JSON.stringify(result, null, 2) + '\n');
    if (!identical || encode.code !== 0 || decode.code !== 0) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
