import { BackpressureController } from '../../../src/stream/BackpressureController.js';
import { CreditGate } from '../../../src/stream/CreditGate.js';

describe('BackpressureController', () => {
  it('reports the credit level across gates, notifies high/normal crossings, pauses and drains', async () => {
    const bp = new BackpressureController(0.5);
    const a = new CreditGate(2);
    const b = new CreditGate(2);
    const detachA = bp.attach(a);
    bp.attach(b);
    const notices: string[] = [];
    bp.onPressure((n) => notices.push(`${n.kind}@${n.level}`));
    expect(bp.getBufferLevel()).toBe(0);
    a.tryAcquire();
    a.tryAcquire();
    bp.poll();
    expect(bp.getBufferLevel()).toBe(0.5);
    expect(notices).toEqual(['high@0.5']);
    const waiter = a.acquire();
    expect(notices).toContain('blocked@0.5');
    a.release();
    await waiter;
    bp.pause();
    expect(b.tryAcquire()).toBe(false);
    let drained = false;
    const d = bp.drain().then(() => (drained = true));
    a.release(2);
    await d;
    expect(drained).toBe(true);
    bp.poll();
    expect(notices.at(-1)).toBe('normal@0');
    bp.resume();
    expect(b.tryAcquire()).toBe(true);
    detachA();
    expect(bp.gates).toBe(1);
    bp.close();
  });
});
