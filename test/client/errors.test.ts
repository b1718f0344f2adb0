import { describe, expect, it } from '@jest/globals';
import { NoKindMatchError, TransportError } from '@kubekit/client';
import {
  ApiError,
  apiErrorFrom,
  CodecError,
  ConflictError,
  GoneError,
  ignoreAlreadyExists,
  ignoreNotFound,
  isAlreadyExists,
  isApiError,
  isCodecError,
  isConflict,
  isGone,
  isNotFound,
  isRetryable,
  isServerTimeout,
  isTooManyRequests,
  NotFoundError,
  type Status,
} from '@kubekit/core';

const statusOf = (code: number, reason?: string, extra: Partial<Status> = {}): Status => ({
  kind: 'Status',
  apiVersion: 'v1',
  status: 'Failure',
  code,
  ...(reason !== undefined && { reason }),
  message: `m${code}`,
  ...extra,
});

describe('apiErrorFrom', () => {
  it.each([
    [400, 'BadRequest', 'BadRequest', false],
    [401, 'Unauthorized', 'Unauthorized', false],
    [403, 'Forbidden', 'Forbidden', false],
    [404, 'NotFound', 'NotFound', false],
    [405, 'MethodNotAllowed', 'MethodNotAllowed', false],
    [409, 'AlreadyExists', 'AlreadyExists', false],
    [409, 'Conflict', 'Conflict', true],
    [410, 'Expired', 'Expired', false],
    [410, 'Gone', 'Gone', false],
    [415, 'UnsupportedMediaType', 'UnsupportedMediaType', false],
    [422, 'Invalid', 'Invalid', false],
    [429, 'TooManyRequests', 'TooManyRequests', true],
    [500, 'InternalError', 'InternalError', true],
    [504, 'Timeout', 'Timeout', true],
    [500, 'ServerTimeout', 'ServerTimeout', true],
    [503, 'ServiceUnavailable', 'ServiceUnavailable', true],
  ])('maps %i %s to reason %s (retryable: %s)', (code, said, reason, retryable) => {
    const err = apiErrorFrom({ code, status: statusOf(code, said) });
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code, reason, retryable, message: `m${code}` });
  });

  it.each([
    [404, 'NotFound'],
    [409, 'Conflict'],
    [410, 'Gone'],
    [422, 'Invalid'],
    [502, 'ServiceUnavailable'],
    [504, 'ServerTimeout'],
    [418, 'Unknown'],
  ])('derives the reason from the code %i when the body has none', (code, reason) => {
    expect(apiErrorFrom({ code }).reason).toBe(reason);
  });

  it('keeps causes, the request and retry-after', () => {
    const err = apiErrorFrom({
      code: 422,
      request: 'POST /apis/x/v1/widgets',
      status: statusOf(422, 'Invalid', { details: { causes: [{ field: 'spec.size', message: 'too big' }] } }),
    });
    expect(err.causes).toEqual([{ field: 'spec.size', message: 'too big' }]);
    expect(err.message).toBe('m422 (POST /apis/x/v1/widgets)');
    const throttled = apiErrorFrom({
      code: 429,
      status: statusOf(429, 'TooManyRequests', { details: { retryAfterSeconds: 3 } }),
    });
    expect(throttled.retryAfterSeconds).toBe(3);
    expect(apiErrorFrom({ code: 429, retryAfterSeconds: 7 }).retryAfterSeconds).toBe(7);
  });
});

describe('isXxx helpers', () => {
  it('check reason, so an error from another copy of the package still matches', () => {
    const foreign = { reason: 'NotFound', code: 404, message: 'x' };
    expect(isNotFound(foreign)).toBe(true);
    expect(isApiError(foreign)).toBe(true);
    expect(isNotFound(new NotFoundError({ code: 404 }))).toBe(true);
    expect(isNotFound(new ConflictError({ code: 409 }))).toBe(false);
    expect(isConflict(new ConflictError({ code: 409 }))).toBe(true);
    expect(isAlreadyExists({ reason: 'Conflict' })).toBe(false);
    expect(isGone(new GoneError({ code: 410, status: statusOf(410, 'Expired') }))).toBe(true);
    expect(isServerTimeout({ reason: 'Timeout' })).toBe(true);
    expect(isTooManyRequests(undefined)).toBe(false);
    expect(isNotFound(new Error('NotFound'))).toBe(false);
  });

  it('say which errors are retryable', () => {
    expect(isRetryable(apiErrorFrom({ code: 503 }))).toBe(true);
    expect(isRetryable(new TransportError('reset'))).toBe(true);
    expect(isRetryable(apiErrorFrom({ code: 404 }))).toBe(false);
    expect(isRetryable(new NoKindMatchError('x/v1', 'Y'))).toBe(false);
    expect(isRetryable(new Error('plain'))).toBe(false);
  });

  it('ignoreNotFound swallows NotFound only', async () => {
    await expect(Promise.reject(new NotFoundError({ code: 404 })).catch(ignoreNotFound)).resolves.toBeUndefined();
    await expect(Promise.reject(new ConflictError({ code: 409 })).catch(ignoreNotFound)).rejects.toMatchObject({
      reason: 'Conflict',
    });
    expect(() => ignoreAlreadyExists(new NotFoundError({ code: 404 }))).toThrow();
    expect(ignoreAlreadyExists({ reason: 'AlreadyExists' })).toBeUndefined();
  });

  it('TransportError keeps the system error code', () => {
    const cause = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(new TransportError('GET /x: socket hang up', { cause })).toMatchObject({ errno: 'ECONNRESET', cause });
  });

  it('CodecError names the object and takes the field from the cause: a path, or the first issue', () => {
    const object = { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'ns', name: 'app' };
    const zodLike = Object.assign(new Error('bad'), {
      issues: [{ path: ['spec', 'hosts', 1, { key: 'name' }] }, { path: ['other'] }],
    });
    const fromIssues = new CodecError('Decode', object, { cause: zodLike });
    expect(fromIssues).toMatchObject({ reason: 'Decode', retryable: false, path: 'spec.hosts[1].name', object });
    expect(fromIssues.message).toBe(
      'ConfigMap "ns/app" (v1) does not fit its kind descriptor at spec.hosts[1].name: bad',
    );
    const fromPath = new CodecError('Encode', object, { cause: Object.assign(new Error('no'), { path: 'data.port' }) });
    expect(fromPath).toMatchObject({ reason: 'Encode', path: 'data.port' });
    expect(isCodecError(fromPath) && isCodecError(fromIssues)).toBe(true);
    expect(isRetryable(fromPath)).toBe(false);
    const unnamed = new CodecError('Encode', { ...object, name: undefined, namespace: undefined }, { cause: 'x' });
    expect(unnamed.path).toBeUndefined();
    expect(unnamed.message).toBe('ConfigMap (v1) cannot be encoded by its kind descriptor: x');
  });
});
