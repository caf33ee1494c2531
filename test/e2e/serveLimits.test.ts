import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { balancedSemiprimes } from '../../bench/bandCorpus.js';
import { startServer, stopServer, type ServerProcess } from './serverProcess.js';

let dir: string;
const started: ServerProcess[] = [];
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'primeos-serve-limits-'));
});
afterAll(async () => {
  for (const s of started) await stopServer(s, 3000);
  rmSync(dir, { recursive: true, force: true });
});
const start = async (args: string[]): Promise<ServerProcess> => {
  const s = await startServer(args);
  started.push(s);
  return s;
};

const metric = (text: string, name: string): number => {
  const m = new RegExp(`^${name.replace(/[{}"]/g, (c) => '\\' + c)} (\\S+)$`, 'm').exec(text);
  return m === null ? NaN : Number(m[1]);
};
const work = async (url: string): Promise<{ items: number; running: number }> => {
  const text = await (await fetch(`${url}/metrics`)).text();
  return {
    items: metric(text, 'primeos_inflight_items'),
    running: metric(text, 'primeos_worker_tasks{state="running"}'),
  };
};

describe('primeos serve limits and security', () => {
  it('a client that disconnects mid-stream cancels its work: in-flight items and worker tasks reach 0 within 3 s', async () => {
    const s = await start(['--workers', '1']);
    // one quick batch of small numbers (the first records), then 150-bit semiprimes: seconds of work on the one
    // thread, so the counts can only reach 0 in time by cancellation (116-bit ones took under a second in all, and
    // a loaded CI machine could not tell finishing from cancelling within the 1 s this test allowed before)
    const quick = Array.from({ length: 256 }, (_, i) => String(i + 2));
    const slow = balancedSemiprimes(150, 96, 5).map((x) => x.n.toString());
    const input = [...quick, ...slow].join('\n') + '\n';
    const controller = new AbortController();
    const res = await fetch(`${s.url}/v1/factor`, { method: 'POST', body: input, signal: controller.signal });
    const reader = res.body!.getReader();
    await reader.read(); // the stream started
    const busy = await work(s.url);
    expect(busy.items).toBeGreaterThan(0);
    expect(busy.running).toBe(1); // one worker thread, busy
    controller.abort();
    const t0 = performance.now();
    let now = busy;
    while ((now.items > 0 || now.running > 0) && performance.now() - t0 < 3000) {
      await new Promise((r) => setTimeout(r, 20));
      now = await work(s.url);
    }
    expect(now).toEqual({ items: 0, running: 0 });
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  });

  it('answers 429 with Retry-After beyond the concurrent-request limit', async () => {
    const s = await start(['--workers', '1', '--max-concurrent', '1']);
    let release: () => void = () => undefined;
    const held = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('12\n'));
        release = () => controller.close();
      },
    });
    const first = await fetch(`${s.url}/v1/factor`, { method: 'POST', body: held, duplex: 'half' } as RequestInit);
    const second = await fetch(`${s.url}/v1/factor`, { method: 'POST', body: '91\n' });
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('1');
    expect(await second.json()).toMatchObject({ error: { code: 'E_BUSY' } });
    release();
    expect(await first.text()).toMatch(/^\{"line":1,"n":"12"/);
    // the slot is free again
    expect((await fetch(`${s.url}/v1/factor`, { method: 'POST', body: '91\n' })).status).toBe(200);
    expect(await (await fetch(`${s.url}/metrics`)).text()).toMatch(
      /^primeos_rejected_requests_total\{reason="busy"\} 1$/m,
    );
  });

  it('refuses a missing or wrong token (401) and serves the right one; probes need none', async () => {
    const tokenFile = path.join(dir, 'token');
    writeFileSync(tokenFile, 'correct horse\n');
    const s = await start(['--workers', '0', '--token-file', tokenFile]);
    const post = (auth?: string): Promise<Response> =>
      fetch(`${s.url}/v1/factor`, { method: 'POST', body: '12\n', headers: auth ? { authorization: auth } : {} });
    for (const auth of [undefined, 'Bearer correct hors', 'Bearer correct horse!', 'Basic correct horse']) {
      const r = await post(auth);
      expect(r.status).toBe(401);
      expect(r.headers.get('www-authenticate')).toBe('Bearer');
      expect(await r.json()).toMatchObject({ error: { code: 'E_UNAUTHORIZED' } });
    }
    expect((await post('Bearer correct horse')).status).toBe(200);
    expect((await fetch(`${s.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${s.url}/readyz`)).status).toBe(200);
  });

  it('an oversize line is a failed record; 10 MB of garbage gives typed failed records and the server stays up', async () => {
    const s = await start(['--workers', '1', '--max-line-bytes', '64']);
    const long = '7'.repeat(100);
    const small = await (await fetch(`${s.url}/v1/factor`, { method: 'POST', body: `12\n${long}\n91\n` })).text();
    const recs = small
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number; status: string; error?: { code: string } });
    expect(recs.map((r) => [r.line, r.status, r.error?.code])).toEqual([
      [1, 'complete', undefined],
      [2, 'failed', 'E_RANGE'],
      [3, 'complete', undefined],
    ]);

    const garbage = randomBytes(10 << 20);
    const res = await fetch(`${s.url}/v1/factor`, { method: 'POST', body: garbage });
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split('\n');
    expect(lines.length).toBeGreaterThan(10_000);
    const codes = new Set<string>();
    for (const l of lines) {
      const r = JSON.parse(l) as { status: string; error?: { code: string } };
      if (r.status === 'failed') codes.add(r.error!.code);
    }
    expect([...codes].every((c) => ['E_PARSE', 'E_RANGE'].includes(c))).toBe(true);
    expect(codes.size).toBeGreaterThan(0);

    // garbage that is not even HTTP: a 400 on that socket, nothing else
    const reply = await new Promise<string>((resolve) => {
      const sock = connect(Number(new URL(s.url).port), '127.0.0.1', () => sock.write(randomBytes(64 << 10)));
      let got = '';
      sock.on('data', (d) => (got += d.toString('latin1')));
      sock.on('close', () => resolve(got));
      sock.on('error', () => resolve(got));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    expect(await (await fetch(`${s.url}/healthz`)).json()).toEqual({ status: 'ok' });
  });
});
