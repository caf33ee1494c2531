import { Writable } from 'node:stream';
import pino from 'pino';
import { BaseModel } from '../../../src/model/BaseModel.js';
import { toLogger } from '../../../src/model/logger.js';

class Echo extends BaseModel<number, number> {
  protected override onProcess(x: number): number {
    return x;
  }
}

/** A real pino logger writing its JSON lines into an array. */
function capture(): { lines: Record<string, unknown>[]; logger: pino.Logger } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString().split('\n')) if (l !== '') lines.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  return { lines, logger: pino({ level: 'debug' }, sink) };
}

describe('toLogger (issue 17 item 14: the context reaches pino)', () => {
  it('a pino logger passed to a model receives the context as fields and the message as msg', async () => {
    const { lines, logger } = capture();
    const m = new Echo({ name: 'echo', logger });
    await m.initialize();
    await new Promise((r) => setImmediate(r));
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'initialized', model: 'echo', level: 20 }));
  });

  it('adapts pino directly and leaves other loggers as they are', async () => {
    const { lines, logger } = capture();
    toLogger(logger).warn('slow', { model: 'x', ms: 12 });
    await new Promise((r) => setImmediate(r));
    expect(lines[0]).toMatchObject({ msg: 'slow', model: 'x', ms: 12, level: 40 });
    const plain = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
    expect(toLogger(plain)).toBe(plain);
  });
});
