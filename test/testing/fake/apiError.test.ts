import { expect, it } from '@jest/globals';
import { apiErrorFrom, isRetryable, KubekitError } from '@kubekit/core';
import { FakeApiError, findFakeApiError, isFakeApiError } from '@kubekit/testing';

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

it('findFakeApiError returns the FakeApiError of a cause chain, so its Status body can be sent', () => {
  const expired = FakeApiError.expired('too old');
  const wrapped = new Error('watch widgets', { cause: expired });
  expect(isFakeApiError(wrapped, 'Expired')).toBe(true);
  expect(findFakeApiError(wrapped, 'Expired')?.toStatus()).toEqual(expired.toStatus());
  expect(findFakeApiError(wrapped, 'NotFound')).toBeUndefined();
  // the client's error for it comes first in the chain and has no Status body: not a FakeApiError
  const client = apiErrorFrom({ code: 410, status: { reason: 'Expired' }, cause: expired });
  expect(findFakeApiError(client)).toBeUndefined();
});
