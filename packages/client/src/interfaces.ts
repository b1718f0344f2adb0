import type {
  KindDescriptor,
  KindRef,
  KubeObject,
  ObjectList,
  ObjectOf,
  PartialObjectMetadata,
  Selector,
  Status,
  WatchEvent,
} from '@kubekit/core';
import type { FieldValidation } from './options.js';
import type { Patch } from './patch.js';

/** What every call takes. */
export interface RequestOptions {
  /** Cancels the call (and its retries and rate-limit wait); it rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Options of `getRaw`. */
export interface GetRawOptions extends RequestOptions {
  /**
   * The `Accept` header, to ask for another representation of what the path names: e.g.
   * `application/json;as=Table;v=v1;g=meta.k8s.io` for the Table `kubectl get` prints. A header
   * value: no line breaks. @default `application/json, *\/*` (JSON, or the path's own text)
   */
  accept?: string;
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
  /** Only objects whose labels match, e.g. `'app=web,tier!=db'` or `{ app: 'web' }`. @default every object */
  labelSelector?: Selector;
  /** Only objects whose fields match, e.g. `{ 'spec.nodeName': 'node-1' }`. @default every object */
  fieldSelector?: Selector;
  /**
   * Only objects whose metadata hash falls in these ranges (kube-apiserver's alpha `shardSelector`,
   * feature gate `ShardedListAndWatch`), e.g. `shardSelectorString('uid', ranges)` of
   * `@kubekit/core`. A server without the gate ignores it: a list that applied it echoes it in
   * `metadata.shardInfo.selector`. @default none
   */
  shardSelector?: string;
  /** Page size; the answer's `metadata.continue` fetches the next page. @default undefined (everything) */
  limit?: number;
  /** Token from the previous page's `metadata.continue`. */
  continue?: string;
  /**
   * Read at this resourceVersion (with `resourceVersionMatch`); `'0'` lets the server answer from its watch cache.
   * @default the latest (a quorum read)
   */
  resourceVersion?: string;
  /**
   * How `resourceVersion` is matched: exactly, or any version at least as new. @default the server's (`NotOlderThan`
   * for a resourceVersion other than `'0'`)
   */
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
  /**
   * Ask for metadata only (the `Accept` header names `PartialObjectMetadata`): the answer carries
   * `metadata` and no spec or status, typed {@link PartialObjectMetadata}. @default false
   */
  metadataOnly?: boolean;
  /**
   * Leave `metadata.managedFields` out of the objects: the field is cut out of the answer's text
   * before it is parsed, which costs less than parsing it and dropping it (an informer cache that
   * drops managedFields asks for this). @default false (objects as the server sends them)
   */
  dropManagedFields?: boolean;
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
  /** Namespace of a namespaced kind. @default the object's view or the kubeconfig's namespace */
  namespace?: string;
  /** @default the kind's default (Background for most) */
  propagationPolicy?: PropagationPolicy;
  /** Seconds before the object is deleted (0: at once). @default the kind's default */
  gracePeriodSeconds?: number;
  /** Delete only if the object still has this uid / resourceVersion (else `ConflictError`). */
  preconditions?: {
    /** The UID the object must have: a new object of the same name is not deleted. */
    uid?: string;
    /** The resourceVersion the object must have: it was not changed since it was read. */
    resourceVersion?: string;
  };
  /** @default false */
  dryRun?: boolean;
}

/** Options of `deleteAllOf`. */
export interface DeleteAllOfOptions extends RequestOptions {
  /** Namespace of a namespaced kind (required for one, unless the client is a namespaced view). */
  namespace?: string;
  /** Only objects whose labels match. @default every object */
  labelSelector?: Selector;
  /** Only objects whose fields match. @default every object */
  fieldSelector?: Selector;
  /** What happens to the dependents of each deleted object. @default the kind's default (Background for most) */
  propagationPolicy?: PropagationPolicy;
  /** Seconds before each object is deleted (0: at once). @default the kind's default */
  gracePeriodSeconds?: number;
  /** @default false */
  dryRun?: boolean;
}

/** Options of `watch`. */
export interface WatchOptions extends RequestOptions {
  /** @default all namespaces (or the view's namespace) */
  namespace?: string;
  /** Only events of objects whose labels match. @default every object */
  labelSelector?: Selector;
  /** Only events of objects whose fields match. @default every object */
  fieldSelector?: Selector;
  /**
   * Only objects whose metadata hash falls in these ranges (kube-apiserver's alpha `shardSelector`,
   * feature gate `ShardedListAndWatch`), e.g. `shardSelectorString('uid', ranges)` of
   * `@kubekit/core`. A server without the gate ignores it (a list tells: see `ListOptions.shardSelector`). @default none
   */
  shardSelector?: string;
  /** Start after this resourceVersion (from a list); too old gives an `ERROR` event with a `GoneError`. */
  resourceVersion?: string;
  /** Ask for `BOOKMARK` events. @default true */
  allowWatchBookmarks?: boolean;
  /** Server-side timeout of the watch, in seconds. @default the server's (a few minutes) */
  timeoutSeconds?: number;
  /** Start with synthetic `ADDED` events for current objects (needs `resourceVersionMatch: 'NotOlderThan'`). */
  sendInitialEvents?: boolean;
  /** With `sendInitialEvents`: the initial events start from a state at least as new as `resourceVersion`. */
  resourceVersionMatch?: 'NotOlderThan';
  /**
   * Ask for metadata only (the `Accept` header names `PartialObjectMetadata`): the answer carries
   * `metadata` and no spec or status, typed {@link PartialObjectMetadata}. @default false
   */
  metadataOnly?: boolean;
  /**
   * Leave `metadata.managedFields` out of the objects: the field is cut out of the answer's text
   * before it is parsed, which costs less than parsing it and dropping it (an informer cache that
   * drops managedFields asks for this). @default false (objects as the server sends them)
   */
  dropManagedFields?: boolean;
}

/**
 * Reads objects: the smallest capability, for code that only reads. The API-server client, the
 * cache-backed client, the fake client and the informer cache implement it.
 */
export interface Reader {
  /** One object by name; `NotFoundError` when there is none. */
  get<K extends KindRef>(kind: K, name: string, options?: GetOptions): Promise<ObjectOf<K>>;
  /** Objects of a kind (one page when `limit` is set). */
  list<K extends KindRef>(kind: K, options?: ListOptions): Promise<ObjectList<ObjectOf<K>>>;
}

/** Writes objects (the clients implement it; see {@link KubeClient} for the whole client). */
export interface Writer {
  /**
   * Creates the object (its `apiVersion`/`kind` name the kind); returns what the server stored.
   * With `{ kind }`, the body is that descriptor's `encode` of `obj` and the answer is decoded.
   */
  create<K extends KindDescriptor>(obj: ObjectOf<K>, options: CreateOptions & KindOption<K>): Promise<ObjectOf<K>>;
  /** Creates the object (its `apiVersion`/`kind` name the kind); returns what the server stored. */
  create<T extends KubeObject>(obj: T, options?: CreateOptions): Promise<T & KubeObject>;
  /**
   * Replaces the object; a stale `metadata.resourceVersion` is a `ConflictError`. With `{ kind }`,
   * encoded and decoded as by `create`.
   */
  update<K extends KindDescriptor>(obj: ObjectOf<K>, options: UpdateOptions & KindOption<K>): Promise<ObjectOf<K>>;
  /** Replaces the object; a stale `metadata.resourceVersion` is a `ConflictError`. */
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
  /** Replaces the object's status; a stale `metadata.resourceVersion` is a `ConflictError`. */
  update<T extends KubeObject>(obj: T, options?: UpdateOptions): Promise<T & KubeObject>;
  /** Patches the object's status. */
  patch<K extends KindRef>(kind: K, name: string, patch: Patch, options?: PatchOptions): Promise<ObjectOf<K>>;
}

/** Any subresource by name (`scale`, `status`, `eviction`, ...), with its own body type `S`. */
export interface SubResourceClient {
  /** Reads the subresource of the object `name`, e.g. its `scale`. */
  get<S = unknown>(kind: KindRef, name: string, options?: GetOptions): Promise<S>;
  /** Creates the subresource of the object `name` (e.g. an `eviction` of a Pod); resolves to the server's answer. */
  create<S = unknown>(kind: KindRef, name: string, body: object, options?: CreateOptions): Promise<S>;
  /** Replaces the subresource of the object `name` (e.g. a new `scale`); resolves to it as stored. */
  update<S extends object>(
    kind: KindRef,
    name: string,
    body: S,
    options?: UpdateOptions & { namespace?: string },
  ): Promise<S>;
  /** Patches the subresource of the object `name`; resolves to it as stored. */
  patch<S = unknown>(kind: KindRef, name: string, patch: Patch, options?: PatchOptions): Promise<S>;
}

/**
 * A client, whole: what controller-runtime calls `client.Client`. Reads (`get`, `list`, their
 * paged forms), writes (`create`, `update`, `patch`, `apply`, `delete`, `deleteAllOf`), the status
 * and other subresources, `watch`, and namespaced views. `Client` (the API server),
 * `CachedClient` of `@kubekit/cache` (reads from the informer cache, reading its own writes) and
 * `FakeClient` of `@kubekit/testing` (in memory) implement it, so code written against it — a
 * reconciler, a helper — takes any of them, and a unit test passes a `FakeClient`.
 *
 * ```ts
 * async function ensureConfigMap(client: KubeClient, namespace: string): Promise<void> {
 *   await client.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace } });
 * }
 * await ensureConfigMap(mgr.client, 'demo'); // or new Client(...), or await FakeClient.create()
 * ```
 */
export interface KubeClient extends Reader, Writer {
  /** The namespace of a namespaced view (see {@link KubeClient.inNamespace}); `undefined` otherwise. */
  readonly namespace: string | undefined;

