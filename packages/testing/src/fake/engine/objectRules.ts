import { formatApiVersion } from '@kubekit/core';
import type { ResourceType } from './resourceRegistry.js';
import type { FakeObject, StoredObject } from './types.js';

const clone = <T>(v: T): T => structuredClone(v);

/** A timestamp as the API server writes it: RFC 3339, whole seconds. */
export const timestamp = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** `group/version`, or `version` for the core group. */
export function apiVersionOf(type: { group: string }, version: string): string {
  return formatApiVersion({ group: type.group, version });
}

/** The `spec.finalizers` of kinds that have them (Namespaces). */
export function specFinalizersOf(type: ResourceType, obj: FakeObject): string[] {
  if (!type.strategy?.specFinalizers) return [];
  return ((obj.spec as { finalizers?: string[] } | undefined)?.finalizers ?? []).slice();
}

/** Whether anything outside metadata and status changed: what bumps `metadata.generation`. */
export function specChanged(old: FakeObject, next: FakeObject): boolean {
  const strip = (o: FakeObject) => {
    const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = o;
    return JSON.stringify(rest);
  };
  return strip(old) !== strip(next);
}

/**
 * The object a write to `/status` stores: custom resources take only `status` from the body;
 * built-in kinds take the body except what their strategy resets from the stored object (`spec`,
 * and for some kinds metadata such as a Deployment's labels).
 */
export function statusWrite(type: ResourceType, old: StoredObject, incoming: FakeObject): FakeObject {
  const resets = type.strategy?.statusResets;
  if (resets === undefined) {
    const obj: FakeObject = clone(old);
    if (incoming.status === undefined) delete obj.status;
    else obj.status = clone(incoming.status);
    return obj;
  }
  const obj = incoming;
  obj.metadata ??= {};
  for (const path of resets) {
    const [top, sub] = path.split('.') as [string, string | undefined];
    const from = (sub === undefined ? old : old.metadata) as Record<string, unknown>;
    const to = (sub === undefined ? obj : obj.metadata) as Record<string, unknown>;
    const k = sub ?? top;
    if (from[k] === undefined) delete to[k];
    else to[k] = clone(from[k]);
  }
  return obj;
}
