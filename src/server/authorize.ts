import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/**
 * Check a request's `Authorization: Bearer <token>` against the server token in constant time: both sides are
 * hashed to 32 bytes first, so neither the content nor the length of the expected token leaks through timing.
 *
 * @param req - the request (an HTTP request or a WebSocket upgrade)
 * @param token - the expected token; undefined means no token is required
 * @returns true when no token is required or the request carries the right one
 */
export function authorize(req: IncomingMessage, token: string | undefined): boolean {
  if (token === undefined) return true;
  const header = req.headers.authorization ?? '';
  const m = /^Bearer\s+(.+)$/i.exec(header.trim());
  const given = m?.[1] ?? '';
  // always compare, also for a missing header, so a missing and a wrong token take the same time
  return timingSafeEqual(digest(given), digest(token)) && m !== null;
}
