import { PrimeosError } from '../../../src/model/PrimeosError.js';
import { classifyError } from '../../../src/stream/classifyError.js';

describe('classifyError', () => {
  it.each([
    [Object.assign(new Error('x'), { code: 'ECONNRESET' }), 'transient'],
    [new Error('plain'), 'transient'],
    ['a string', 'transient'],
    [Object.assign(new Error('x'), { code: 'ETIMEDOUT' }), 'timeout'],
    [Object.assign(new Error('x'), { name: 'TimeoutError' }), 'timeout'],
    [new PrimeosError('E_BUDGET', 'over budget'), 'resource-exhausted'],
    [Object.assign(new Error('x'), { code: 'EMFILE' }), 'resource-exhausted'],
    [new PrimeosError('E_PARSE', 'bad'), 'permanent'],
    [new PrimeosError('E_ABORTED', 'stop'), 'permanent'],
    [{ code: 'E_CHUNK_INVALID', message: 'crossed a thread' }, 'permanent'],
  ])('%p is %s', (err, cls) => {
    expect(classifyError(err)).toBe(cls);
  });
});
