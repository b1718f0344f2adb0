import type { ObjectMeta, OwnerReference } from '@kubekit/core';

/** Object metadata as the fake API server stores it: the client's `ObjectMeta` plus what the server keeps. */
export interface FakeObjectMeta extends ObjectMeta {
  /** When the server created the object (RFC 3339, second precision). */
  creationTimestamp?: string;
  /** When a deletion was asked for; set while finalizers or a grace period hold the object. */
  deletionTimestamp?: string;
  /** The grace period of the pending deletion, in seconds. */
  deletionGracePeriodSeconds?: number;
  [key: string]: unknown;
}

/** An owner reference, as far as garbage collection reads it (the client's type). */
export type FakeOwnerReference = OwnerReference;

/** Any Kubernetes object in its JSON form. */
export interface FakeObject {
  /** The kind's group and version, e.g. `apps/v1`. */
  apiVersion?: string;
  /** The kind, e.g. `Deployment`. */
  kind?: string;
  /** Name, namespace, labels and the rest. */
  metadata?: FakeObjectMeta;
  [key: string]: unknown;
}

/** A stored object: metadata is always there, with name and resourceVersion. */
export interface StoredObject extends FakeObject {
  /** The kind's group and version, always set. */
  apiVersion: string;
  /** The kind, always set. */
  kind: string;
  /** Metadata with the fields every stored object has. */
  metadata: FakeObjectMeta & {
    /** The object's name. */
    name: string;
    /** The UID the storage gave the object. */
    uid: string;
    /** The version of the object, as the storage counts them. */
    resourceVersion: string;
  };
}

/** Names a resource the engine serves: group, version and plural (`''` is the core group). */
export interface GroupVersionResource {
  /** The API group; `''` for the core group. */
  group: string;
  /** The version, e.g. `v1`. */
  version: string;
  /** The resource (plural), e.g. `configmaps`. */
  resource: string;
}

/** A watch event, discriminated on `type`, as it goes over the wire. */
export type FakeWatchEvent =
  | {
      /** The object was created, changed or deleted. */
      type: 'ADDED' | 'MODIFIED' | 'DELETED';
      /** The object as it is now (for `DELETED`: its last state). */
      object: StoredObject;
    }
  | {
      /** The watch has seen everything up to the object's resourceVersion. */
      type: 'BOOKMARK';
      /** An object with only `metadata.resourceVersion` (and annotations) set. */
      object: FakeObject;
    }
  | {
      /** The watch failed. */
      type: 'ERROR';
      /** The `Status` of the failure (410 Expired for a resourceVersion too old). */
      object: FakeObject;
    };

/** Reads the current time in milliseconds; inject one to control timestamps in tests. */
export interface FakeClock {
  /** The current time, in milliseconds since the epoch. */
  now(): number;
}
