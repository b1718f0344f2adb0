import type { ObjectMeta as ClientObjectMeta, KindDescriptor, KubeObject, UnstructuredObject } from '@kubekit/core';
import { z } from 'zod';

/**
 * The metadata every Kubernetes object has, as far as kubekit's validators look at it: the client's
 * `ObjectMeta` plus the timestamps (RFC 3339 strings on the wire) and whatever else the server sends.
 */
export interface ObjectMeta extends ClientObjectMeta {
  /** When the server created the object (RFC 3339, e.g. `2026-01-02T03:04:05Z`). */
  creationTimestamp?: string;
  /** When a deletion was asked for; set while finalizers or a grace period hold the object. */
  deletionTimestamp?: string;
  [key: string]: unknown;
}

/** The metadata schema of every descriptor: what is declared is checked, the rest kept as it is. */
export const objectMetaSchema = z.looseObject({
  name: z.string().optional(),
  namespace: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
}) as unknown as z.ZodType<ObjectMeta>;

/**
 * What the client and cache need to know about a kind: where it is served, and how its objects
 * turn from the form the API server keeps into the form the program sees (`decode`) and back
 * (`encode`) — the client's one {@link KindDescriptor} contract, which every client and the cache
 * apply on reads and writes. `T` is the object as the program sees it.
 */
export interface ResourceDescriptor<T extends KubeObject> extends KindDescriptor<T> {
  /** `group/version`, or just `version` for the core group (e.g. `v1`). */
  readonly apiVersion: string;
  /** The kind, e.g. `Widget`. */
  readonly kind: string;
  /** The API group; `''` for the core group. */
  readonly group: string;
  /** The version, e.g. `v1`. */
  readonly version: string;
  /** The resource name in URLs, e.g. `widgets`. */
  readonly plural: string;
  /** Whether objects live in a namespace (`scope` is `Namespaced`). */
  readonly namespaced: boolean;
  /** Whether objects live in a namespace or the cluster. */
  readonly scope: 'Namespaced' | 'Cluster';
  /** The zod schema of a whole object as the program sees it. */
  readonly schema: z.ZodType<T>;
  /**
   * Checks an object as the API server sends it and returns it typed, with defaults filled in and
   * undeclared fields dropped (a view also turns its `data` from strings or base64 into values).
   * @throws CrdError `InvalidObject` when it does not match: `path` names the first field that does
   *   not, `cause` is the ZodError (through a client, a `CodecError` naming the object wraps it).
   */
  decode(obj: unknown): T;
  /**
   * The object in its wire form, to send to the API server: identity for custom resources; a view
   * turns its `data` values back into strings (base64 for a Secret). Takes partial objects too
   * (the body of an apply or a merge patch): only the fields present are encoded.
   * @throws CrdError `InvalidObject` when a value cannot be encoded.
   */
  encode(obj: T): UnstructuredObject;
}
