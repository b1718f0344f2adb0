import type {
  KindDescriptor,
  KindRef,
  KubeObject,
  ObjectList,
  ObjectOf,
  PartialObjectMetadata,
  Selector,
} from '@kubekit/core';
import type { FieldValidation } from './options.js';
import type { Patch } from './patch.js';

/** What every call takes. */
export interface RequestOptions {
  /** Cancels the call (and its retries and rate-limit wait); it rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Options of `get`. */
export interface GetOptions extends RequestOptions {
  /** Namespace of a namespaced kind (required for one, unless the client is a namespaced view). */
  namespace?: string;
  /** `"0"` allows an answer from the server's cache. @default undefined (a quorum read) */
  resourceVersion?: string;
  /**
   * Ask for metadata only (the `Accept` header names `PartialObjectMetadata`): the answer carries
   * `metadata` and no spec or status, typed {@link PartialObjectMetadata}. @default false
   */
  metadataOnly?: boolean;
}

/** Options of `list`. */
export interface ListOptions extends RequestOptions {
  /** Namespace to list in. @default all namespaces (or the view's namespace) */
  namespace?: string;
  labelSelector?: Selector;
  fieldSelector?: Selector;
  /** Page size; the answer's `metadata.continue` fetches the next page. @default undefined (everything) */
  limit?: number;
  /** Token from the previous page's `metadata.continue`. */
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
  /**
   * Ask for metadata only (the `Accept` header names `PartialObjectMetadata`): the answer carries
   * `metadata` and no spec or status, typed {@link PartialObjectMetadata}. @default false
   */
  metadataOnly?: boolean;
}

/** Options of `listPages` / `listAll`. */
export interface ListPagesOptions extends Omit<ListOptions, 'limit' | 'continue'> {
  /** Objects per page. @default 500 */
  pageSize?: number;
}

/** Options every write takes. */
export interface WriteOptions extends RequestOptions {
  /** Validate and admit, but persist nothing (`dryRun=All`). @default false */
  dryRun?: boolean;
  /** Who makes the change. @default the client's `fieldManager` */
  fieldManager?: string;
  /** How the server treats unknown or duplicate fields. @default the client's `fieldValidation` */
  fieldValidation?: FieldValidation;
}

/**
 * The `kind` option of the writes that take an object (`create`, `update`, `apply`,
 * `status().update`): `client.update(obj, { kind: AppConfig })`. Without it, the body is sent as
 * given and the answer returned as the server sent it.
 */
export interface KindOption<K extends KindDescriptor = KindDescriptor> {
  /**
   * The descriptor of the object's kind: its `encode` turns the body into the wire form and its
   * `decode` turns the answer back (see `KindDescriptor`); the object must be of its type. A typed
   * view (`defineSecret`, `defineConfigMap`) must be named here: the object's `apiVersion` and
   * `kind` only say `Secret`.
   */
  kind: K;
}

/** Options of `create`. */
export interface CreateOptions extends WriteOptions {
  /** Namespace, when the object does not carry one in `metadata.namespace`. */
  namespace?: string;
}

/** Options of `update`. */
export interface UpdateOptions extends WriteOptions {
  /**
   * Allows an update without `metadata.resourceVersion` (last write wins). Without it such an update
   * is refused before sending, since it would silently overwrite concurrent changes. @default false
   */
  unconditional?: boolean;
}

/** Options of `patch` and `apply`. */
export interface PatchOptions extends WriteOptions {
  /** Namespace of a namespaced kind. */
  namespace?: string;
  /** Server-side apply only: take over fields other managers own. @default false */
  force?: boolean;
}

/** What deletion does with dependents. */
export type PropagationPolicy = 'Foreground' | 'Background' | 'Orphan';

/** Options of `delete`. */
export interface DeleteOptions extends RequestOptions {
  namespace?: string;
  /** @default the kind's default (Background for most) */
  propagationPolicy?: PropagationPolicy;
  /** Seconds before the object is deleted (0: at once). @default the kind's default */
  gracePeriodSeconds?: number;
  /** Delete only if the object still has this uid / resourceVersion (else `ConflictError`). */
  preconditions?: { uid?: string; resourceVersion?: string };
  /** @default false */
  dryRun?: boolean;
}

/** Options of `deleteAllOf`. */
export interface DeleteAllOfOptions extends RequestOptions {
  /** Namespace of a namespaced kind (required for one, unless the client is a namespaced view). */
  namespace?: string;
  labelSelector?: Selector;
  fieldSelector?: Selector;
  propagationPolicy?: PropagationPolicy;
  gracePeriodSeconds?: number;
  /** @default false */
  dryRun?: boolean;
}

/** Options of `watch`. */
export interface WatchOptions extends RequestOptions {
  /** @default all namespaces (or the view's namespace) */
  namespace?: string;
  labelSelector?: Selector;
  fieldSelector?: Selector;
  /** Start after this resourceVersion (from a list); too old gives an `ERROR` event with a `GoneError`. */
  resourceVersion?: string;
  /** Ask for `BOOKMARK` events. @default true */
  allowWatchBookmarks?: boolean;
  /** Server-side timeout of the watch, in seconds. @default the server's (a few minutes) */
  timeoutSeconds?: number;
  /** Start with synthetic `ADDED` events for current objects (needs `resourceVersionMatch: 'NotOlderThan'`). */
  sendInitialEvents?: boolean;
  resourceVersionMatch?: 'NotOlderThan';
  /**
   * Ask for metadata only (the `Accept` header names `PartialObjectMetadata`): the answer carries
   * `metadata` and no spec or status, typed {@link PartialObjectMetadata}. @default false
   */
  metadataOnly?: boolean;
}

/** Reads objects. The API-server client, the cache-backed client and the fake client implement it. */
export interface Reader {
  /** One object by name; `NotFoundError` when there is none. */
  get<K extends KindRef>(kind: K, name: string, options?: GetOptions): Promise<ObjectOf<K>>;
  /** Objects of a kind (one page when `limit` is set). */
  list<K extends KindRef>(kind: K, options?: ListOptions): Promise<ObjectList<ObjectOf<K>>>;
}

/** Writes objects. */
export interface Writer {
  /**
   * Creates the object (its `apiVersion`/`kind` name the kind); returns what the server stored.
   * With `{ kind }`, the body is that descriptor's `encode` of `obj` and the answer is decoded.
   */
  create<K extends KindDescriptor>(obj: ObjectOf<K>, options: CreateOptions & KindOption<K>): Promise<ObjectOf<K>>;
  create<T extends KubeObject>(obj: T, options?: CreateOptions): Promise<T & KubeObject>;
  /**
   * Replaces the object; a stale `metadata.resourceVersion` is a `ConflictError`. With `{ kind }`,
   * encoded and decoded as by `create`.
   */
  update<K extends KindDescriptor>(obj: ObjectOf<K>, options: UpdateOptions & KindOption<K>): Promise<ObjectOf<K>>;
  update<T extends KubeObject>(obj: T, options?: UpdateOptions): Promise<T & KubeObject>;
  /**
   * Patches the object; returns it as stored. A `merge`, `strategic` or `apply` body goes through
   * the kind's `encode` (a `json` patch is sent as given: its values are in the wire form).
   */
  patch<K extends KindRef>(kind: K, name: string, patch: Patch, options?: PatchOptions): Promise<ObjectOf<K>>;
  /**
   * Deletes the object; `NotFoundError` when there is none (see `ignoreNotFound`). Implementations
   * that talk to a server resolve to its answer (`Client.delete`: the object as deleted, or still
   * terminating, or a `Status`); others to nothing.
   */
  delete(kind: KindRef, name: string, options?: DeleteOptions): Promise<unknown>;
  /** Deletes every object of a kind that matches the selectors, in one namespace (resolves like `delete`). */
  deleteAllOf(kind: KindRef, options?: DeleteAllOfOptions): Promise<unknown>;
}

/** Writes the `status` subresource (changes to anything else in the object are ignored by the server). */
export interface StatusWriter {
  /**
   * Replaces the object's status; a stale `metadata.resourceVersion` is a `ConflictError`. With
   * `{ kind }`, encoded and decoded as by `Writer.create`.
   */
  update<K extends KindDescriptor>(obj: ObjectOf<K>, options: UpdateOptions & KindOption<K>): Promise<ObjectOf<K>>;
  update<T extends KubeObject>(obj: T, options?: UpdateOptions): Promise<T & KubeObject>;
  /** Patches the object's status. */
  patch<K extends KindRef>(kind: K, name: string, patch: Patch, options?: PatchOptions): Promise<ObjectOf<K>>;
}

/** Any subresource by name (`scale`, `status`, `eviction`, ...), with its own body type `S`. */
export interface SubResourceClient {
  get<S = unknown>(kind: KindRef, name: string, options?: GetOptions): Promise<S>;
  create<S = unknown>(kind: KindRef, name: string, body: object, options?: CreateOptions): Promise<S>;
  update<S extends object>(
    kind: KindRef,
    name: string,
    body: S,
    options?: UpdateOptions & { namespace?: string },
  ): Promise<S>;
  patch<S = unknown>(kind: KindRef, name: string, patch: Patch, options?: PatchOptions): Promise<S>;
}
