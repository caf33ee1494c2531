import fc from 'fast-check';
import { parseClientFrame } from '../../../../src/stream/channel/channelProtocol.js';

describe('parseClientFrame', () => {
  it('accepts each frame type with its fields', () => {
    const frames = [
      { type: 'open', channel: 0, op: 'factor', options: { seed: 2, format: 'text' }, window: 8, seq: 5 },
      { type: 'item', channel: 3, seq: 0, data: '91' },
      { type: 'ack', channel: 3, seq: 4, window: 16 },
      { type: 'end', channel: 1 },
      { type: 'cancel', channel: 1 },
      { type: 'stats', channel: 1 },
      { type: 'health' },
      { type: 'subscribe', topic: 'jobs' },
      { type: 'unsubscribe', topic: 'job:x' },
    ];
    for (const f of frames) expect(parseClientFrame(JSON.stringify(f))).toEqual({ ok: true, frame: f });
  });

  it.each([
    ['not json', 'invalid JSON'],
    ['[1]', 'a frame is a JSON object'],
    ['{"type":"open","channel":0,"op":"delete"}', 'op must be one of'],
    ['{"type":"open","channel":0,"op":"factor","options":{"nope":1}}', 'unknown option'],
    ['{"type":"open","channel":0,"op":"factor","options":{"format":"xml"}}', 'option format must be one of'],
    ['{"type":"open","channel":0,"op":"factor","window":0}', 'window must be a positive integer'],
    ['{"type":"item","channel":-1,"seq":0,"data":"1"}', 'channel must be a non-negative integer'],
    ['{"type":"item","channel":0,"seq":1.5,"data":"1"}', 'seq must be a non-negative integer'],
    ['{"type":"item","channel":0,"seq":0,"data":7}', 'data must be a string'],
    ['{"type":"subscribe","topic":""}', 'topic must be a non-empty string'],
    ['{"type":"hello"}', 'unknown frame type'],
  ])('refuses %s with E_PROTOCOL (%s)', (text, message) => {
    const r = parseClientFrame(text);
    expect(r).toMatchObject({ ok: false, code: 'E_PROTOCOL' });
    expect((r as { message: string }).message).toContain(message);
  });

  it('never throws: any text or JSON value is a frame or an E_PROTOCOL refusal', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) =>
            JSON.stringify({
              type: 'open',
              ...(typeof v === 'object' && v !== null && !Array.isArray(v) ? v : { v }),
            }),
          ),
        ),
        (text) => {
          const r = parseClientFrame(text);
          expect(r.ok || r.code === 'E_PROTOCOL').toBe(true);
        },
      ),
    );
  });
});
