import type { IncomingMessage } from 'node:http';
import { authorize } from '../../../src/server/authorize.js';

const req = (authorization?: string): IncomingMessage =>
  ({ headers: authorization === undefined ? {} : { authorization } }) as IncomingMessage;

describe('authorize', () => {
  it('accepts anything without a token', () => {
    expect(authorize(req(), undefined)).toBe(true);
  });

  it('accepts only the exact bearer token', () => {
    expect(authorize(req('Bearer s3cret'), 's3cret')).toBe(true);
    expect(authorize(req('bearer   s3cret '), 's3cret')).toBe(true);
    expect(authorize(req('Bearer s3cre'), 's3cret')).toBe(false);
    expect(authorize(req('Bearer s3cretX'), 's3cret')).toBe(false);
    expect(authorize(req('Basic s3cret'), 's3cret')).toBe(false);
    expect(authorize(req(), 's3cret')).toBe(false);
    expect(authorize(req('Bearer '), '')).toBe(false);
  });
});
