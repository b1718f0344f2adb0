import type { KubeObject } from '@kubekit/core';
import type { StringTable } from './stringTable.js';

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

/**
 * What the store does to an object before it keeps it, in one walk: each string value is replaced
 * by `strings`' shared copy (when given) and each object and array is frozen (when `freeze`).
 * Frozen parts are left as they are (they cannot be written, and were settled already). Objects
 * are JSON trees (no cycles) unless `freeze` is on, which also stops at objects seen before.
 */
export function settle<T>(value: T, strings: StringTable | undefined, freeze: boolean): T {
  if (strings === undefined) return freeze ? deepFreeze(value) : value;
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) settleTree(value, strings, freeze);
  return value;
}

/** settle's walk: the object's own strings first, then (frozen, so a cycle ends) its children. */
function settleTree(value: object, strings: StringTable, freeze: boolean): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const child: unknown = value[i];
      if (typeof child === 'string') value[i] = strings.intern(child);
    }
    if (freeze) Object.freeze(value);
    for (let i = 0; i < value.length; i++) {
      const child: unknown = value[i];
      if (typeof child === 'object' && child !== null && !Object.isFrozen(child)) settleTree(child, strings, freeze);
    }
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const child = record[key];
    if (typeof child === 'string') record[key] = strings.intern(child);
  }
  if (freeze) Object.freeze(value);
  for (const key in record) {
    const child = record[key];
    if (typeof child === 'object' && child !== null && !Object.isFrozen(child)) settleTree(child, strings, freeze);
  }
}
