import type { ObjectMeta as ClientObjectMeta } from '@kubekit/client';
import { z } from 'zod';

/**
 * The metadata every Kubernetes object has, as far as kubekit's validators look at it: the client's
 * `ObjectMeta` plus the timestamps (RFC 3339 strings on the wire) and whatever else the server sends.
 */
export interface ObjectMeta extends ClientObjectMeta {
  creationTimestamp?: string;
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
 * What the client and cache need to know about a kind: where it is served and how to check and
 * decode its objects. `T` is the object as the program sees it.
 */
export interface ResourceDescriptor<T> {
  /** `group/version`, or just `version` for the core group (e.g. `v1`). */
  readonly apiVersion: string;
  readonly kind: string;
  /** The API group; `''` for the core group. */
  readonly group: string;
  readonly version: string;
  /** The resource name in URLs, e.g. `widgets`. */
  readonly plural: string;
  readonly namespaced: boolean;
  readonly scope: 'Namespaced' | 'Cluster';
  /** The zod schema of a whole object as the program sees it. */
  readonly schema: z.ZodType<T>;
  /**
   * Checks an object read from the API server and returns it typed, with defaults filled in and
   * undeclared fields dropped.
   * @throws CrdError `InvalidObject` (its `cause` is the ZodError) when it does not match.
   */
  parse(obj: unknown): T;
  /** {@link ResourceDescriptor.parse} without throwing. */
  safeParse(obj: unknown): z.ZodSafeParseResult<T>;
  /** The object in its wire form, to send to the API server (identity for custom resources). */
  encode(obj: T): Record<string, unknown>;
}
