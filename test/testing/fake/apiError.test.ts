import { expect, it } from '@jest/globals';
import { apiErrorFrom, isRetryable, KubekitError } from '@kubekit/core';
import { FakeApiError, isFakeApiError } from '@kubekit/testing';

it('fake API errors are KubekitErrors, retryable exactly when the client error for their Status is', () => {
  const widgets = { group: 'test.kubekit.dev', plural: 'widgets', kind: 'Widget' };
  const notFound = FakeApiError.notFound(widgets, 'w1');
  expect(notFound).toBeInstanceOf(KubekitError);
  expect([notFound.reason, isRetryable(notFound)]).toEqual(['NotFound', false]);
  expect(isRetryable(FakeApiError.badRequest('bad'))).toBe(false);
  expect(isRetryable(FakeApiError.expired('too old'))).toBe(false); // list again, do not repeat
  expect(isRetryable(FakeApiError.internal('boom'))).toBe(true);
  expect(isRetryable(new FakeApiError('TooManyRequests', 'slow down'))).toBe(true);
});

it('isFakeApiError tells by reason and Status body, not by name: a copy passes, the client error does not', () => {
  const fromAnotherCopy = Object.assign(new Error('gone'), { reason: 'Expired', code: 410, toStatus: () => ({}) });
  expect(isFakeApiError(fromAnotherCopy)).toBe(true);
  expect(isFakeApiError(fromAnotherCopy, 'Expired')).toBe(true);
  expect(isFakeApiError(fromAnotherCopy, 'NotFound')).toBe(false);
  // the client's NotFound has the same reason but no Status body to send: not a FakeApiError
  expect(isFakeApiError(apiErrorFrom({ code: 404, status: { reason: 'NotFound' } }))).toBe(false);
  expect(isFakeApiError(Object.assign(new Error('x'), { name: 'FakeApiError' }))).toBe(false);
});
