/** An owner reference, as JSON. */
export interface OwnerReference {
  /** The owner's `apiVersion`, e.g. `apps/v1`. */
  apiVersion: string;
  /** The owner's kind, e.g. `Deployment`. */
  kind: string;
  /** The owner's name; owners are in the same namespace as the object (or cluster-scoped). */
  name: string;
  /** The owner's UID: a new object of the same name is not the owner. */
  uid: string;
  /** Whether this owner is the managing controller; at most one reference is. */
  controller?: boolean;
  /** Whether a foreground deletion of the owner waits for this object to be deleted first. */
  blockOwnerDeletion?: boolean;
}

/**
 * Object metadata as the API server sends it. Only the fields kubekit reads are declared, so any
 * richer metadata type fits (client-node's `V1ObjectMeta`, `@kubekit/crd`'s); timestamps are left
 * out on purpose: on the wire they are RFC 3339 strings, while client-node's models call them `Date`.
 */
export interface ObjectMeta {
  /** The object's name, unique per kind and namespace. */
  name?: string;
  /** The namespace of a namespaced object; absent for cluster-scoped ones. */
  namespace?: string;
  /** A prefix the server completes with random characters when `name` is empty (on create). */
  generateName?: string;
  /** The server-assigned unique ID, different for each object ever created under a name. */
  uid?: string;
  /** The version of the object the server has: updates send it back for optimistic concurrency. */
  resourceVersion?: string;
  /** A number the server increases on each change of the desired state (usually `spec`). */
  generation?: number;
  /** Labels: what selectors match. */
  labels?: Record<string, string>;
  /** Annotations: free-form strings for tools, not selectable. */
  annotations?: Record<string, string>;
  /** Names of the finalizers that must be removed before the server deletes the object. */
  finalizers?: string[];
  /** The objects this one belongs to; garbage collection deletes it with its owners. */
  ownerReferences?: OwnerReference[];
}

/** Any Kubernetes object as plain JSON: what every typed object of a kind extends. */
export interface KubeObject {
  /** The kind's group and version, e.g. `apps/v1` or `v1`. */
  apiVersion?: string;
  /** The kind, e.g. `Deployment`. */
  kind?: string;
  /** Name, namespace, labels and the other metadata. */
  metadata?: ObjectMeta;
}

/** A list answer: `items` plus the list's `metadata` (resourceVersion, continue token). */
export interface ObjectList<T> {
  /** The list's group and version. */
  apiVersion?: string;
  /** The list's kind, e.g. `ConfigMapList`. */
  kind?: string;
  /** Where the list was read at, and how to read the next page. */
  metadata: {
    /** The collection's resourceVersion: where a watch should start. */
    resourceVersion?: string;
    /** Token for the next page; absent or empty on the last page. */
    continue?: string;
    /** Estimated objects left after this page, when the server knows. */
    remainingItemCount?: number;
  };
  /** The objects; kubekit sets each item's `apiVersion` and `kind` from the list. */
  items: T[];
}

/**
 * An object as the API server sends it when only metadata is asked for (`metadataOnly`): apiVersion
 * `meta.k8s.io/v1`, kind `PartialObjectMetadata`, and the object's full `metadata`; no spec, no status.
 */
export interface PartialObjectMetadata extends KubeObject {
  /** The object's full metadata. */
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
