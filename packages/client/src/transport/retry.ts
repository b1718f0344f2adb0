import { backoffDelayMs, isRetryable } from '@kubekit/core';

/** How a request may be retried. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Delay before the first retry; doubles each time (core's `backoffDelayMs`). */
  initialMs: number;
  /** Upper bound of one delay (also caps `Retry-After`). */
  maxMs: number;
}

/**
 * Which requests the client repeats after a 5xx, a server timeout or a lost connection. Idempotent:
 * GET, HEAD (reads, watch set-up), PUT with a resourceVersion (a repeat after success is a Conflict,
 * never a second write), DELETE of one object with preconditions, server-side apply PATCHes, and the
 * collection DELETE of `deleteAllOf` (a repeat deletes what matches the selector then: what the
 * first attempt left, plus any match created in between). Not idempotent, so not repeated since the
 * first attempt may have been applied: POST, other PATCHes, PUT without a resourceVersion, and
 * DELETE of one object without preconditions. A 429 and a refused connection are retried for every
 * request: the server did not act on it.
 */
export type Idempotency = 'idempotent' | 'not-idempotent';

/** The errno codes that mean the request never reached the server. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/** Whether an error from one attempt should be retried, for a request of this idempotency. */
export function shouldRetry(err: unknown, idempotency: Idempotency): boolean {
  if (!isRetryable(err)) return false;
  const reason = (err as { reason?: unknown }).reason;
  if (reason === 'Conflict') return false; // needs a fresh read, not a repeat
  if (reason === 'TooManyRequests') return true;
  if (reason === 'Transport' && NOT_SENT.has((err as { errno?: string }).errno ?? '')) return true;
  return idempotency === 'idempotent';
}

/**
 * Milliseconds to wait before retry number `attempt` (0 for the first retry): the server's
 * `Retry-After` when given, else `initialMs * 2^attempt`; both capped at `maxMs`.
 */
export function retryDelayMs(attempt: number, policy: RetryPolicy, retryAfterSeconds?: number): number {
  if (retryAfterSeconds !== undefined && retryAfterSeconds >= 0)
    return Math.min(retryAfterSeconds * 1000, policy.maxMs);
  return backoffDelayMs(attempt, { initialMs: policy.initialMs, maxMs: policy.maxMs });
}

/** Parses a `Retry-After` header: delay-seconds or an HTTP date (relative to `nowMs`, epoch). */
export function parseRetryAfter(header: string | undefined, nowEpochMs: number = Date.now()): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - nowEpochMs) / 1000);
}
