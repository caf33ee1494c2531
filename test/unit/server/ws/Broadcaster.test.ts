import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { attachStreamEndpoint } from '../../../../src/server/ws/attachStreamEndpoint.js';
import { Broadcaster } from '../../../../src/server/ws/Broadcaster.js';
import type { ServerFrame } from '../../../../src/stream/channel/channelProtocol.js';
import { startTcpProxy } from '../../../e2e/tcpProxy.js';

type EventFrame = Extract<ServerFrame, { type: 'event' }>;

async function subscriber(url: string, topic: string): Promise<{ ws: WebSocket; events: EventFrame[] }> {
  const ws = new WebSocket(url);
  const events: EventFrame[] = [];
  ws.on('message', (d) => {
    const f = JSON.parse(d.toString()) as ServerFrame;
    if (f.type === 'event') events.push(f);
  });
  await new Promise<void>((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.send(JSON.stringify({ type: 'subscribe', topic }));
  return { ws, events };
}

describe('Broadcaster', () => {
  it('fans out to the subscribers of a topic and stops after unsubscribe', () => {
    const b = new Broadcaster();
    const got: string[] = [];
    const off = b.subscribe('t', { offer: (topic, event) => got.push(`${topic}:${event}`) });
    b.subscribe('u', { offer: () => got.push('wrong topic') });
    expect(b.publish('t', 'a', {})).toBe(1);
    off();
    expect(b.publish('t', 'b', {})).toBe(0);
    expect(got).toEqual(['t:a']);
    expect(b.subscribers('t')).toBe(0);
    expect(b.published).toBe(2);
  });

  it('over real sockets: a subscriber that does not read gets conflated events (the latest per key, with dropped counts), the others everything, the publisher never waits', async () => {
    const broadcaster = new Broadcaster();
    const server = createServer();
    const endpoint = attachStreamEndpoint(server, { broadcaster, eventHighWaterBytes: 64 << 10 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const proxy = await startTcpProxy(port);
    try {
      const fast = await subscriber(`ws://127.0.0.1:${port}/v1/stream`, 'jobs');
      const slow = await subscriber(`ws://127.0.0.1:${proxy.port}/v1/stream`, 'jobs');
      await new Promise((r) => setTimeout(r, 50)); // the subscribe frames arrive
      proxy.stallUpstream();
      const pad = 'p'.repeat(8000);
      let published = 0;
      for (let burst = 0; burst < 150; burst++) {
        for (let i = 0; i < 20; i++) {
          const id = i % 2 === 0 ? 'a' : 'b';
          broadcaster.publish('jobs', 'progress', { id, n: published, pad }, id);
          published++;
        }
        await new Promise((r) => setImmediate(r));
      }
      for (const id of ['a', 'b']) broadcaster.publish('jobs', 'done', { id, n: published++ }, id);
      const doneOf = (events: EventFrame[]): string[] =>
        events.filter((e) => e.event === 'done').map((e) => (e.data as { id: string }).id);
      const until = async (pred: () => boolean): Promise<void> => {
        for (let i = 0; i < 400 && !pred(); i++) await new Promise((r) => setTimeout(r, 25));
      };
      await until(() => doneOf(fast.events).length === 2);
      expect(doneOf(fast.events).sort()).toEqual(['a', 'b']);
      expect(slow.events.length).toBeLessThan(published);
      expect(endpoint.stats().eventsDropped).toBeGreaterThan(0);

      proxy.resumeUpstream();
      await until(() => doneOf(slow.events).length === 2);
      // the slow subscriber ends with the latest event of each key, and was told how many it missed
      expect(doneOf(slow.events).sort()).toEqual(['a', 'b']);
      const missed = slow.events.reduce((s, e) => s + (e.dropped ?? 0), 0);
      expect(missed).toBeGreaterThan(0);
      expect(slow.events.length + missed).toBe(published); // every event either arrived or was counted as dropped
      // per key, the events that did arrive are in publication order
      for (const id of ['a', 'b']) {
        const ns = slow.events
          .filter((e) => (e.data as { id: string }).id === id)
          .map((e) => (e.data as { n: number }).n);
        expect(ns).toEqual([...ns].sort((x, y) => x - y));
      }
      expect(endpoint.stats().closedBy).toEqual({}); // conflation, not overflow
      fast.ws.close();
      slow.ws.close();
    } finally {
      await proxy.close();
      await endpoint.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
