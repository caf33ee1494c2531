import fc from 'fast-check';
import { ChannelFlow } from '../../../../src/stream/channel/ChannelFlow.js';

const f = (x: number): number => x * 7 - 3;

type C2S = { t: 'item'; seq: number; x: number } | { t: 'ack'; seq: number; window?: number } | { t: 'cancel' };
type S2C = { t: 'credit'; limit: number } | { t: 'result'; seq: number; y: number };

describe('ChannelFlow under any interleaving (fc.scheduler)', () => {
  it('sends, completions, acks, window changes and cancels: order kept, nothing lost or duplicated, in-flight ≤ windows', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.integer({ min: 1, max: 6 }), { maxLength: 4 }),
        fc.option(fc.nat(30), { nil: undefined }),
        async (s, input, inputWindow, outputWindow, windowChanges, cancelAfter) => {
          const flow = new ChannelFlow<number>({ inputWindow, outputWindow });
          let clientWindow = outputWindow;
          const c2s: C2S[] = [];
          const s2c: S2C[] = [];
          const violations: string[] = [];
          let serverCancelled = false;
          let lastLimit = flow.itemLimit;

          // the wire: FIFO in each direction, each delivery a scheduled step
          const toServer = (m: C2S): void => {
            c2s.push(m);
            void s.schedule(Promise.resolve(), 'c2s').then(() => serverReceive(c2s.shift() as C2S));
          };
          const toClient = (m: S2C): void => {
            s2c.push(m);
            void s.schedule(Promise.resolve(), 's2c').then(() => clientReceive(s2c.shift() as S2C));
          };

          // server
          const pump = (): void => {
            if (serverCancelled) return;
            for (const { seq, result } of flow.takeSendable()) toClient({ t: 'result', seq, y: result });
            if (flow.itemLimit !== lastLimit) {
              lastLimit = flow.itemLimit;
              toClient({ t: 'credit', limit: lastLimit });
            }
            if (flow.inFlight > inputWindow) violations.push(`in-flight ${flow.inFlight} > ${inputWindow}`);
          };
          const serverReceive = (m: C2S): void => {
            if (serverCancelled) return;
            if (m.t === 'cancel') {
              serverCancelled = true;
              return;
            }
            if (m.t === 'item') {
              const v = flow.receiveItem(m.seq);
              if (!v.ok) violations.push(`item refused: ${v.message}`);
              void s.schedule(Promise.resolve(), `work ${m.seq}`).then(() => {
                if (serverCancelled) return;
                flow.complete(m.seq, f(m.x));
                pump();
              });
            } else {
              const v = flow.ack(m.seq, m.window);
              if (!v.ok) violations.push(`ack refused: ${v.message}`);
            }
            pump();
          };

          // client
          let limit = flow.itemLimit;
          let nextToSend = 0;
          let cancelled = false;
          const received: number[] = [];
          let consumed = 0;
          let changes = [...windowChanges];
          const sendMore = (): void => {
            while (!cancelled && nextToSend < input.length && nextToSend < limit) {
              if (cancelAfter !== undefined && nextToSend === cancelAfter) {
                cancelled = true;
                toServer({ t: 'cancel' });
                return;
              }
              toServer({ t: 'item', seq: nextToSend, x: input[nextToSend] as number });
              nextToSend++;
            }
          };
          const clientReceive = (m: S2C): void => {
            if (m.t === 'credit') {
              limit = Math.max(limit, m.limit);
              sendMore();
              return;
            }
            if (m.seq !== received.length) violations.push(`result ${m.seq} arrived as #${received.length}`);
            received.push(m.y);
            if (received.length - consumed > clientWindow)
              violations.push(`unacked ${received.length - consumed} > window ${clientWindow}`);
            // the consumer takes it at its own pace, then acknowledges (sometimes with a new window)
            void s.schedule(Promise.resolve(), 'consume').then(() => {
              if (cancelled) return;
              consumed++;
              const w = changes[0];
              changes = changes.slice(1);
              // a shrinking window only takes effect for results not yet sent
              if (w !== undefined) clientWindow = Math.max(w, received.length - consumed, clientWindow);
              toServer({ t: 'ack', seq: consumed, ...(w === undefined ? {} : { window: clientWindow }) });
            });
          };

          sendMore();
          await s.waitAll();

          expect(violations).toEqual([]);
          const expected = input.map(f);
          if (cancelAfter === undefined || cancelAfter >= input.length) {
            expect(received).toEqual(expected);
            flow.end();
            expect(flow.finished).toBe(true);
          } else {
            expect(received).toEqual(expected.slice(0, received.length)); // a prefix: no gap, no duplicate
            expect(received.length).toBeLessThanOrEqual(cancelAfter);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses an item beyond credit, out of sequence or after end, and an ack of unsent results', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 100 }), (w, start) => {
        const flow = new ChannelFlow<number>({ inputWindow: w, outputWindow: w, start });
        for (let i = 0; i < w; i++) expect(flow.receiveItem(start + i).ok).toBe(true);
        expect(flow.receiveItem(start + w)).toMatchObject({ ok: false, code: 'E_CREDIT' });
        expect(flow.receiveItem(start + w + 1)).toMatchObject({ ok: false, code: 'E_PROTOCOL' });
        expect(flow.ack(start + 1)).toMatchObject({ ok: false, code: 'E_PROTOCOL' });
        flow.complete(start, 1);
        expect(flow.takeSendable()).toEqual([{ seq: start, result: 1 }]);
        expect(flow.ack(start + 1).ok).toBe(true);
        expect(flow.ack(start)).toMatchObject({ ok: false, code: 'E_PROTOCOL' });
        expect(flow.receiveItem(start + w).ok).toBe(true);
        flow.end();
        expect(flow.receiveItem(start + w + 1)).toMatchObject({ ok: false, code: 'E_PROTOCOL' });
      }),
    );
  });
});
