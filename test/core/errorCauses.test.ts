/**
 * The `is*` guards see through `cause` chains, as Go's errors.As; `findReason` hands back the match.
 * The types are checked by `tsc -p test`: a guard answers `boolean` (the match may be a cause, so
 * it cannot narrow `e`), and `findReason` is typed by the reason asked for.
 */
import { expect, it } from '@jest/globals';
import {
  findReason,
  type GoneError,
  isApiError,
  isConflict,
  isNotFound,
  type KubekitError,
  NotFoundError,
} from '@kubekit/core';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const check = <T extends true>(_: T) => undefined;

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

it('a guard does not narrow a wrapper to the class of its cause; findReason gives that error, typed', () => {
  const e: unknown = new Error('reconcile x', { cause: notFound });
  expect(isNotFound(e)).toBe(true);
  if (isNotFound(e)) {
    // @ts-expect-error `e` stays unknown: it is the wrapper, a plain Error with no `status`
    expect(() => e.status.message).toThrow(TypeError);
  }
  const found = findReason(e, 'NotFound');
  check<Equal<typeof found, NotFoundError | undefined>>(true);
  expect(found).toBe(notFound);
  expect(found?.status.message).toBe('configmaps "x" not found');
  const gone = findReason(e, 'Gone', 'Expired');
  check<Equal<typeof gone, GoneError | undefined>>(true);
  expect(gone).toBeUndefined();
  const other = findReason(e, 'Terminal');
  check<Equal<typeof other, KubekitError | Error | undefined>>(true);
  expect(other).toBeUndefined();
  // isApiError checks `e` itself, not its causes, so it still narrows
  const answer: unknown = notFound;
  expect(isApiError(answer) && answer.code).toBe(404);
  expect(isApiError(e)).toBe(false);
});
