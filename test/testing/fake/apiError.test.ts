import { expect, it } from '@jest/globals';
import { isRetryable, KubekitError } from '@kubekit/core';
import { FakeApiError } from '@kubekit/testing';

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