  /**
   * A view whose calls default to `namespace` for namespaced kinds (cluster-scoped kinds ignore
   * it); it shares everything else (connections, cache, storage) with this client.
   */
  inNamespace(namespace: string): KubeClient;

  /** One object by name; with `metadataOnly`, its {@link PartialObjectMetadata}. */
  get<K extends KindRef>(
    kind: K,
    name: string,
    options: GetOptions & { metadataOnly: true },
  ): Promise<PartialObjectMetadata>;
  /** One object by name; `NotFoundError` when there is none. */
  get<K extends KindRef>(kind: K, name: string, options?: GetOptions): Promise<ObjectOf<K>>;

  /** Objects of a kind (one page when `limit` is set); with `metadataOnly`, their metadata only. */
  list<K extends KindRef>(
    kind: K,
    options: ListOptions & { metadataOnly: true },
  ): Promise<ObjectList<PartialObjectMetadata>>;
  /** Objects of a kind (one page when `limit` is set). */
  list<K extends KindRef>(kind: K, options?: ListOptions): Promise<ObjectList<ObjectOf<K>>>;

  /** Every page of a list, fetched one after the other with `limit`/`continue`. */
  listPages<K extends KindRef>(
    kind: K,
    options: ListPagesOptions & { metadataOnly: true },
  ): AsyncGenerator<ObjectList<PartialObjectMetadata>, void, undefined>;
  /** Every page of a list, fetched one after the other with `limit`/`continue`. */
  listPages<K extends KindRef>(
    kind: K,
    options?: ListPagesOptions,
  ): AsyncGenerator<ObjectList<ObjectOf<K>>, void, undefined>;

