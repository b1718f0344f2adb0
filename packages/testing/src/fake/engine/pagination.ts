import { FakeApiError } from './apiError.js';

/** What a continue token carries: the list's resourceVersion and the last key served. */
export interface ContinueToken {
  rv: number;
  start: string;
}

/** Encodes a continue token (base64url JSON, like the real server's). */
export function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: token.rv, start: token.start })).toString('base64url');
}

/**
 * Decodes a continue token.
 * @throws {@link FakeApiError} `BadRequest` (`invalid continue token: ...`) when it is not one.
 */
export function decodeContinue(raw: string): ContinueToken {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch (err) {
    throw FakeApiError.badRequest(`invalid continue token: continue key is not valid: ${(err as Error).message}`);
  }
  const t = parsed as { v?: unknown; rv?: unknown; start?: unknown };
  if (t.v !== 'meta.k8s.io/v1' || typeof t.rv !== 'number' || typeof t.start !== 'string') {
    throw FakeApiError.badRequest('invalid continue token: continue key is not valid: incorrect encoded start key');
  }
  return { rv: t.rv, start: t.start };
}

/** The message of 410 Expired for a continue token older than the kept history. */
export const CONTINUE_EXPIRED_MESSAGE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue value from the response to get a consistent list result.';
