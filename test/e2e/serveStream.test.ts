import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { connect } from '../../src/client/connect.js';
import type { ChannelResult } from '../../src/client/ClientChannel.js';
import { startServer, stopServer, type ServerProcess } from './serverProcess.js';

describe('primeos serve: /v1/stream in the real server process', () => {
  let server: ServerProcess | undefined;
  let dir: string;
  const token = 's3cret-token-for-the-test';

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'primeos-ws-'));
    writeFileSync(path.join(dir, 'token'), token + '\n');
    server = await startServer(['--data-dir', dir, '--workers', '1', '--token-file', path.join(dir, 'token')]);
  }, 30_000);
  afterAll(async () => {
    await stopServer(server);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an upgrade without the token (401), serves channels with it, and reports them in /metrics', async () => {
    const url = (server as ServerProcess).url.replace(/^http/, 'ws') + '/v1/stream';
    await expect(connect(url, { retries: 0 })).rejects.toThrow(/401/);
    const conn = await connect(url, { token });
    const ch = conn.channel('factor', { seed: 1 });
    const w = (async () => {
      for (const n of ['91', '221', '1000000016000000063']) await ch.write(n);
      ch.end();
    })();
    const out: ChannelResult[] = [];
    for await (const r of ch) out.push(r);
    await w;
    expect(out.map((r) => (JSON.parse(r.out) as { factors: { prime: string }[] }).factors.map((f) => f.prime))).toEqual(
      [
        ['7', '13'],
        ['13', '17'],
        ['1000000007', '1000000009'],
      ],
    );
    await conn.close();
    const metrics = await (
      await fetch((server as ServerProcess).url + '/metrics', { headers: { authorization: `Bearer ${token}` } })
    ).text();
    expect(metrics).toMatch(/^primeos_ws_results 3$/m);
  });

  it('takes a browser token as the subprotocol primeos.bearer.<base64url> and selects "primeos", never the token', async () => {
    const url = (server as ServerProcess).url.replace(/^http/, 'ws') + '/v1/stream';
    const open = (protocols: string[]): Promise<{ protocol: string } | { status: number }> =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(url, protocols);
        ws.once('open', () => {
          resolve({ protocol: ws.protocol });
          ws.close();
        });
        ws.once('unexpected-response', (_req, res) => {
          resolve({ status: res.statusCode ?? 0 });
          ws.terminate();
        });
        ws.once('error', reject);
      });
    const bearer = (t: string): string => 'primeos.bearer.' + Buffer.from(t).toString('base64url');
    expect(await open(['primeos', bearer(token)])).toEqual({ protocol: 'primeos' });
    expect(await open(['primeos', bearer(token + 'x')])).toEqual({ status: 401 });
    expect(await open(['primeos'])).toEqual({ status: 401 });
  });
});
