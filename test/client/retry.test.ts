import { describe, expect, it } from '@jest/globals';
import { TransportError } from '@kubekit/client';
import { apiErrorFrom } from '@kubekit/core';
import { parseRetryAfter, retryDelayMs, shouldRetry } from '../../packages/client/src/transport/retry.js';

describe('retry policy', () => {
  const policy = { maxRetries: 3, initialMs: 200, maxMs: 1000 };

  it('backs off exponentially up to the cap, preferring Retry-After', () => {
    expect([0, 1, 2, 3].map((a) => retryDelayMs(a, policy))).toEqual([200, 400, 800, 1000]);
    expect(retryDelayMs(0, policy, 0.5)).toBe(500);
    expect(retryDelayMs(0, policy, 60)).toBe(1000);
  });

  it('parses Retry-After seconds and dates', () => {
    expect(parseRetryAfter('3')).toBe(3);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });

  it('repeats 5xx and resets only for idempotent requests; 429 and refused connections always', () => {
    const unavailable = apiErrorFrom({ code: 503 });
    const reset = new TransportError('reset', { cause: Object.assign(new Error(), { code: 'ECONNRESET' }) });
    const refused = new TransportError('refused', { cause: Object.assign(new Error(), { code: 'ECONNREFUSED' }) });
    expect(shouldRetry(unavailable, 'idempotent')).toBe(true);
    expect(shouldRetry(unavailable, 'not-idempotent')).toBe(false);
    expect(shouldRetry(reset, 'not-idempotent')).toBe(false);
    expect(shouldRetry(reset, 'idempotent')).toBe(true);
    expect(shouldRetry(refused, 'not-idempotent')).toBe(true);
    expect(shouldRetry(apiErrorFrom({ code: 429 }), 'not-idempotent')).toBe(true);
    expect(shouldRetry(apiErrorFrom({ code: 409 }), 'idempotent')).toBe(false);
    expect(shouldRetry(apiErrorFrom({ code: 404 }), 'idempotent')).toBe(false);
  });
});
