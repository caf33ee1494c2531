import fc from 'fast-check';
import { BaseModel, type ModelResult } from '../../../src/model/index.js';

/** A real model under test: its hooks fail on demand so every branch of the state machine is reachable. */
class Probe extends BaseModel<number, number> {
  failNextInit = false;
  failNextReset = false;
  protected override onInitialize(): void {
    if (this.failNextInit) {
      this.failNextInit = false;
      throw new Error('init hook failed');
    }
  }
  protected override async onProcess(x: number): Promise<number> {
    await Promise.resolve();
    if (x < 0) throw new Error('bad input');
    return x + 1;
  }
  protected override onReset(): void {
    if (this.failNextReset) {
      this.failNextReset = false;
      throw new Error('reset hook failed');
    }
  }
}

type Lifecycle = 'uninitialized' | 'ready' | 'error' | 'terminated';

/** The reference: a tiny explicit state machine with the expected counters. */
interface Ref {
  state: Lifecycle;
  total: number;
  success: number;
  failed: number;
  errors: number;
}

type Real = Probe;

function check(r: ModelResult<unknown>, ok: boolean, ref: Ref, real: Real, code?: string): void {
  expect(r.success).toBe(ok);
  if (!ok) {
    expect(typeof r.error?.code).toBe('string');
    if (code) expect(r.error?.code).toBe(code);
    ref.errors++;
  }
  const s = real.getState();
  expect(s.lifecycle).toBe(ref.state);
  expect(s.operationCount).toEqual({ total: ref.total, success: ref.success, failed: ref.failed });
  expect(s.errorCount).toBe(ref.errors);
}

class InitializeCmd implements fc.AsyncCommand<Ref, Real> {
  readonly hookFails: boolean;
  constructor(hookFails: boolean) {
    this.hookFails = hookFails;
  }
  check = (): boolean => true;
  async run(ref: Ref, real: Real): Promise<void> {
    const legal = ref.state === 'uninitialized' || ref.state === 'error';
    real.failNextInit = this.hookFails;
    const r = await real.initialize();
    real.failNextInit = false;
    if (!legal) return check(r, false, ref, real, 'E_STATE');
    ref.state = this.hookFails ? 'error' : 'ready';
    check(r, !this.hookFails, ref, real);
  }
  toString = (): string => `initialize(${this.hookFails ? 'fail' : 'ok'})`;
}

class ProcessCmd implements fc.AsyncCommand<Ref, Real> {
  readonly x: number;
  constructor(x: number) {
    this.x = x;
  }
  check = (): boolean => true;
  async run(ref: Ref, real: Real): Promise<void> {
    const r = await real.process(this.x);
    if (ref.state !== 'ready') return check(r, false, ref, real, 'E_STATE');
    ref.total++;
    if (this.x < 0) {
      ref.failed++;
      check(r, false, ref, real, 'E_PROCESS');
    } else {
      ref.success++;
      expect(r.data).toBe(this.x + 1);
      check(r, true, ref, real);
    }
  }
  toString = (): string => `process(${this.x})`;
}

class ResetCmd implements fc.AsyncCommand<Ref, Real> {
  readonly hookFails: boolean;
  constructor(hookFails: boolean) {
    this.hookFails = hookFails;
  }
  check = (): boolean => true;
  async run(ref: Ref, real: Real): Promise<void> {
    const legal = ref.state === 'ready' || ref.state === 'error';
    real.failNextReset = this.hookFails;
    const r = await real.reset();
    real.failNextReset = false;
    if (!legal) return check(r, false, ref, real, 'E_STATE');
    if (this.hookFails) {
      ref.state = 'error';
      return check(r, false, ref, real);
    }
    Object.assign(ref, { state: 'ready', total: 0, success: 0, failed: 0, errors: 0 });
    check(r, true, ref, real);
  }
  toString = (): string => `reset(${this.hookFails ? 'fail' : 'ok'})`;
}

class TerminateCmd implements fc.AsyncCommand<Ref, Real> {
  check = (): boolean => true;
  async run(ref: Ref, real: Real): Promise<void> {
    const r = await real.terminate();
    if (ref.state === 'terminated') return check(r, false, ref, real, 'E_STATE');
    ref.state = 'terminated';
    check(r, true, ref, real);
  }
  toString = (): string => 'terminate()';
}

const commandArb = fc.commands(
  [
    fc.boolean().map((f) => new InitializeCmd(f)),
    fc.integer({ min: -3, max: 100 }).map((x) => new ProcessCmd(x)),
    fc.boolean().map((f) => new ResetCmd(f)),
    fc.constant(new TerminateCmd()),
  ],
  { maxCommands: 30 },
);

describe('BaseModel lifecycle (model-based)', () => {
  it('matches the reference state machine for any sequence of calls', async () => {
    await fc.assert(
      fc.asyncProperty(commandArb, async (cmds) => {
        const setup = () => ({
          model: { state: 'uninitialized', total: 0, success: 0, failed: 0, errors: 0 } as Ref,
          real: new Probe(),
        });
        await fc.asyncModelRun(setup, cmds);
      }),
      { numRuns: 300 },
    );
  });
});
