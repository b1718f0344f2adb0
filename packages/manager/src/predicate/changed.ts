import type { KubeObject } from '@kubekit/core';
import type { Predicate } from './predicate.js';

function changed<T extends KubeObject>(value: (obj: T) => unknown): Predicate<T> {
  return (event) => event.type !== 'update' || !equal(value(event.oldObject), value(event.object));
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length && ka.every((k) => (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k])
  );
}

/**
 * Passes creates, deletes, and updates that changed `metadata.generation` — spec changes, not
 * status or metadata-only ones. (Resyncs and status writes are dropped.)
 */
export function generationChanged<T extends KubeObject = KubeObject>(): Predicate<T> {
  return changed((o) => o.metadata?.generation);
}

/** Passes creates, deletes, and updates that changed the labels. */
export function labelsChanged<T extends KubeObject = KubeObject>(): Predicate<T> {
  return changed((o) => o.metadata?.labels ?? {});
}

/** Passes creates, deletes, and updates that changed the annotations. */
export function annotationsChanged<T extends KubeObject = KubeObject>(): Predicate<T> {
  return changed((o) => o.metadata?.annotations ?? {});
}

/** Passes creates, deletes, and updates that changed `metadata.resourceVersion` (drops resyncs). */
export function resourceVersionChanged<T extends KubeObject = KubeObject>(): Predicate<T> {
  return changed((o) => o.metadata?.resourceVersion);
}
