/** The `is*` guards see through `cause` chains, as Go's errors.As; `findReason` hands back the match. */
import { expect, it } from '@jest/globals';
import { findReason, isConflict, isNotFound, NotFoundError } from '@kubekit/core';

const notFound = new NotFoundError({ code: 404, status: { message: 'configmaps "x" not found', code: 404 } });

it('isNotFound is true for an error whose cause (or its cause) is a NotFound', () => {
  expect(isNotFound(new Error('x', { cause: notFound }))).toBe(true);
  expect(isNotFound(new Error('y', { cause: new Error('x', { cause: notFound }) }))).toBe(true);
  expect(isConflict(new Error('x', { cause: notFound }))).toBe(false);
  expect(isNotFound(new Error('x', { cause: 'not found' }))).toBe(false);
});

it('findReason returns the matching error of the chain, and ends on a cycle', () => {
  expect(findReason(new Error('x', { cause: notFound }), 'NotFound')).toBe(notFound);
  const a = new Error('a');
  const b = new Error('b', { cause: a });
  (a as { cause?: unknown }).cause = b;
  expect(findReason(a, 'NotFound')).toBeUndefined();
});