  /** Every object of a list, page by page (see {@link KubeClient.listPages}). */
  listAll<K extends KindRef>(kind: K, options?: ListPagesOptions): AsyncGenerator<ObjectOf<K>, void, undefined>;

  /**
   * Server-side apply of `obj` (a partial object with `apiVersion`, `kind` and `metadata.name`):
   * the fields it names become owned by `fieldManager`. With `{ kind }`, encoded and decoded as by
   * {@link Writer.create}.
   */
  apply<K extends KindDescriptor>(obj: ObjectOf<K>, options: PatchOptions & KindOption<K>): Promise<ObjectOf<K>>;
  /**
   * Server-side apply of `obj` (a partial object with `apiVersion`, `kind` and `metadata.name`): the fields it names
   * become owned by `fieldManager`.
   */
  apply<T extends KubeObject>(obj: T, options?: PatchOptions): Promise<T & KubeObject>;

  /**
   * Deletes the object; `NotFoundError` when there is none. Resolves to the server's answer: the
   * object as deleted, the object still there with `metadata.deletionTimestamp` when finalizers or
   * a grace period hold it, or a `Status` (`isStatus(answer)`) for kinds whose storage answers one.
   */
  delete(kind: KindRef, name: string, options?: DeleteOptions): Promise<KubeObject | Status>;

  /**
   * Deletes every matching object of a kind in one namespace. Resolves to the server's answer: the
   * list of the objects deleted (or marked for deletion), or a `Status`.
   */
  deleteAllOf(kind: KindRef, options?: DeleteAllOfOptions): Promise<ObjectList<KubeObject> | Status>;

  /**
   * Watches a kind: typed events (`ADDED`, `MODIFIED`, `DELETED`, `BOOKMARK`, `ERROR`). The
   * iteration ends when the watch closes, when `signal` aborts, or when the caller breaks out.
   */
  watch<K extends KindRef>(
    kind: K,
    options: WatchOptions & { metadataOnly: true },
  ): AsyncGenerator<WatchEvent<PartialObjectMetadata>>;
  /**
   * Watches a kind: typed events; the iteration ends when the watch closes, `signal` aborts, or the caller breaks out.
   */
  watch<K extends KindRef>(kind: K, options?: WatchOptions): AsyncGenerator<WatchEvent<ObjectOf<K> & KubeObject>>;

  /** The `status` subresource. */
  status(): StatusWriter;

  /** Any subresource by name (`scale`, `eviction`, ...): `client.subResource('scale').get(kind, name)`. */
  subResource(subresource: string): SubResourceClient;
}
