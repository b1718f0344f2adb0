import type { ServerResponse } from 'node:http';
import { FakeApiError, findFakeApiError } from '../engine/apiError.js';

/** Writes a JSON body with a status code. */
export function sendJson(
  res: ServerResponse,
  code: number,
  body: unknown,
  headers: Record<string, string | string[]> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'content-type': 'application/json', 'cache-control': 'no-cache, private', ...headers });
  res.end(text);
}

/** Writes an error as a Status body shaped like the real server's; unknown errors are 500 InternalError. */
export function sendError(res: ServerResponse, err: unknown): void {
  const e = findFakeApiError(err) ?? FakeApiError.internal(err instanceof Error ? err.message : String(err));
  const headers: Record<string, string> = {};
  if (e.details?.retryAfterSeconds !== undefined) headers['retry-after'] = String(e.details.retryAfterSeconds);
  sendJson(res, e.code, e.toStatus(), headers);
}

/** The real server's answer for a path it does not serve: a plain-text 404. */
export function sendPageNotFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
  res.end('404 page not found\n');
}
