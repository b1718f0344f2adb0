import type { KubeObject } from '@kubekit/core';

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
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) freezeTree(value);
  return value;
}

/** deepFreeze's walk: indexed loops and `for…in` instead of `Object.values`, which allocates an array per object. */
function freezeTree(value: object): void {
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const child: unknown = value[i];
      if (typeof child === 'object' && child !== null && !Object.isFrozen(child)) freezeTree(child);
    }
    return;
  }
  for (const key in value) {
    const child: unknown = (value as Record<string, unknown>)[key];
    if (typeof child === 'object' && child !== null && !Object.isFrozen(child)) freezeTree(child);
  }
}
