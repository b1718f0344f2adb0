import type { InformerEvent } from '@kubekit/cache';
import type { KubeObject } from '@kubekit/core';

/** Decides whether a watch event goes on to the event handler (and so may trigger a reconcile). */
export type Predicate<T extends KubeObject = KubeObject> = (event: InformerEvent<T>) => boolean;

/** A predicate on the object alone, for every event type (on an update: the new state). */
export function objectPredicate<T extends KubeObject = KubeObject>(test: (object: T) => boolean): Predicate<T> {
  return (event) => test(event.object);
}

/** Passes events every one of `predicates` passes (all of none: every event). */
export function and<T extends KubeObject = KubeObject>(...predicates: Predicate<T>[]): Predicate<T> {
  return (event) => predicates.every((p) => p(event));
}

/** Passes events at least one of `predicates` passes (one of none: no event). */
export function or<T extends KubeObject = KubeObject>(...predicates: Predicate<T>[]): Predicate<T> {
  return (event) => predicates.some((p) => p(event));
}

/** Passes the events `predicate` drops. */
export function not<T extends KubeObject = KubeObject>(predicate: Predicate<T>): Predicate<T> {
  return (event) => !predicate(event);
}
