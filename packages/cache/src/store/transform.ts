import type { KubeObject } from '@kubekit/client';

/**
 * Rewrites an object before it is stored (and before handlers see it). Return a new object or the
 * same one changed in place; the store freezes what is returned when freezing is on.
 */
export type Transform<T extends KubeObject = KubeObject> = (obj: T) => T;

/**
 * The default transform: drops `metadata.managedFields`, which is often the largest part of an
 * object and is never needed by a controller's reads.
 */
export function dropManagedFields<T extends KubeObject>(obj: T): T {
  const metadata = obj.metadata as (T['metadata'] & { managedFields?: unknown }) | undefined;
  if (metadata?.managedFields === undefined) return obj;
  const { managedFields: _dropped, ...rest } = metadata;
  return { ...obj, metadata: rest };
}

/** Freezes an object and everything inside it, so a shared cached object cannot be changed by accident. */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const child of Object.values(value as object)) deepFreeze(child);
  return value;
}
