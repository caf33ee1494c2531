import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLI, runPrimeos } from './cliProcess.js';

const root = path.resolve(__dirname, '../..');
let dir: string;
let pipelines: string;
beforeAll(() => {
  // the examples' layout (graphs in pipelines/, data one level up) in a scratch directory, so outputs land there
  dir = mkdtempSync(path.join(tmpdir(), 'primeos-pipeline-'));
  pipelines = path.join(dir, 'pipelines');
  cpSync(path.join(root, 'examples/pipelines'), pipelines, {
    recursive: true,
    filter: (src) => !src.includes(`${path.sep}out`),
  });
  for (const f of ['numbers.txt', 'chunks.txt', 'program.chunks'])
    cpSync(path.join(root, 'examples', f), path.join(dir, f));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const graph = (name: string): string => path.join(pipelines, name);
const out = (name: string): string => readFileSync(path.join(pipelines, 'out', name), 'utf8');

describe('primeos pipeline (built CLI): the example graphs match the equivalent commands', () => {
  test('factor-lines: lines → factorize → ndjson gives the bytes of `primeos factor`', async () => {
    const [p, f] = await Promise.all([
      runPrimeos(['pipeline', 'run', graph('factor-lines.json')]),
      runPrimeos(['factor', path.join(dir, 'numbers.txt'), '--workers', '0']),
    ]);
    expect(p.code).toBe(0);
    expect(p.stdout.length).toBeGreaterThan(1000);
    expect(p.stdout).toBe(f.stdout);
  });

  test('fanout-primes: every prime reaches both branches (text = `primeos primes`, the filtered branch complete)', async () => {
    const p = await runPrimeos(['pipeline', 'run', graph('fanout-primes.json'), '--metrics']);
    expect(p.code).toBe(0);
    const primes = await runPrimeos(['primes', '--to', '10000']);
    expect(out('primes.txt')).toBe(primes.stdout);
    const all = primes.stdout.trim().split('\n').map(BigInt);
    const json = out('primes-1mod4.ndjson')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { p: string; line: number });
    expect(json.map((r) => BigInt(r.p))).toEqual(all.filter((x) => x % 4n === 1n));
    expect(json.every((r) => all[r.line - 1] === BigInt(r.p))).toBe(true);
    const metrics = JSON.parse(p.stderr.trim().split('\n').pop() as string) as {
      nodes: { id: string; in: number; out: number }[];
    };
    const byId = Object.fromEntries(metrics.nodes.map((n) => [n.id, n]));
    expect(byId.primes?.out).toBe(1229);
    expect(byId.all?.in).toBe(1229);
    expect(byId.mod4?.in).toBe(1229);
  });

  test('encode-decode: the chunks are `primeos encode`, and decoding them gives the input back', async () => {
    const p = await runPrimeos(['pipeline', 'run', graph('encode-decode.json')]);
    expect(p.code).toBe(0);
    const enc = await runPrimeos(['encode', '--block-size', '64', path.join(dir, 'numbers.txt')]);
    expect(out('numbers.chunks')).toBe(enc.stdout);
    expect(out('numbers.roundtrip.txt')).toBe(readFileSync(path.join(dir, 'numbers.txt'), 'utf8'));
  });

  test('chunks → decode → file gives the bytes of `primeos decode` on a multi-block stream, intact or damaged', async () => {
    const bytes = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 251));
    const raw = path.join(dir, 'blocks.bin');
    writeFileSync(raw, bytes);
    const enc = await runPrimeos(['encode', '--block-size', '16', raw]);
    expect(enc.code).toBe(0);
    const lines = enc.stdout.split('\n');
    // damaged: one data chunk of a middle block gone (that block is left out, the blocks after it still decoded)
    const damaged = [...lines.slice(0, 1000), ...lines.slice(1001)].join('\n');
    for (const [name, text, exit] of [
      ['intact', enc.stdout, 0],
      ['damaged', damaged, 1],
    ] as const) {
      writeFileSync(path.join(dir, `${name}.chunks`), text);
      writeFileSync(
        path.join(pipelines, `decode-${name}.json`),
        JSON.stringify({
          name: `decode-${name}`,
          nodes: [
            { id: 'in', type: 'chunks', options: { path: `../${name}.chunks` } },
            { id: 'decode', type: 'decode', onError: 'skip' },
            { id: 'out', type: 'file', options: { path: `out/${name}.bin` } },
          ],
          edges: [
            { from: 'in', to: 'decode' },
            { from: 'decode', to: 'out' },
          ],
        }),
      );
      const [p, d] = await Promise.all([
        runPrimeos(['pipeline', 'run', graph(`decode-${name}.json`), '--metrics']),
        runPrimeos(['decode', path.join(dir, `${name}.chunks`)]),
      ]);
      expect([p.code, d.code]).toEqual([exit, exit]);
      const piped = readFileSync(path.join(pipelines, 'out', `${name}.bin`));
      expect(piped.equals(d.stdoutBytes)).toBe(true);
      const metrics = JSON.parse(p.stderr.trim().split('\n').pop() as string) as {
        nodes: { id: string; out: number; errors: number }[];
      };
      const decode = metrics.nodes.find((n) => n.id === 'decode');
      if (name === 'intact') {
        expect(piped.equals(bytes)).toBe(true);
        expect(decode).toMatchObject({ out: Math.ceil(bytes.length / 16), errors: 0 });
      } else {
        expect(piped.length).toBe(bytes.length - 16); // one block of 16 bytes left out
        expect(decode?.out).toBe(Math.ceil(bytes.length / 16) - 1);
        expect(decode?.errors).toBeGreaterThan(0);
      }
    }
  });

  test('verify-chunks and run-program give the bytes of `primeos verify` and `primeos run`', async () => {
    const [pv, v, pr, r] = await Promise.all([
      runPrimeos(['pipeline', 'run', graph('verify-chunks.json')]),
      runPrimeos(['verify', path.join(dir, 'chunks.txt')]),
      runPrimeos(['pipeline', 'run', graph('run-program.json')]),
      runPrimeos(['run', path.join(dir, 'program.chunks')]),
    ]);
    expect([pv.code, pr.code]).toEqual([0, 0]);
    expect(pv.stdout).toBe(v.stdout);
    expect(pr.stdout).toBe(r.stdout);
    expect(pr.stdout).toBe('42\n2\n');
  });

  test('validate and graph', async () => {
    const v = await runPrimeos(['pipeline', 'validate', graph('fanout-primes.json')]);
    expect(v.code).toBe(0);
    expect(v.stdout).toBe('ok: fanout-primes: 5 nodes, 4 edges\n');
    const m = await runPrimeos(['pipeline', 'graph', graph('fanout-primes.json')]);
    expect(m.stdout).toContain('flowchart LR');
    expect(m.stdout).toContain('primes -->|32| mod4');
    const d = await runPrimeos(['pipeline', 'graph', '--format', 'dot', graph('encode-decode.json')]);
    expect(d.stdout).toContain('"encode" -> "decode" [label="1024"];'); // the default capacity
  });

  test('an invalid config: one clear line naming the node, exit 2, nothing run or written', async () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        nodes: [
          { id: 'src', type: 'primes', options: { count: 5 } },
          { id: 'enc', type: 'encode' },
          { id: 'sink', type: 'file', options: { path: 'never-written.txt' } },
        ],
        edges: [
          { from: 'src', to: 'enc' },
          { from: 'enc', to: 'sink' },
        ],
      }),
    );
    for (const cmd of ['run', 'validate', 'graph']) {
      const r = await runPrimeos(['pipeline', cmd, bad]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        'primeos pipeline: node "enc": type: a encode node takes text or bytes, but "src" (primes) emits bigint\n',
      );
    }
    expect(existsSync(path.join(dir, 'never-written.txt'))).toBe(false);
    const missing = await runPrimeos(['pipeline', 'run', path.join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^primeos pipeline: cannot read .*nope\.json: ENOENT\n$/);
  });

  test('SIGKILL, then --resume: byte-identical output; an altered output, a second process, a changed input are refused', async () => {
    const input = path.join(dir, 'many.txt');
    const lines: string[] = [];
    let x = 0x2545f491n;
    for (let i = 0; i < 20000; i++) {
      x = (x * 6364136223846793005n + 1442695040888963407n) % 2n ** 64n;
      lines.push(i % 97 === 0 ? 'not a number' : (x >> 14n).toString());
    }
    writeFileSync(input, lines.join('\n') + '\n');
    const cfg = (outFile: string): string => {
      const p = path.join(dir, `${path.basename(outFile)}.json`);
      writeFileSync(
        p,
        JSON.stringify({
          name: 'resumable',
          nodes: [
            { id: 'in', type: 'lines', options: { path: 'many.txt' } },
            { id: 'f', type: 'factorize', options: { workers: 1, batch: 8 } },
            { id: 'keep', type: 'filter', options: { where: '.status != "failed" || line > 0' } },
            { id: 'out', type: 'ndjson', options: { path: outFile } },
            // a second sink takes the factor records as blocks: on resume it may stand further on than `out`
            { id: 'raw', type: 'ndjson', options: { path: `${outFile}.raw` } },
          ],
          edges: [
            { from: 'in', to: 'f', capacity: 16 },
            { from: 'f', to: 'keep' },
            { from: 'keep', to: 'out', capacity: 8 },
            { from: 'f', to: 'raw', capacity: 40 },
          ],
        }),
      );
      return p;
    };
    const ref = await runPrimeos(['pipeline', 'run', cfg('ref.ndjson')]);
    expect(ref.code).toBe(0);
    const expected = readFileSync(path.join(dir, 'ref.ndjson'), 'utf8');
    const expectedRaw = readFileSync(path.join(dir, 'ref.ndjson.raw'), 'utf8');
    const graphFile = cfg('cut.ndjson');
    const cp = path.join(dir, 'cut.checkpoint');
    const child = spawn(process.execPath, [CLI, 'pipeline', 'run', graphFile, '--checkpoint', cp], { stdio: 'ignore' });
    const outFile = path.join(dir, 'cut.ndjson');
    // killed once a checkpoint has committed part of both outputs
    const savedBytes = (): number[] => {
      try {
        const s = JSON.parse(readFileSync(cp, 'utf8')) as { pipeline: { sinks: Record<string, { bytes: number }> } };
        return [s.pipeline.sinks.out?.bytes ?? 0, s.pipeline.sinks.raw?.bytes ?? 0];
      } catch {
        return [0, 0]; // not there yet, or being replaced
      }
    };
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && savedBytes().some((b) => b === 0)) await new Promise((r) => setTimeout(r, 2));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    expect(statSync(outFile).size).toBeLessThan(expected.length);
    const saved = JSON.parse(readFileSync(cp, 'utf8')) as {
      inputOffset: number;
      input: { size: number; sha256: string };
      pipeline: { sinks: Record<string, { bytes: number; sha256: string }> };
    };
    // the checkpoint pins the input (size, hash of the committed prefix) and the sink's committed bytes
    const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
    const inputBytes = readFileSync(input);
    expect(saved.input.size).toBe(inputBytes.length);
    expect(saved.input.sha256).toBe(sha(inputBytes.subarray(0, saved.inputOffset)));
    const committed = saved.pipeline.sinks.out as { bytes: number; sha256: string };
    expect(committed.bytes).toBeGreaterThan(0);
    expect(committed.sha256).toBe(sha(readFileSync(outFile).subarray(0, committed.bytes)));

    // an altered output is refused (nothing appended or truncated)
    const cut = readFileSync(outFile);
    const altered = Buffer.from(cut);
    altered[5] = altered[5] === 0x31 ? 0x32 : 0x31;
    writeFileSync(outFile, altered);
    const refusedOut = await runPrimeos(['pipeline', 'run', graphFile, '--resume', cp]);
    expect(refusedOut.code).toBe(2);
    expect(refusedOut.stderr).toMatch(/output .*cut\.ndjson differs from the checkpoint in its first \d+ bytes/);
    expect(readFileSync(outFile).equals(altered)).toBe(true);
    writeFileSync(outFile, cut);

    // a second process on the same checkpoint is refused while the first runs (the first is paused meanwhile)
    const first = spawn(process.execPath, [CLI, 'pipeline', 'run', graphFile, '--resume', cp], { stdio: 'ignore' });
    const firstDone = new Promise<number | null>((r) => first.on('close', r));
    let exited = false;
    void firstDone.then(() => (exited = true));
    // the first holds the lock once the lock file names it (a stale lock of the killed run may be there before)
    const holds = (): boolean =>
      existsSync(`${cp}.lock`) && readFileSync(`${cp}.lock`, 'utf8').trim() === String(first.pid);
    while (!exited && !holds()) await new Promise((r) => setTimeout(r, 2));
    expect(exited).toBe(false);
    first.kill('SIGSTOP');
    const second = await runPrimeos(['pipeline', 'run', graphFile, '--resume', cp]);
    first.kill('SIGCONT');
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/is running \(pid \d+/);
    expect(await firstDone).toBe(0);
    expect(readFileSync(outFile, 'utf8')).toBe(expected);
    expect(readFileSync(`${outFile}.raw`, 'utf8')).toBe(expectedRaw);
    expect(existsSync(`${cp}.lock`)).toBe(false);

    // a changed input is refused
    writeFileSync(input, inputBytes.toString('utf8').replace('\n', '\n7\n'));
    const changed = await runPrimeos(['pipeline', 'run', graphFile, '--resume', cp]);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toMatch(/input .*many\.txt changed since the pipeline started/);
    expect(readFileSync(outFile, 'utf8')).toBe(expected);
  });
});
