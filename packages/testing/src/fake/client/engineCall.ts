import { serializeJson } from '@kubekit/client/internal';
import { apiErrorFrom, type Status } from '@kubekit/core';
import { findFakeApiError } from '../engine/apiError.js';
import type { FakeObject } from '../engine/types.js';

/** Runs a storage call, turning its `FakeApiError` into the client's error class. */
export function call<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw toError(err);
  }
}

/** The client's error for an engine error (the same class, code and Status as over HTTP). */
export function toError(err: unknown): unknown {
  const fake = findFakeApiError(err);
  if (!fake) return err;
  return apiErrorFrom({ code: fake.code, status: fake.toStatus() as Status, cause: err });
}

/**
 * A copy of a value as it would cross the wire (JSON), so the store never keeps the caller's
 * objects. What JSON cannot carry is refused as `Client` refuses it (see `serializeJson`), with
 * paths below `field`.
 */
export function wire<T>(value: T, field = ''): T & FakeObject {
  return JSON.parse(serializeJson(value, field)) as T & FakeObject;
}
