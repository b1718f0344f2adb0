import type { ResourceType } from './resourceRegistry.js';
import type { FakeObject } from './types.js';

/** A timestamp as the API server writes it: RFC 3339, whole seconds. */
export const timestamp = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** `group/version`, or `version` for the core group. */
export function apiVersionOf(type: { group: string }, version: string): string {
  return type.group ? `${type.group}/${version}` : version;
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
