import { BaseModel, initializeOrThrow, ModelLifecycleState, hasErrorCode } from '../../../src/model/index.js';

class Doubler extends BaseModel<number, number, { seen: number }> {
  seen = 0;
  initFails = 0;
  terminated = false;
  protected override defaultName(): string {
    return 'doubler';
  }
  protected override onInitialize(): void {
    if (this.initFails > 0) {
      this.initFails--;
      throw new Error('init failed');
    }
  }
  protected override async onProcess(x: number): Promise<number> {
    if (x < 0) throw new Error('negative');
    await Promise.resolve();
    this.seen++;
    return 2 * x;
  }
  protected override onReset(): void {
    this.seen = 0;
  }
  protected override onTerminate(): void {
    this.terminated = true;
  }
  protected override getCustomState(): { seen: number } {
    return { seen: this.seen };
  }
}

describe('BaseModel', () => {
  it('runs the happy lifecycle and reports results', async () => {
    const m = new Doubler();
    expect(m.lifecycle).toBe(ModelLifecycleState.Uninitialized);
    const init = await m.initialize();
    expect(init.success).toBe(true);
    expect(init.source).toBe('doubler');
    expect(m.lifecycle).toBe('ready');
    const r = await m.process(21);
    expect(r).toMatchObject({ success: true, data: 42, source: 'doubler' });
    expect(r.duration).toBeGreaterThanOrEqual(0);
    expect(m.getState()).toMatchObject({
      lifecycle: 'ready',
      operationCount: { total: 1, success: 1, failed: 0 },
      errorCount: 0,
      custom: { seen: 1 },
    });
    expect((await m.terminate()).success).toBe(true);
    expect(m.terminated).toBe(true);
    expect(m.lifecycle).toBe('terminated');
  });

  it('returns a coded failure for process before initialize, without throwing', async () => {
    const m = new Doubler();
    const r = await m.process(1);
    expect(r.success).toBe(false);
    expect(r.error?.code).toBe('E_STATE');
    expect(m.getState().errorCount).toBe(1);
  });

  it('stays usable after onProcess throws', async () => {
    const m = await initializeOrThrow(new Doubler());
    const bad = await m.process(-1);
    expect(bad.success).toBe(false);
    expect(bad.error?.code).toBe('E_PROCESS');
    expect(bad.error?.message).toBe('negative');
    expect(m.lifecycle).toBe('ready');
    expect((await m.process(2)).data).toBe(4);
    expect(m.getState().operationCount).toEqual({ total: 2, success: 1, failed: 1 });
  });

  it('is processing while calls overlap and ready after', async () => {
    const m = await initializeOrThrow(new Doubler());
    const p = Promise.all([m.process(1), m.process(2)]);
    expect(m.lifecycle).toBe('processing');
    expect((await p).map((r) => r.data)).toEqual([2, 4]);
    expect(m.lifecycle).toBe('ready');
  });

  it('goes to error on failed initialize, and may retry', async () => {
    const m = new Doubler();
    m.initFails = 1;
    const r = await m.initialize();
    expect(r.success).toBe(false);
    expect(m.lifecycle).toBe('error');
    expect((await m.process(1)).error?.code).toBe('E_STATE');
    expect((await m.initialize()).success).toBe(true);
    expect(m.lifecycle).toBe('ready');
  });

  it('initializeOrThrow throws the coded error', async () => {
    const m = new Doubler();
    m.initFails = 1;
    await expect(initializeOrThrow(m)).rejects.toThrow('init failed');
  });

  it('rejects everything after terminate', async () => {
    const m = await initializeOrThrow(new Doubler());
    await m.terminate();
    for (const r of [await m.process(1), await m.reset(), await m.initialize(), await m.terminate()]) {
      expect(r.success).toBe(false);
      expect(hasErrorCode(r.error, 'E_STATE')).toBe(true);
    }
  });

  it('reset clears counters and custom state', async () => {
    const m = await initializeOrThrow(new Doubler());
    await m.process(1);
    await m.process(-1);
    expect((await m.reset()).success).toBe(true);
    expect(m.getState()).toMatchObject({ operationCount: { total: 0 }, errorCount: 0, custom: { seen: 0 } });
  });
});
