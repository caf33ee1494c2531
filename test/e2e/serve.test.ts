import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { balancedSemiprimes } from '../../bench/bandCorpus.js';
import { createClient } from '../../src/client/createClient.js';
import { runPrimeos } from './cliProcess.js';
import { startServer, stopServer, type ServerProcess } from './serverProcess.js';

const root = path.resolve(__dirname, '../..');
let server: ServerProcess | undefined;
beforeAll(async () => {
  server = await startServer(['--workers', '2']);
});
afterAll(async () => {
  await stopServer(server);
});

const post = async (route: string, body: string): Promise<Response> =>
  fetch(`${server!.url}${route}`, { method: 'POST', body });

describe('primeos serve (built CLI, real sockets)', () => {
  it('prints its URL first and answers /healthz, /readyz and /metrics', async () => {
    expect(server!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${server!.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server!.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', workers: 2 });
    const metrics = await fetch(`${server!.url}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await metrics.text();
    expect(text).toMatch(/^primeos_inflight_items 0$/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    const missing = await fetch(`${server!.url}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'E_NOT_FOUND', message: 'no route /nope' } });
  });

  it('POST /v1/factor gives the bytes of `primeos factor` on the bundled example', async () => {
    const example = path.join(root, 'examples/numbers.txt');
    const cli = await runPrimeos(['factor', example]);
    const res = await post('/v1/factor', readFileSync(example, 'utf8'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    expect(await res.text()).toBe(cli.stdout);
  });

  it('POST /v1/factor equals the CLI on random inputs (numbers, garbage, NDJSON, blanks) for any options', async () => {
    const line = fc.oneof(
      fc.bigInt({ min: 0n, max: (1n << 80n) - 1n }).map(String),
      fc.bigInt({ min: 1n, max: (1n << 40n) - 1n }).map((n) => `{"n": "0x${n.toString(16)}"}`),
      fc.constantFrom('', '# comment', 'abc', '-12', '  77  ', '{"n": true}', '1e5'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { minLength: 1, maxLength: 40 }),
        fc.record({ seed: fc.integer({ min: 0, max: 9 }), hex: fc.boolean(), maxBits: fc.constantFrom(64, 4096) }),
        async (lines, o) => {
          const input = lines.join('\n') + '\n';
          const args = ['--seed', String(o.seed), '--max-bits', String(o.maxBits), ...(o.hex ? ['--hex'] : [])];
          const cli = await runPrimeos(['factor', '-', ...args], { stdin: input });
          const q = `seed=${o.seed}&maxBits=${o.maxBits}${o.hex ? '&hex=1' : ''}`;
          const res = await post(`/v1/factor?${q}`, input);
          expect(await res.text()).toBe(cli.stdout);
        },
      ),
      { numRuns: 8 },
    );
  });

  it('format=text equals GNU factor', async () => {
    const ns = [
      '0',
      '1',
      '2',
      '12',
      '91',
      '1000000007',
      '600851475143',
      '18446744073709551617',
      '1208925819614629174706189',
    ];
    const input = ns.join('\n') + '\n';
    const gnu = execFileSync('factor', { input, encoding: 'utf8' });
    const res = await post('/v1/factor?format=text', input);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe(gnu);
  });

  it('POST /v1/encode, /v1/decode, /v1/verify and /v1/run give the bytes of the CLI commands', async () => {
    const text = 'prime-encoded streams, \u00e9t\u00e9 \u{1F600}\n'.repeat(20);
    const enc = await runPrimeos(['encode', '-', '--block-size', '32'], { stdin: text });
    const encoded = await post('/v1/encode?blockSize=32', text);
    expect(await encoded.text()).toBe(enc.stdout);
    const decoded = await post('/v1/decode', enc.stdout);
    expect(await decoded.text()).toBe(text);
    const damaged = enc.stdout.replace(/^(\d*)1$/m, '$12') + '12\nnot a chunk\n';
    const ver = await runPrimeos(['verify', '-'], { stdin: damaged });
    expect(ver.code).toBe(1);
    expect(await (await post('/v1/verify', damaged)).text()).toBe(ver.stdout);
    const program = 'PUSH 20\nPUSH 22\nADD\nPRINT\n';
    expect(await (await post('/v1/run', program)).text()).toBe(
      (await runPrimeos(['run', '-'], { stdin: program })).stdout,
    );
  });

  it('jobs: events reach every subscriber (status … done), results?from=N, list and delete', async () => {
    const input = Array.from({ length: 3000 }, (_, i) => String(1_000_003 + i * 7919)).join('\n') + '\n';
    const created = (await (await post('/v1/jobs', input)).json()) as { id: string };
    const client = createClient({ url: server!.url });
    const subscribers = await Promise.all(
      [0, 1].map(async () => {
        const types: string[] = [];
        for await (const e of client.jobs.events(created.id)) types.push(e.type);
        return types;
      }),
    );
    for (const types of subscribers) {
      expect(types[0]).toBe('status');
      expect(types[types.length - 1]).toBe('done');
    }
    const all: string[] = [];
    for await (const line of client.jobs.results(created.id)) all.push(line);
    expect(all).toHaveLength(3000);
    const tail: string[] = [];
    for await (const line of client.jobs.results(created.id, { from: 2998 })) tail.push(line);
    expect(tail).toEqual(all.slice(2998));
    expect((await client.jobs.list()).map((j) => j.id)).toContain(created.id);
    await client.jobs.delete(created.id);
    expect((await fetch(`${server!.url}/v1/jobs/${created.id}`)).status).toBe(404);
    await expect(client.jobs.get(created.id)).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
  });

  it('a request of one hard number is sieved on the worker threads: the server answers /healthz meanwhile', async () => {
    // below the 180 bits from which a CLI job sieves its one number in parallel: a job of one batch on the server's
    // thread would hold it for the whole sieve (~0.7 s)
    const { n, p, q } = balancedSemiprimes(176, 1, 21)[0]!;
    const factored = post('/v1/factor', `${n}\n`).then(async (res) => ({
      text: await res.text(),
      at: performance.now(),
    }));
    const health: number[] = [];
    let done = false;
    void factored.then(() => (done = true));
    while (!done) {
      const t = performance.now();
      expect((await fetch(`${server!.url}/healthz`)).status).toBe(200);
      if (!done) health.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 20));
    }
    const record = JSON.parse((await factored).text) as { status: string; factors: { prime: string }[] };
    expect(record.status).toBe('complete');
    expect(record.factors.map((f) => f.prime)).toEqual([String(p < q ? p : q), String(p < q ? q : p)]);
    // answered all along, not once the factorisation let go of the event loop
    expect(health.length).toBeGreaterThan(3);
  });

  it('refuses bad options with a JSON error, never a 500', async () => {
    const res = await post('/v1/factor?budgetMs=-1', '12\n');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'E_USAGE' } });
  });
});

describe('primeos serve start-up and shutdown', () => {
  it('refuses a non-loopback bind without a token (exit 2)', async () => {
    const r = await runPrimeos(['serve', '--host', '0.0.0.0', '--port', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/without a token/);
  });

  it('drains and exits 0 on SIGTERM', async () => {
    const s = await startServer(['--workers', '1']);
    const t0 = performance.now();
    const r = await stopServer(s);
    expect(r).toEqual({ code: 0, signal: null });
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('still drains and exits 0 on SIGTERM after serving concurrent requests on its worker threads', async () => {
    const s = await startServer(['--workers', '2']);
    const body = Array.from({ length: 2000 }, (_, i) => String(1_000_003n * BigInt(i + 2))).join('\n') + '\n';
    const texts = await Promise.all(
      Array.from({ length: 20 }, async () => (await fetch(`${s.url}/v1/factor`, { method: 'POST', body })).text()),
    );
    expect(texts.every((t) => t.trim().split('\n').length === 2000)).toBe(true);
    const r = await stopServer(s);
    expect(r).toEqual({ code: 0, signal: null });
    expect(s.stderr()).not.toMatch(/"level":50/);
  });
});
