import type { ObjectMeta, OwnerReference } from '@kubekit/core';

/** Object metadata as the fake API server stores it: the client's `ObjectMeta` plus what the server keeps. */
export interface FakeObjectMeta extends ObjectMeta {
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  [key: string]: unknown;
}

/** An owner reference, as far as garbage collection reads it (the client's type). */
export type FakeOwnerReference = OwnerReference;

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
