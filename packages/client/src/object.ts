import type { KubernetesObject } from '@kubernetes/client-node';

/** Any Kubernetes object as plain JSON (client-node's interface; no model classes). */
export type KubeObject = KubernetesObject;

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
  };
  items: T[];
}

/** An object of unknown kind: plain JSON with `apiVersion`, `kind` and `metadata`. */
export interface UnstructuredObject extends KubernetesObject {
  [field: string]: unknown;
}
