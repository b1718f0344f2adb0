import { expect, it } from '@jest/globals';
import { CrdError, isCrdError } from '@kubekit/crd';

it('isCrdError tells by reason, not by name, so a copy of the package agrees', () => {
  const err = new CrdError('UnsupportedSchema', 'a date', { path: 'spec.when' });
  expect([isCrdError(err), isCrdError(err, 'UnsupportedSchema'), isCrdError(err, 'InvalidObject')]).toEqual([
    true,
    true,
    false,
  ]);
  expect(isCrdError(Object.assign(new Error('x'), { reason: 'ClusterError' }))).toBe(true);
  expect(isCrdError(Object.assign(new Error('x'), { reason: 'NotFound' }))).toBe(false);
  expect(isCrdError(Object.assign(new Error('x'), { name: 'CrdError' }))).toBe(false);
  expect(isCrdError('UnsupportedSchema')).toBe(false);
});
