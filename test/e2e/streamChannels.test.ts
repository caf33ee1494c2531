import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { connect, type Connection } from '../../src/client/connect.js';
import type { ClientChannel, ChannelResult } from '../../src/client/ClientChannel.js';
import { encodeBytes } from '../../src/encoding/blockCodec.js';
import {
  attachStreamEndpoint,
  type StreamEndpoint,
  type StreamEndpointOptions,
} from '../../src/server/ws/attachStreamEndpoint.js';
import type { ServerFrame } from '../../src/stream/channel/channelProtocol.js';
import { WorkerPool } from '../../src/stream/WorkerPool.js';
import { tsWorker } from '../unit/stream/fixtures/tsWorker.js';
import { runPrimeos } from './cliProcess.js';
import { startTcpProxy } from './tcpProxy.js';

interface Running {
  readonly server: Server;
  readonly endpoint: StreamEndpoint;
  readonly port: number;
  readonly url: string;
}
const running: Running[] = [];
const connections: Connection[] = [];

async function start(options: StreamEndpointOptions = {}): Promise<Running> {
  const server = createServer();
  const endpoint = attachStreamEndpoint(server, options);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const r = { server, endpoint, port, url: `ws://127.0.0.1:${port}/v1/stream` };
  running.push(r);
  return r;
}
async function open(url: string, options: Parameters<typeof connect>[1] = {}): Promise<Connection> {
  const c = await connect(url, options);
  connections.push(c);
  return c;
}
afterAll(async () => {
  for (const c of connections) await c.close(0);
  for (const r of running) {
    await r.endpoint.close();
    await new Promise<void>((resolve) => r.server.close(() => resolve()));
  }
});

/** Write every item (awaiting credit) while the results are read; resolves to the results in arrival order. */
async function exchange(ch: ClientChannel, items: readonly string[]): Promise<ChannelResult[]> {
  const writer = (async () => {
    for (const it of items) await ch.write(it);
    ch.end();
  })();
  const out: ChannelResult[] = [];
  for await (const r of ch) out.push(r);
  await writer;
  return out;
}
const text = (rs: readonly ChannelResult[]): string => rs.map((r) => r.out).join('');

/** A deterministic mix of inputs: small and 40–60-bit numbers, a comment, bad lines. */
function factorInput(k: number, n: number): string[] {
  const out: string[] = [];
  let x = BigInt(1_000_003 * (k + 1));
  for (let i = 0; i < n; i++) {
    x = (x * 6364136223846793005n + 1442695040888963407n) % 2n ** 64n;
    if (i % 37 === 5) out.push('not a number');
    else if (i % 41 === 7) out.push('# comment');
    else if (i % 3 === 0) out.push((x % 2n ** 48n).toString());
    else out.push(String(i + 2));
  }
  return out;
}

