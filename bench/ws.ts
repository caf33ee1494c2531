/**
 * Whole-process benchmark of the `/v1/stream` channels (issue 14) against the HTTP endpoint of the same server,
 * on the same input, in the same run:
 *
 *   npm run build && npx tsx bench/ws.ts [--numbers 20000] [--workers 2] [--rounds 3]
 *
 * 1. records/s of `POST /v1/factor` and of one WebSocket connection with 1, 4 and 16 `factor` channels (the input
 *    split evenly, each channel writing while it reads); the bytes on the wire per item, counted by a TCP proxy
 *    in front of the server for both; the records are checked equal to the HTTP ones (line numbers aside).
 * 2. server peak RSS (VmHWM of a fresh `primeos serve`) while a client opens 16 channels with a 1024-result
 *    window, sends what its credit allows and never reads its socket; and while a client floods an `encode`
 *    channel (large results) without reading, which the socket cap ends with `E_OVERFLOW`.
 *
 * Medians of `--rounds` runs, alternating HTTP and WebSocket so both see the same machine load. Writes
 * bench/results/ws.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { WebSocket } from 'ws';
import { connect } from '../src/client/connect.js';
import type { ChannelResult, ClientChannel } from '../src/client/ClientChannel.js';
import { median } from './stats.js';

const here = path.dirname(new URL(import.meta.url).pathname);
const cli = path.resolve(here, '../dist/cli/main.js');
const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const N = arg('numbers', 20_000);
const WORKERS = arg('workers', 2);
const ROUNDS = arg('rounds', 3);

interface Server {
  readonly child: ChildProcess;
  readonly port: number;
}

function startServer(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [cli, 'serve', '--port', '0', '--workers', String(WORKERS), '--log-level', 'error'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve({ child, port: Number(new URL(out.slice(0, nl)).port) });
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}
async function stopServer(s: Server): Promise<void> {
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  const t = setTimeout(() => s.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(t);
}
/** Peak and current RSS of a process in MB (Linux /proc). */
function rss(pid: number): { peakMb: number; nowMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string): number => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { peakMb: kb('VmHWM') / 1024, nowMb: kb('VmRSS') / 1024 };
}

/** A byte-counting TCP proxy (both directions), optionally stalling the server → client direction. */
async function proxy(target: number): Promise<{
  port: number;
  bytes: () => number;
  reset: () => void;
  stall: () => void;
  close: () => void;
}> {
  let bytes = 0;
  const pairs = new Set<[net.Socket, net.Socket]>();
  const server = net.createServer((c) => {
    const u = net.connect(target, '127.0.0.1');
    pairs.add([c, u]);
    c.on('data', (d: Buffer) => {
      bytes += d.length;
      u.write(d);
    });
    u.on('data', (d: Buffer) => {
      bytes += d.length;
      c.write(d);
    });
    const drop = (): void => {
      c.destroy();
      u.destroy();
    };
    c.on('close', drop).on('error', drop);
    u.on('close', drop).on('error', drop);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    bytes: () => bytes,
    reset: () => (bytes = 0),
    stall: () => {
      for (const [, u] of pairs) {
        u.removeAllListeners('data');
        u.pause();
      }
    },
    close: () => {
      for (const [c, u] of pairs) {
        c.destroy();
        u.destroy();
      }
      server.close();
    },
  };
}

/** Deterministic 24–48-bit numbers. */
function corpus(n: number): string[] {
  const out: string[] = [];
  let x = 0x9e3779b97f4a7c15n;
  for (let i = 0; i < n; i++) {
    x = (x * 6364136223846793005n + 1442695040888963407n) & (2n ** 64n - 1n);
    const bits = 24n + (x % 25n);
    out.push(((x >> 8n) % 2n ** bits).toString());
  }
  return out;
}

async function http(port: number, body: string): Promise<{ ms: number; text: string }> {
  const t0 = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}/v1/factor`, { method: 'POST', body });
  const text = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
  return { ms: performance.now() - t0, text };
}

async function exchange(ch: ClientChannel, items: readonly string[]): Promise<ChannelResult[]> {
  const w = (async () => {
    for (const it of items) await ch.write(it);
    ch.end();
  })();
  const out: ChannelResult[] = [];
  for await (const r of ch) out.push(r);
  await w;
  return out;
}

async function overChannels(port: number, items: string[], k: number): Promise<{ ms: number; text: string }> {
  const conn = await connect(`ws://127.0.0.1:${port}/v1/stream`, { window: 64 });
  const per = Math.ceil(items.length / k);
  const parts = Array.from({ length: k }, (_, i) => items.slice(i * per, (i + 1) * per));
  const t0 = performance.now();
  const results = await Promise.all(parts.map((p) => exchange(conn.channel('factor'), p)));
  const ms = performance.now() - t0;
  await conn.close();
  return { ms, text: results.map((rs) => rs.map((r) => r.out).join('')).join('') };
}

