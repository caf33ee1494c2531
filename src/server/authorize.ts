import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The WebSocket subprotocol a browser offers to carry its bearer token (a page cannot set headers on a
 * WebSocket): `primeos.bearer.<token in base64url>`, offered after {@link STREAM_SUBPROTOCOL}. The server never
 * selects it, so the token is not echoed back.
 */
export const BEARER_SUBPROTOCOL_PREFIX = 'primeos.bearer.';

/** The subprotocol the server selects when a client offers subprotocols (e.g. next to a bearer one). */
export const STREAM_SUBPROTOCOL = 'primeos';

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** The token a request presents: its `Authorization: Bearer` header, or for an upgrade its bearer subprotocol. */
function presentedToken(req: IncomingMessage): string | undefined {
  const m = /^Bearer\s+(.+)$/i.exec((req.headers.authorization ?? '').trim());
  if (m !== null) return m[1];
  if (req.headers.upgrade === undefined) return undefined;
  const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  const bearer = offered.find((p) => p.startsWith(BEARER_SUBPROTOCOL_PREFIX));
  return bearer === undefined
    ? undefined
    : Buffer.from(bearer.slice(BEARER_SUBPROTOCOL_PREFIX.length), 'base64url').toString('utf8');
}

/**
 * Check a request's bearer token against the server token in constant time: both sides are hashed to 32 bytes
 * first, so neither the content nor the length of the expected token leaks through timing. The token comes from
 * `Authorization: Bearer <token>`, or, for a WebSocket upgrade from a browser (which cannot set that header), from
 * an offered subprotocol `primeos.bearer.<base64url(token)>` ({@link BEARER_SUBPROTOCOL_PREFIX}).
 *
 * @param req - the request (an HTTP request or a WebSocket upgrade)
 * @param token - the expected token; undefined means no token is required
 * @returns true when no token is required or the request carries the right one
 */
export function authorize(req: IncomingMessage, token: string | undefined): boolean {
  if (token === undefined) return true;
  const given = presentedToken(req);
  // always compare, also for a missing token, so a missing and a wrong token take the same time
  return timingSafeEqual(digest(given ?? ''), digest(token)) && given !== undefined && given !== '';
}

/**
 * The subprotocol to select among those a WebSocket client offered: the first that is not a bearer token
 * ({@link STREAM_SUBPROTOCOL} for the dashboard), or none.
 *
 * @param offered - the offered subprotocols, in order
 * @returns the one to select, or false
 */
export function selectSubprotocol(offered: Iterable<string>): string | false {
  for (const p of offered) if (!p.startsWith(BEARER_SUBPROTOCOL_PREFIX)) return p;
  return false;
}
