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
 * One entry of `metadata.managedFields`: which manager owns which fields (server-side apply).
 */
export interface ManagedFieldsEntry {
  /** The manager's name (a write's `fieldManager`). */
  manager?: string;
  /** `Apply` or `Update`. */
  operation?: string;
  /** The apiVersion of the fields in `fieldsV1`. */
  apiVersion?: string;
  /** When the manager last changed its fields, RFC 3339. */
  time?: string;
  /** The format of the field set: `FieldsV1`. */
  fieldsType?: string;
  /** The owned fields, as a structured-merge-diff field set. */
  fieldsV1?: Record<string, unknown>;
  /** The subresource the fields were written through (`status`), or empty. */
  subresource?: string;
}

/**
 * Object metadata as JSON, as the API server sends it (`metav1.ObjectMeta`): timestamps are RFC 3339
 * strings, as on the wire (client-node's model classes call them `Date`; they are not).
 */
export interface ObjectMeta {
  /** The object's name, unique per kind and namespace. */
  name?: string;
  /** The namespace (absent for cluster-scoped kinds). */
  namespace?: string;
  /** A prefix the server completes into a unique name on create, when `name` is absent. */
  generateName?: string;
  /** The object's unique id, set by the server. */
  uid?: string;
  /** The version of the object the server holds; a write with a stale one is a conflict. */
  resourceVersion?: string;
  /** The generation of the desired state (spec), raised by the server when it changes. */
  generation?: number;
  /** When the server created the object, RFC 3339 (e.g. `2026-12-01T17:09:03Z`). */
  creationTimestamp?: string;
  /** When a deletion was asked for, RFC 3339; the object goes once its finalizers are gone. */
  deletionTimestamp?: string;
  /** Seconds the object is given to go away gracefully once deletion was asked for. */
  deletionGracePeriodSeconds?: number;
  /** Labels: selectable key/value pairs. */
  labels?: Record<string, string>;
  /** Annotations: non-identifying key/value pairs. */
  annotations?: Record<string, string>;
  /** Finalizers that must be removed before the object is deleted. */
  finalizers?: string[];
  /** The objects this one depends on (garbage collection). */
  ownerReferences?: OwnerReference[];
  /** Which manager owns which fields (server-side apply). */
  managedFields?: ManagedFieldsEntry[];
  /** Deprecated and unset by current servers. */
  selfLink?: string;
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
    /** Set when the server applied a `shardSelector`: it echoes the selector it filtered with. */
    shardInfo?: {
      /** The shard selector the server filtered the list with. */
      selector?: string;
    };
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