const noLine = (t: string): string => t.replace(/^\{"line":\d+,/gm, '{');

async function neverReads(port: number, mode: 'credit' | 'flood'): Promise<{ closed: string }> {
  const p = await proxy(port);
  const ws = new WebSocket(`ws://127.0.0.1:${p.port}/v1/stream`);
  await new Promise<void>((r, j) => ws.once('open', r).once('error', j));
  let closed = 'open';
  ws.on('close', (code, reason) => (closed = `${code} ${reason.toString()}`));
  const limits = new Map<number, number>();
  const sent = new Map<number, number>();
  ws.on('message', (d) => {
    const f = JSON.parse(d.toString()) as { type: string; channel: number; limit: number };
    if (f.type === 'opened' || f.type === 'credit') limits.set(f.channel, f.limit);
  });
  const channels = mode === 'credit' ? 16 : 1;
  for (let c = 0; c < channels; c++) {
    ws.send(JSON.stringify({ type: 'open', channel: c, op: mode === 'credit' ? 'factor' : 'encode', window: 1024 }));
  }
  await new Promise((r) => setTimeout(r, 200));
  p.stall();
  const big = 'z'.repeat(60_000);
  const items = corpus(2000);
  const until = performance.now() + 4000;
  while (performance.now() < until && ws.readyState === WebSocket.OPEN) {
    for (let c = 0; c < channels; c++) {
      let s = sent.get(c) ?? 0;
      while (s < (limits.get(c) ?? 0)) {
        ws.send(JSON.stringify({ type: 'item', channel: c, seq: s, data: mode === 'credit' ? items[s] : big }));
        s++;
      }
      sent.set(c, s);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => setTimeout(r, 2500)); // the server's close timeout (2 s) cuts a peer that never reads
  const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const refused = [...metrics.matchAll(/^primeos_ws_closed\{code="(\w+)"\} (\d+)/gm)].map((m) => `${m[1]}×${m[2]}`);
  ws.terminate();
  p.close();
  return { closed: refused.length > 0 ? `closed by server: ${refused.join(', ')}` : `still ${closed}` };
}

async function main(): Promise<void> {
  const items = corpus(N);
  const body = items.join('\n') + '\n';
  const server = await startServer();
  const p = await proxy(server.port);
  const rows: Record<string, { ms: number[]; bytes: number }> = {};
  const add = (name: string, ms: number, bytes: number): void => {
    (rows[name] ??= { ms: [], bytes }).ms.push(ms);
  };
  let reference: string;
  await http(server.port, items.slice(0, 500).join('\n')); // warm the pool
  for (let round = 0; round < ROUNDS; round++) {
    p.reset();
    const h = await http(p.port, body);
    add('http', h.ms, p.bytes());
    reference = noLine(h.text);
    for (const k of [1, 4, 16]) {
      p.reset();
      const w = await overChannels(p.port, items, k);
      add(`ws x${k}`, w.ms, p.bytes());
      if (noLine(w.text) !== reference) throw new Error(`ws x${k}: records differ from the HTTP endpoint`);
    }
  }
  const loadPeak = rss(server.child.pid as number).peakMb;
  p.close();
  await stopServer(server);

  const base = median(rows.http?.ms ?? []);
  const table = Object.entries(rows).map(([name, r]) => {
    const ms = median(r.ms);
    return {
      name,
      medianMs: Math.round(ms),
      recordsPerSec: Math.round((N * 1000) / ms),
      vsHttp: Number((base / ms).toFixed(2)),
      bytesPerItem: Number((r.bytes / N).toFixed(1)),
      overheadUsPerItem: Number((((ms - base) * 1000) / N).toFixed(1)),
    };
  });
  const httpBytes = (rows.http?.bytes ?? 0) / N;

  // RSS when a client never reads: fresh servers, peak RSS (VmHWM) against the idle baseline
  const memory: Record<string, unknown> = {};
  for (const mode of ['credit', 'flood'] as const) {
    const s = await startServer();
    await http(s.port, items.slice(0, 2000).join('\n')); // pool threads up, as under load
    await new Promise((r) => setTimeout(r, 300));
    const idle = rss(s.child.pid as number).nowMb;
    const r = await neverReads(s.port, mode);
    await new Promise((res) => setTimeout(res, 300));
    const m = rss(s.child.pid as number);
    memory[mode] = {
      idleRssMb: Number(idle.toFixed(1)),
      peakRssMb: Number(m.peakMb.toFixed(1)),
      growthMb: Number((m.peakMb - idle).toFixed(1)),
      client: r.closed,
    };
    await stopServer(s);
  }

  console.log(`numbers: ${N}, workers: ${WORKERS}, rounds: ${ROUNDS} (medians)`);
  console.table(table);
  console.log(
    `protocol bytes per item over HTTP's: ${table
      .filter((t) => t.name !== 'http')
      .map((t) => `${t.name} +${(t.bytesPerItem - httpBytes).toFixed(1)} B`)
      .join(', ')}`,
  );
  console.log(`server peak RSS under the load above: ${loadPeak.toFixed(1)} MB`);
  console.log('client that never reads (16 factor channels, window 1024; an encode flood):');
  console.table(memory);
  mkdirSync(path.join(here, 'results'), { recursive: true });
  writeFileSync(
    path.join(here, 'results/ws.json'),
    JSON.stringify(
      { numbers: N, workers: WORKERS, rounds: ROUNDS, table, httpBytesPerItem: httpBytes, loadPeak, memory },
      null,
      2,
    ),
  );
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
