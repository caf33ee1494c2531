import type { ServerResponse } from 'node:http';
import { hasErrorCode, type ErrorCode } from '../../model/PrimeosError.js';

/** HTTP status of each protocol error code (anything else is a 500, "internal error"). */
const STATUS: Partial<Record<ErrorCode, number>> = {
  E_USAGE: 400,
  E_PARSE: 400,
  E_UNAUTHORIZED: 401,
  E_NOT_FOUND: 404,
  E_STATE: 409,
  E_RANGE: 413,
  E_BUSY: 429,
  E_UNAVAILABLE: 503,
  E_ABORTED: 499,
};

/**
 * The HTTP status of an error code.
 *
 * @param code - a primeos error code
 * @returns the status (500 for codes that are not protocol errors)
 */
export function httpStatusOf(code: ErrorCode): number {
  return STATUS[code] ?? 500;
}

/**
 * Send a JSON body with a status (no-op when the headers are already out).
 *
 * @param res - the response
 * @param status - HTTP status
 * @param body - JSON-serialisable value
 * @param headers - extra headers
 */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body) + '\n';
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/**
 * Send `{"error": {"code", "message"}}` with the status of the code. Errors without a primeos code become
 * `E_INTERNAL` with a generic message (no internals reach a client).
 *
 * @param res - the response
 * @param err - the error (a PrimeosError or any thrown value)
 * @param headers - extra headers (e.g. `Retry-After`)
 */
export function sendError(res: ServerResponse, err: unknown, headers: Record<string, string> = {}): void {
  const coded = hasErrorCode(err);
  const code: ErrorCode = coded ? err.code : 'E_INTERNAL';
  const message = coded ? err.message : 'internal error';
  sendJson(res, httpStatusOf(code), { error: { code, message } }, headers);
}
