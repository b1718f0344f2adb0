import { isRetryable, KubekitError } from '@kubekit/core';
import { hasReason } from '@kubekit/core/internal';

/**
 * Why `@kubekit/crd` refused something.
 *
 * - `UnsupportedSchema`: a zod construct that a Kubernetes structural schema cannot express (a
 *   date, a tuple, a union of objects, ...). The error's `path` names the field. Not retryable: change the schema.
 * - `InvalidDefinition`: a `defineCustomResource` / `defineConfigMap` / `defineSecret` argument is
 *   inconsistent (no storage version, two storage versions, a bad group or kind, ...).
 * - `InvalidObject`: an object did not match its schema in `parse()`; `cause` is the `ZodError`.
 * - `InvalidCrd`: a CRD given to the importer is not an `apiextensions.k8s.io/v1` CustomResourceDefinition.
 * - `ClusterError`: reading a CRD from a cluster failed (kubeconfig, connection, not found).
 * - `ConversionFailed`: `defineConversion`'s converter could not convert an object: it did not fit
 *   its version's schema, a conversion threw, or the result did not fit the desired version's
 *   schema. `cause` is the error.
 */
export type CrdErrorReason =
  | 'UnsupportedSchema'
  | 'InvalidDefinition'
  | 'InvalidObject'
  | 'InvalidCrd'
  | 'ClusterError'
  | 'ConversionFailed';

/** Every {@link CrdErrorReason}: what {@link isCrdError} accepts. */
const CRD_ERROR_REASONS = Object.keys({
  UnsupportedSchema: true,
  InvalidDefinition: true,
  InvalidObject: true,
  InvalidCrd: true,
  ClusterError: true,
  ConversionFailed: true,
} satisfies Record<CrdErrorReason, true>) as readonly CrdErrorReason[];

/** The one error class of `@kubekit/crd` (a `KubekitError` of `@kubekit/core`); tell cases apart by {@link CrdError.reason}. */
export class CrdError extends KubekitError {
  /** The class name, `'CrdError'`: what logs and stack traces start with. */
  override readonly name = 'CrdError';
  /** Machine-readable cause class; stable across versions. */
  readonly reason: CrdErrorReason;
  /**
   * Whether trying again may succeed: only a `ClusterError` whose cause is retryable (a transport
   * failure, a server timeout); the others need a change to the schema, definition or object.
   */
  readonly retryable: boolean;
  /** The field the error is about, e.g. `spec.ports[].port`, when there is one. */
  readonly path: string | undefined;

  constructor(reason: CrdErrorReason, message: string, options: { cause?: unknown; path?: string } = {}) {
    super(message, { cause: options.cause });
    this.reason = reason;
    this.retryable = reason === 'ClusterError' && isRetryable(options.cause);
    this.path = options.path;
  }
}

/**
 * True when `err` is a {@link CrdError}: an error whose `reason` is one of {@link CrdErrorReason},
 * or the given one (checked by `reason`, so two copies of the package agree).
 */
export function isCrdError(err: unknown, reason?: CrdErrorReason): boolean {
  return reason === undefined ? hasReason(err, ...CRD_ERROR_REASONS) : hasReason(err, reason);
}
