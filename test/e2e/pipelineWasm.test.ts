import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runPrimeos } from './cliProcess.js';

const root = path.resolve(__dirname, '../..');
const fixture = (name: string): string => path.join(root, 'test/fixtures/wasm', name);
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'primeos-wasm-'));
  writeFileSync(path.join(dir, 'items.txt'), ['ok1', 'loop', 'ok2', 'trap', 'grow', 'ok3'].join('\n') + '\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Metrics {
  nodes: {
    id: string;
    in: number;
    out: number;
    errors: number;
    skipped: number;
    substituted: number;
    restarts: number;
    circuitOpens: number;
    circuitRejected: number;
    recentErrors: { code: string; message: string }[];
  }[];
}

/** A lines → wasm → text graph over `items`, run by the built CLI with --metrics. */
async function runStage(name: string, stage: Record<string, unknown>, input = 'items.txt') {
  const file = path.join(dir, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      name,
      nodes: [
        { id: 'in', type: 'lines', options: { path: input } },
        {
          id: 'wasm',
          type: 'wasm',
          ...stage,
          options: { module: fixture('echo-or-fail.wasm'), timeoutMs: 400, ...(stage.options as object) },
        },
        { id: 'out', type: 'text' },
      ],
      edges: [
        { from: 'in', to: 'wasm' },
        { from: 'wasm', to: 'out' },
      ],
    }),
  );
  const r = await runPrimeos(['pipeline', 'run', file, '--metrics']);
  const last = r.stderr
    .trim()
    .split('\n')
    .find((l) => l.startsWith('{"event":"metrics"'));
  const metrics = (last === undefined ? { nodes: [] } : JSON.parse(last)) as Metrics;
  return { ...r, wasm: metrics.nodes.find((n) => n.id === 'wasm') };
}

describe('WASM stage (built CLI)', () => {
  test('the AssemblyScript example stage works', async () => {
    const r = await runPrimeos(['pipeline', 'run', path.join(root, 'examples/pipelines/wasm-digits.json')]);
    expect(r.code).toBe(0);
    const primes = await runPrimeos(['primes', '--from', '1000000', '--count', '1000']);
    const expected = primes.stdout
      .trim()
      .split('\n')
      .map((p) => JSON.stringify({ digits: p.length, digitSum: [...p].reduce((s, d) => s + Number(d), 0) }) + '\n')
      .join('');
    expect(r.stdout).toBe(expected);
  });

  test('an infinite loop is stopped at the time limit, a trap and memory growth past the limit are typed item errors, and the pipeline goes on', async () => {
    const r = await runStage('faults', { onError: 'default("X")', options: { maxMemoryPages: 16 } });
    expect(r.stdout).toBe('ok1\nX\nok2\nX\nX\nok3\n');
    expect(r.code).toBe(1); // some items failed
    expect(r.wasm).toMatchObject({ in: 6, out: 6, errors: 3, substituted: 3 });
    expect(r.wasm?.recentErrors.map((e) => e.code)).toEqual(['E_TIMEOUT', 'E_WASM', 'E_LIMIT']);
    expect(r.wasm?.recentErrors[1]?.message).toMatch(/trap: unreachable/);
    expect(r.wasm?.recentErrors[2]?.message).toMatch(/memory grew to 65 pages, above the limit of 16/);
  });

  test('under propagate, a trap stops the pipeline with a typed error naming the node', async () => {
    writeFileSync(path.join(dir, 'trap.txt'), 'ok1\ntrap\nok2\n');
    const r = await runStage('trap', { onError: 'propagate' }, 'trap.txt');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/primeos pipeline: node "wasm": E_WASM: item 1 failed: trap: unreachable/);
  });

  test('restart strategies: immediate and exponential retry with a fresh instance, circuitBreaker fails fast while open', async () => {
    writeFileSync(path.join(dir, 'traps.txt'), 'trap\ntrap\nok1\nok2\n');
    const imm = await runStage('immediate', { onError: 'skip', restart: 'immediate', maxRestarts: 2 }, 'traps.txt');
    expect(imm.stdout).toBe('ok1\nok2\n');
    expect(imm.wasm).toMatchObject({ errors: 2, skipped: 2, restarts: 4 });
    const exp = await runStage(
      'exponential',
      { onError: 'skip', restart: 'exponential(5, 20)', maxRestarts: 3 },
      'traps.txt',
    );
    expect(exp.wasm).toMatchObject({ errors: 2, skipped: 2, restarts: 6 });
    const cb = await runStage('breaker', { onError: 'skip', restart: 'circuitBreaker(2, 60000)' }, 'traps.txt');
    expect(cb.stdout).toBe('');
    expect(cb.wasm).toMatchObject({ errors: 4, skipped: 4, circuitOpens: 1, circuitRejected: 2 });
  });

  test.each([
    [
      'wasi-import.wasm',
      2,
      /imports function "wasi_snapshot_preview1\.fd_write": a stage may import nothing but the function env\.abort/,
    ],
    ['host-import.wasm', 2, /imports function "env\.log"/],
    ['big-memory.wasm', 2, /declares 32 memory pages, above the limit of 16/],
  ])('%s is refused at load (exit %d)', async (module, code, message) => {
    const file = path.join(dir, `${module}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        nodes: [
          { id: 'in', type: 'lines', options: { path: 'items.txt' } },
          { id: 'sandboxed', type: 'wasm', options: { module: fixture(module), maxMemoryPages: 16 } },
          { id: 'out', type: 'text' },
        ],
        edges: [
          { from: 'in', to: 'sandboxed' },
          { from: 'sandboxed', to: 'out' },
        ],
      }),
    );
    const r = await runPrimeos(['pipeline', 'validate', file]);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(/^primeos pipeline: node "sandboxed": options\.module: /);
    expect(r.stderr).toMatch(message);
  });
});