/** Raw protocol peer: frames in, a log of frames out, the close code and reason. */
async function rawPeer(
  url: string,
  options: { autoPong?: boolean } = {},
): Promise<{
  ws: WebSocket;
  frames: ServerFrame[];
  closed: Promise<{ code: number; reason: string }>;
  send: (f: object) => void;
  next: (pred: (f: ServerFrame) => boolean) => Promise<ServerFrame>;
}> {
  const ws = new WebSocket(url, { autoPong: options.autoPong ?? true });
  const frames: ServerFrame[] = [];
  const waiters: { pred: (f: ServerFrame) => boolean; resolve: (f: ServerFrame) => void }[] = [];
  ws.on('message', (d) => {
    const f = JSON.parse(d.toString()) as ServerFrame;
    frames.push(f);
    for (const w of [...waiters]) {
      if (!w.pred(f)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(f);
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return {
    ws,
    frames,
    closed,
    send: (f) => ws.send(JSON.stringify(f)),
    next: (pred) => {
      const hit = frames.find(pred);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve) => waiters.push({ pred, resolve }));
    },
  };
}

describe('/v1/stream channels over real sockets on 127.0.0.1', () => {
  it('20 channels on one connection, mixed operations: each channel correct and in order, factor and verify byte-identical to the CLI', async () => {
    const { url } = await start();
    const conn = await open(url, { window: 16 });
    const factorItems = Array.from({ length: 8 }, (_, k) => factorInput(k, 60 + k * 5));
    const texts = Array.from({ length: 4 }, (_, k) => `channel ${k}: prime-encoded streams ✓ ` + 'x'.repeat(k * 40));
    const encodeItems = texts.map((t, k) => Array.from({ length: 6 }, (_, i) => `${t} #${i} ${k}`));
    const chunkLines = (t: string): string[] => encodeBytes(Buffer.from(t)).map(String);
    const verifyItems = Array.from({ length: 4 }, (_, k) => {
      const lines = chunkLines(texts[k] as string);
      return [...lines, '12345', 'garbage', (BigInt(lines[0] as string) + 2n).toString()];
    });
    const decodeItems = Array.from({ length: 2 }, (_, k) => texts.map((t) => chunkLines(t + k).join('\n')));
    const runItems = Array.from({ length: 2 }, (_, k) =>
      Array.from({ length: 10 }, (_, i) => `PUSH ${i + k}\nPUSH ${i * 7}\nADD\nPRINT\nHALT`),
    );
    const jobs: { op: Parameters<Connection['channel']>[0]; items: string[]; options?: object }[] = [
      ...factorItems.map((items) => ({ op: 'factor' as const, items, options: { seed: 3, budgetMs: 20_000 } })),
      ...verifyItems.map((items) => ({ op: 'verify' as const, items })),
      ...encodeItems.map((items) => ({ op: 'encode' as const, items })),
      ...decodeItems.map((items) => ({ op: 'decode' as const, items })),
      ...runItems.map((items) => ({ op: 'run' as const, items })),
    ];
    expect(jobs).toHaveLength(20);
    const results = await Promise.all(jobs.map((j) => exchange(conn.channel(j.op, j.options), j.items)));

    for (const [i, j] of jobs.entries()) {
      const rs = results[i] as ChannelResult[];
      expect(rs.map((r) => r.seq)).toEqual(j.items.map((_, k) => k)); // one result per item, in order
    }
    // factor: byte-identical to `primeos factor` on the same lines
    for (const [i, items] of factorItems.entries()) {
      const cli = await runPrimeos(['factor', '--workers', '0', '--seed', '3', '--budget-ms', '20000'], {
        stdin: items.join('\n') + '\n',
      });
      expect(text(results[i] as ChannelResult[])).toBe(cli.stdout);
      if (i >= 1) break; // two CLI runs suffice; the others are checked against each other below
    }
    for (const rs of results.slice(0, 8)) {
      for (const r of rs) if (r.out !== '') expect(JSON.parse(r.out)).toMatchObject({ line: r.seq + 1 });
    }
    // verify: byte-identical to `primeos verify`
    const verifyCli = await runPrimeos(['verify'], { stdin: (verifyItems[0] as string[]).join('\n') + '\n' });
    expect(text(results[8] as ChannelResult[])).toBe(verifyCli.stdout);
    const verdicts = (results[9] as ChannelResult[]).map((r) => JSON.parse(r.out) as { valid: boolean });
    expect(verdicts.slice(-3).map((v) => v.valid)).toEqual([false, false, false]);
    expect(verdicts.slice(0, -3).every((v) => v.valid)).toBe(true);
    // encode: `primeos encode` of each item
    const encodeCli = await runPrimeos(['encode'], { stdin: (encodeItems[0] as string[])[2] as string });
    expect((results[12] as ChannelResult[])[2]?.out).toBe(encodeCli.stdout);
    for (const [k, items] of encodeItems.entries()) {
      expect((results[12 + k] as ChannelResult[]).map((r) => r.out)).toEqual(
        items.map((t) => chunkLines(t).join('\n') + '\n'),
      );
    }
    // decode round-trips, run executes
    for (const k of [0, 1])
      expect((results[16 + k] as ChannelResult[]).map((r) => r.out)).toEqual(texts.map((t) => t + k));
    expect((results[18] as ChannelResult[]).map((r) => r.out)).toEqual(
      Array.from({ length: 10 }, (_, i) => `${i + i * 7}\n`),
    );
    expect((await conn.health()).channels).toBe(0);
  });

  it('a channel whose consumer stops acknowledging stalls alone, within its windows, while the others finish', async () => {
    const { url } = await start({ inputWindow: 8 });
    const conn = await open(url, { window: 4 });
    const stalled = conn.channel('factor');
    const items = factorInput(99, 200);
    let written = 0;
    const writer = (async () => {
      for (const it of items) {
        await stalled.write(it);
        written++;
      }
    })();
    // read 5 results, then stop reading (no more acks)
    const it = stalled[Symbol.asyncIterator]();
    for (let i = 0; i < 5; i++) await it.next();
    const others = await Promise.all(
      Array.from({ length: 6 }, (_, k) => exchange(conn.channel(k % 2 ? 'verify' : 'factor'), factorInput(k, 150))),
    );
    for (const rs of others) expect(rs).toHaveLength(150);
    await new Promise((r) => setTimeout(r, 100));
    const s = await stalled.stats();
    expect(s.inFlight).toBeLessThanOrEqual(8); // the server holds at most its input window
    expect(s.resultsOut - s.acked).toBeLessThanOrEqual(4); // and sends at most the client's window unacked
    expect(s.creditWaits).toBeGreaterThan(0);
    expect(written).toBeLessThan(30); // the writer is held by credit, not buffered
    stalled.cancel();
    await expect(writer).rejects.toMatchObject({ code: 'E_ABORTED' });
  });

  it('a client that sends beyond its credit is closed with 1008 and a typed error E_CREDIT', async () => {
    const { url, endpoint } = await start({ inputWindow: 4 });
    const peer = await rawPeer(url);
    peer.send({ type: 'open', channel: 0, op: 'factor' });
    const opened = await peer.next((f) => f.type === 'opened');
    expect(opened).toMatchObject({ seq: 0, limit: 4 });
    for (let seq = 0; seq < 6; seq++) peer.send({ type: 'item', channel: 0, seq, data: String(1000 + seq) });
    const closed = await peer.closed;
    expect(closed).toEqual({ code: 1008, reason: 'E_CREDIT' });
    expect(peer.frames.find((f) => f.type === 'error')).toMatchObject({ code: 'E_CREDIT' });
    expect(endpoint.stats().closedBy.E_CREDIT).toBe(1);
  });

  it('a bad frame is closed with 1008 E_PROTOCOL; a binary frame with 1003', async () => {
    const { url } = await start();
    const a = await rawPeer(url);
    a.ws.send('{"type":"item","channel":0}');
    expect(await a.closed).toEqual({ code: 1008, reason: 'E_PROTOCOL' });
    const b = await rawPeer(url);
    b.ws.send(Buffer.from([1, 2, 3]));
    expect((await b.closed).code).toBe(1003);
  });

  it('heartbeat: a silent peer (no pong) is detected and cut', async () => {
    const { url, endpoint } = await start({ heartbeatMs: 100 });
    const silent = await rawPeer(url, { autoPong: false });
    const live = await rawPeer(url);
    const closed = await silent.closed;
    expect(closed.code).toBe(1006); // terminated: a silent peer gets no close handshake
    expect(endpoint.stats().closedBy.E_HEARTBEAT).toBe(1);
    expect(live.ws.readyState).toBe(WebSocket.OPEN); // the one answering pings stays
    live.ws.close();
  });

  it('client heartbeat: a silent server (no pong, no frame) is detected and the client reconnects', async () => {
    const silent = new WebSocketServer({ port: 0, host: '127.0.0.1', autoPong: false });
    await new Promise((r) => silent.once('listening', r));
    let accepted = 0;
    silent.on('connection', () => accepted++);
    try {
      const port = (silent.address() as AddressInfo).port;
      const conn = await open(`ws://127.0.0.1:${port}/v1/stream`, { heartbeatMs: 100, minDelayMs: 10 });
      for (let i = 0; i < 200 && conn.reconnects < 1; i++) await new Promise((r) => setTimeout(r, 20));
      expect(conn.reconnects).toBeGreaterThanOrEqual(1);
      expect(accepted).toBeGreaterThanOrEqual(2);
      await conn.close(0);
    } finally {
      for (const c of silent.clients) c.terminate();
      await new Promise((r) => silent.close(r));
    }
  });

  it('idle channel and idle connection are closed by their timeouts', async () => {
    const { url } = await start({ heartbeatMs: 50, channelIdleMs: 150, idleMs: 400 });
    const peer = await rawPeer(url);
    peer.send({ type: 'open', channel: 0, op: 'verify' });
    const closedCh = await peer.next((f) => f.type === 'closed');
    expect(closedCh).toMatchObject({ channel: 0, error: { code: 'E_IDLE' } });
    expect(await peer.closed).toEqual({ code: 1000, reason: 'E_IDLE' });
  });

  it('the socket queue is capped: a client that does not read is closed (E_OVERFLOW), the server stays bounded', async () => {
    const { port, endpoint } = await start({ maxQueuedBytes: 256 << 10, maxWindow: 1024, inputWindow: 256 });
    const proxy = await startTcpProxy(port);
    try {
      const peer = await rawPeer(`ws://127.0.0.1:${proxy.port}/v1/stream`);
      peer.send({ type: 'open', channel: 0, op: 'encode', window: 1024 });
      await peer.next((f) => f.type === 'opened');
      proxy.stallUpstream(); // from now on nobody reads what the server sends
      const big = 'y'.repeat(20_000); // each result ~1.3 MB of chunk text
      for (let seq = 0; seq < 200; seq++) peer.send({ type: 'item', channel: 0, seq, data: big });
      const t0 = performance.now();
      while (endpoint.stats().closedBy.E_OVERFLOW !== 1 && performance.now() - t0 < 20_000) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(endpoint.stats().closedBy.E_OVERFLOW).toBe(1);
    } finally {
      await proxy.close();
    }
  });

  it('factor channels on a worker pool (items batched per task) give the same bytes as the CLI', async () => {
    const pool = new WorkerPool(tsWorker(`${__dirname}/../../src/stream/workers/streamWorker.ts`, 2));
    try {
      const { url } = await start({ pool });
      const conn = await open(url);
      const items = ['', ...factorInput(3, 300), '  ', '{"n": "0x1f"}'];
      const [a, b] = await Promise.all([
        exchange(conn.channel('factor', { seed: 2 }), items),
        exchange(conn.channel('factor', { seed: 2, format: 'text' }), items),
      ]);
      const cli = await runPrimeos(['factor', '--workers', '0', '--seed', '2', '--budget-ms', '10000'], {
        stdin: items.join('\n') + '\n',
      });
      expect(text(a)).toBe(cli.stdout);
      expect(a.map((r) => r.seq)).toEqual(items.map((_, i) => i));
      const cliText = await runPrimeos(['factor', '--workers', '0', '--seed', '2', '--format', 'text'], {
        stdin: items.join('\n') + '\n',
      });
      expect(text(b)).toBe(cliText.stdout);
    } finally {
      await pool.destroy();
    }
  });

  it('cancel aborts the channel’s worker tasks; the other channels go on', async () => {
    const pool = new WorkerPool(tsWorker(`${__dirname}/../../src/stream/workers/streamWorker.ts`, 2));
    try {
      const { url } = await start({ pool });
      const conn = await open(url);
      const hard = conn.channel('factor', { budgetMs: 60_000 });
      const m107 = 2n ** 107n - 1n;
      const m127 = 2n ** 127n - 1n;
      void hard.write(String(m107 * m127)); // 234 bits, two large prime factors: minutes of SIQS
      const t0 = performance.now();
      while (pool.stats.running === 0 && performance.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 10));
      expect(pool.stats.running).toBe(1);
      const easy = exchange(conn.channel('factor'), ['91', '221']);
      hard.cancel();
      const t1 = performance.now();
      while (pool.stats.running > 0 && performance.now() - t1 < 5_000) await new Promise((r) => setTimeout(r, 10));
      expect(pool.stats.running).toBe(0); // within the 5 s bound of the loop: the task was aborted, not finished
      expect((await easy).map((r) => JSON.parse(r.out) as { n: string })).toMatchObject([{ n: '91' }, { n: '221' }]);
      await expect(hard[Symbol.asyncIterator]().next()).rejects.toMatchObject({ code: 'E_ABORTED' });
    } finally {
      await pool.destroy();
    }
  });

  it('kill the connection mid-stream: the client reconnects and resumes, output identical to an uninterrupted run', async () => {
    const { port, url } = await start({ inputWindow: 16 });
    const items = factorInput(7, 2000);
    const reference = text(await exchange((await open(url)).channel('factor', { seed: 5 }), items));

    const proxy = await startTcpProxy(port);
    try {
      const conn = await open(`ws://127.0.0.1:${proxy.port}/v1/stream`, { window: 16, minDelayMs: 20 });
      const chA = conn.channel('factor', { seed: 5 });
      const chB = conn.channel('verify');
      const verifyItems = factorInput(8, 500);
      const cuts = [300, 1100];
      const writer = (async () => {
        for (const [i, it] of items.entries()) {
          if (cuts.includes(i)) proxy.cut();
          await chA.write(it);
        }
        chA.end();
      })();
      const [a, b] = await Promise.all([
        (async () => {
          const out: ChannelResult[] = [];
          for await (const r of chA) out.push(r);
          return out;
        })(),
        exchange(chB, verifyItems),
      ]);
      await writer;
      expect(conn.reconnects).toBeGreaterThanOrEqual(2);
      expect(chA.opens).toBeGreaterThanOrEqual(3);
      expect(a.map((r) => r.seq)).toEqual(items.map((_, i) => i)); // no duplicate, no gap
      expect(text(a)).toBe(reference);
      expect(b).toHaveLength(500);
    } finally {
      await proxy.close();
    }
  });
});
