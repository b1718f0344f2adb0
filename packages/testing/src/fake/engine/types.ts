/** Object metadata as the fake API server stores it (the wire form, plain JSON). */
export interface FakeObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: FakeOwnerReference[];
  [key: string]: unknown;
}

/** An owner reference, as far as garbage collection reads it. */
export interface FakeOwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** Any Kubernetes object in its JSON form. */
export interface FakeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: FakeObjectMeta;
  [key: string]: unknown;
}

/** A stored object: metadata is always there, with name and resourceVersion. */
export interface StoredObject extends FakeObject {
  apiVersion: string;
  kind: string;
  metadata: FakeObjectMeta & { name: string; uid: string; resourceVersion: string };
}

/** Names a resource the engine serves: group, version and plural (`''` is the core group). */
export interface GroupVersionResource {
  group: string;
  version: string;
  resource: string;
}

/** A watch event, discriminated on `type`, as it goes over the wire. */
export type FakeWatchEvent =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: StoredObject }
  | { type: 'BOOKMARK'; object: FakeObject }
  | { type: 'ERROR'; object: FakeObject };

/** Reads the current time in milliseconds; inject one to control timestamps in tests. */
export interface FakeClock {
  now(): number;
}
