/** An owner reference, as JSON. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/**
 * Object metadata as the API server sends it. Only the fields kubekit reads are declared, so any
 * richer metadata type fits (client-node's `V1ObjectMeta`, `@kubekit/crd`'s); timestamps are left
 * out on purpose: on the wire they are RFC 3339 strings, while client-node's models call them `Date`.
 */
export interface ObjectMeta {
  name?: string;
  namespace?: string;
  generateName?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
}

/** Any Kubernetes object as plain JSON: what every typed object of a kind extends. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

/** A list answer: `items` plus the list's `metadata` (resourceVersion, continue token). */
export interface ObjectList<T> {
  apiVersion?: string;
  kind?: string;
  metadata: {
    /** The collection's resourceVersion: where a watch should start. */
    resourceVersion?: string;
    /** Token for the next page; absent or empty on the last page. */
    continue?: string;
    /** Estimated objects left after this page, when the server knows. */
    remainingItemCount?: number;
    /** Set when the server applied a `shardSelector`: it echoes the selector it filtered with. */
    shardInfo?: { selector?: string };
  };
  items: T[];
}

/**
 * An object as the API server sends it when only metadata is asked for (`metadataOnly`): apiVersion
 * `meta.k8s.io/v1`, kind `PartialObjectMetadata`, and the object's full `metadata`; no spec, no status.
 */
export interface PartialObjectMetadata extends KubeObject {
  metadata: ObjectMeta;
}

/** An object of unknown kind: plain JSON with `apiVersion`, `kind` and `metadata`. */
export interface UnstructuredObject extends KubeObject {
  [field: string]: unknown;
}

/**
 * Gives every item of a list answer the `apiVersion` and `kind` it lacks: kube-apiserver sends the
 * items of built-in lists without them (only the list has them), while objects from a get or a
 * watch carry them. They come from the list (its `apiVersion`, and its `kind` without the `List`
 * suffix: `ConfigMapList` -> `ConfigMap`), else from `fallback`. Items that name their own are left
 * alone. The items are changed in place, not copied: call it on a list fresh from the wire.
 */
export function setListItemKinds(
  list: { apiVersion?: string; kind?: string; items?: readonly KubeObject[] },
  fallback?: { readonly apiVersion: string; readonly kind: string },
): void {
  const items = list.items;
  if (!items || items.length === 0) return;
  let apiVersion = list.apiVersion;
  let kind = list.kind?.endsWith('List') ? list.kind.slice(0, -4) : undefined;
  if (!apiVersion || !kind) {
    if (!fallback) return;
    ({ apiVersion, kind } = fallback);
  }
  for (const item of items) {
    if (!item.apiVersion) item.apiVersion = apiVersion;
    if (!item.kind) item.kind = kind;
  }
}
