import { type KubeObject, keyOf, parseKey } from '@kubekit/core';

/**
 * What a reconcile is about: one object by namespace and name (no namespace for a cluster-scoped
 * kind). It carries no state on purpose: the reconciler reads the current object itself.
 */
export interface Request {
  /** The object's namespace; `undefined` for a cluster-scoped kind. */
  readonly namespace?: string;
  /** The object's name. */
  readonly name: string;
}

/** The work-queue key of a request: `namespace/name`, or `name` for a cluster-scoped object. */
export function requestKey(request: Request): string {
  return keyOf(request.name, request.namespace);
}

/** The request of a work-queue key made by {@link requestKey}. */
export function requestFromKey(key: string): Request {
  return parseKey(key);
}

/** The request for an object (its namespace and name); `undefined` when it has no name. */
export function requestFor(obj: KubeObject): Request | undefined {
  const name = obj.metadata?.name;
  if (!name) return undefined;
  const namespace = obj.metadata?.namespace;
  return namespace ? { namespace, name } : { name };
}
