import type { IncomingMessage } from 'node:http';
import { authorize, selectSubprotocol } from '../../../src/server/authorize.js';

const req = (authorization?: string): IncomingMessage =>
  ({ headers: authorization === undefined ? {} : { authorization } }) as IncomingMessage;
/** A WebSocket upgrade offering these subprotocols (as a browser sends them: one header, comma-separated). */
const upgrade = (protocols: string, headers: Record<string, string> = {}): IncomingMessage =>
  ({
    headers: { upgrade: 'websocket', 'sec-websocket-protocol': protocols, ...headers },
  }) as unknown as IncomingMessage;
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64url');

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

  it('takes an upgrade token from a primeos.bearer.<base64url> subprotocol, never for a plain request', () => {
    const token = 's3cret/+=é';
    expect(authorize(upgrade(`primeos, primeos.bearer.${b64(token)}`), token)).toBe(true);
    expect(authorize(upgrade(`primeos,primeos.bearer.${b64(token)}`), token)).toBe(true);
    expect(authorize(upgrade(`primeos, primeos.bearer.${b64(token + 'x')}`), token)).toBe(false);
    expect(authorize(upgrade('primeos, primeos.bearer.'), token)).toBe(false);
    expect(authorize(upgrade('primeos'), token)).toBe(false);
    // the header wins when both are given
    expect(authorize(upgrade(`primeos, primeos.bearer.${b64(token)}`, { authorization: 'Bearer nope' }), token)).toBe(
      false,
    );
    // a plain HTTP request cannot use the subprotocol header
    const plain = {
      headers: { 'sec-websocket-protocol': `primeos.bearer.${b64(token)}` },
    } as unknown as IncomingMessage;
    expect(authorize(plain, token)).toBe(false);
  });

  it('selects the first offered subprotocol that is not a bearer token', () => {
    expect(selectSubprotocol(new Set(['primeos', 'primeos.bearer.abc']))).toBe('primeos');
    expect(selectSubprotocol(['primeos.bearer.abc', 'primeos'])).toBe('primeos');
    expect(selectSubprotocol(['primeos.bearer.abc'])).toBe(false);
  });
});
