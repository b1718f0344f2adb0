/**
 * Object keys: one format for "which object" everywhere kubekit keys objects by name (store keys,
 * work-queue keys of reconcile requests): `namespace/name`, or `name` for a cluster-scoped object.
 */
import type { KubeObject } from './object.js';

/** The key of an object: `namespace/name`, or `name` for a cluster-scoped object. */
export function objectKey(obj: KubeObject): string {
  const name = obj.metadata?.name ?? '';
  const namespace = obj.metadata?.namespace;
  return namespace ? `${namespace}/${name}` : name;
}

/** The key for a name and an optional namespace (see {@link objectKey}). */
export function keyOf(name: string, namespace?: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/**
 * The namespace and name of a key made by {@link keyOf} or {@link objectKey}: `{ namespace, name }`
 * for `namespace/name`, `{ name }` for a key without a slash.
 */
export function parseKey(key: string): {
  /** The part before the slash; absent for a key without one. */
  namespace?: string;
  /** The part after the slash, or the whole key. */
  name: string;
} {
  const slash = key.indexOf('/');
  return slash < 0 ? { name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
