import { expect, it } from '@jest/globals';
import { isTestEnvironmentError, TestEnvironmentError } from '@kubekit/testing';

it('isTestEnvironmentError tells by reason, not by name, so a copy of the package agrees', () => {
  expect(isTestEnvironmentError(new TestEnvironmentError('Timeout', 'slow'), 'Timeout')).toBe(true);
  expect(isTestEnvironmentError(Object.assign(new Error('x'), { reason: 'Unavailable' }))).toBe(true);
  expect(isTestEnvironmentError(Object.assign(new Error('x'), { reason: 'Unavailable' }), 'Timeout')).toBe(false);
  expect(isTestEnvironmentError(Object.assign(new Error('x'), { reason: 'NotFound' }))).toBe(false);
  expect(isTestEnvironmentError(Object.assign(new Error('x'), { name: 'TestEnvironmentError' }))).toBe(false);
});
