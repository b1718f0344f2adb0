import type {
  Client,
  CreateOptions,
  DeleteAllOfOptions,
  DeleteOptions,
  GetOptions,
  KindOption,
  KubeClient,
  ListOptions,
  ListPagesOptions,
  Patch,
  PatchOptions,
  Reader,
  RestMapper,
  StatusWriter,
  SubResourceClient,
  UpdateOptions,
  WatchOptions,
} from '@kubekit/client';
import {
  findReason,
  gvkKey,
  gvkOf,
  isForbidden,
  isNotFound,
  isStatus,
  type KindDescriptor,
  type KindRef,
  type KubeObject,
  NotFoundError,
  type ObjectList,
  type ObjectOf,
  type PartialObjectMetadata,
  type Status,
  type WatchEvent,
} from '@kubekit/core';
import { wireKind } from '@kubekit/core/internal';
import { decodeStored } from '../cache/decodeStored.js';
import { CachedClientMetrics } from './cachedClientMetrics.js';
import {
  type CachedClientOptions,
  type ResolvedCachedClientOptions,
  resolveCachedClientOptions,
} from './cachedClientOptions.js';
import { DirectReads } from './directRead.js';
import { DirectReadCache } from './directReadCache.js';
import { callNamespace, type Scope } from './namespace.js';
import { ReadRouter, serverRoute } from './readRoute.js';
import { ReadYourWrites } from './readYourWrites.js';

/** Options of {@link CachedClient.get}: the client's, plus `live`. */
export interface CachedGetOptions extends GetOptions {
  /** Read from the API server, not the cache (nor the direct-read cache). @default false */
  live?: boolean;
}

/** Options of {@link CachedClient.list}: the client's, plus `live` and `exactFieldSelector`. */
export interface CachedListOptions extends ListOptions {
  /** Read from the API server, not the cache (nor the direct-read cache). @default false */
  live?: boolean;
  /**
   * A `fieldSelector` term the cache has no index for sends the list to the API server.
   * @default the client's `exactFieldSelectors`
   */
  exactFieldSelector?: boolean;
}

/** What the views of one cached client share. */
interface Shared {
  readonly options: ResolvedCachedClientOptions;
  /** Cache or server, and why. */
  readonly router: ReadRouter;
  /** What this client wrote, waited for before cached reads. */
  readonly readYourWrites: ReadYourWrites;
  /** The short-lived cache of direct reads; `undefined` when off. */
  readonly directCache: DirectReadCache | undefined;
  readonly metrics: CachedClientMetrics;
}

/**
 * Handed from {@link CachedClient.inNamespace} to the constructor, which takes it at once: views
 * are made here, in this module, and the public constructor takes only {@link CachedClientOptions}.
 */
let viewOf: { shared: Shared; namespace: string } | undefined;

/**
 * The client a controller uses: reads (`get`, `list`) come from the informer cache, writes go to
 * the API server — controller-runtime's delegating client — plus read-your-writes: after a write
 * through this client, a cached read of that object (or a list of its kind) waits, bounded by
 * `readYourWritesTimeoutMs`, until the informer has seen the write, and a delete makes cached gets
 * answer `NotFound` at once. Typed and unstructured kinds are cached alike; the informer of a kind
 * starts on its first read (a strict cache refuses with `MissingInformerError` instead).
 *
 * Reads go to the API server instead when the kind is `uncached`, when its informer is refused
 * (403: a warning, once), when the caller asks `{ live: true }`, when options need the server
 * (`limit`, `continue`, a `resourceVersion`), for an exact field selector without an index, and
 * when the informer does not catch up in time. Direct reads of uncached kinds are kept briefly
 * (`directReadCache`). See docs/client.md ("Cached reads") for the exact promise.
 *
 * It implements `KubeClient`, and is composed of parts that each do one thing: `ReadRouter`
 * decides cache or server and why, `ReadYourWrites` waits for the informer and hides deleted
 * objects, `DirectReads` is the one path of reads to the server, and `callNamespace`
 * is the one namespace rule. This class wires them and forwards writes.
 *
 * ```ts
 * const cache = new InformerCache({ client });
 * void cache.start(signal);
 * const c = new CachedClient({ client, cache });
 * const w = await c.get(Widget, 'w1', { namespace: 'demo' }); // from the cache
 * await c.update({ ...w, spec: { ...w.spec, size: 2 } }); // to the API server
 * (await c.get(Widget, 'w1', { namespace: 'demo' })).spec?.size; // 2: waits for the informer
 * ```
 */
export class CachedClient implements KubeClient {
  /** The namespace of a namespaced view (see {@link CachedClient.inNamespace}); `undefined` otherwise. */
  readonly namespace: string | undefined;
  /** Hits, misses, fallbacks by reason and read-your-writes waits; shared by every view of this client. */
  readonly metrics: CachedClientMetrics;
  /** Reads that always go to the API server (no cache, no direct-read cache, no counting). */
  readonly apiReader: Reader;
  readonly #shared: Shared;
  /** The underlying client, viewed in this view's namespace. */
  readonly #client: Client;
  /** Reads sent to the API server, through this view's client. */
  readonly #direct: DirectReads;

  constructor(options: CachedClientOptions) {
    const view = viewOf;
    viewOf = undefined;
    if (view) {
      this.#shared = view.shared;
      this.namespace = view.namespace;
      this.#client = view.shared.options.client.inNamespace(view.namespace);
    } else {
      const resolved = resolveCachedClientOptions(options);
      const { cache, clock, directReadCache } = resolved;
      const metrics = new CachedClientMetrics();
      this.#shared = {
        options: resolved,
        router: new ReadRouter({
          uncached: resolved.uncached,
          cache,
          exactFieldSelectors: resolved.exactFieldSelectors,
        }),
        readYourWrites: new ReadYourWrites({
          enabled: resolved.readYourWrites,
          cache,
          clock,
          timeoutMs: resolved.readYourWritesTimeoutMs,
          logger: resolved.logger,
          metrics,
        }),
        directCache: directReadCache ? new DirectReadCache({ ...directReadCache, clock }) : undefined,
        metrics,
      };
      this.namespace = undefined;
      this.#client = resolved.client;
    }
    this.metrics = this.#shared.metrics;
    this.#direct = new DirectReads({ client: this.#client, cache: this.#shared.directCache, metrics: this.metrics });
    this.apiReader = this.#client;
  }

  /**
   * A view whose calls default to `namespace` for namespaced kinds, like `Client.inNamespace`. It
   * shares the cache, read-your-writes state, direct-read cache and metrics with this client.
   */
  inNamespace(namespace: string): CachedClient {
    viewOf = { shared: this.#shared, namespace };
    return new CachedClient(this.#shared.options);
  }

  /** The REST mapper (discovery cache) of the underlying client. */
  get restMapper(): RestMapper {
    return this.#client.restMapper;
  }

  /** One object by name, from the cache (see the class comment for when it reads directly). */
  get<K extends KindRef>(
    kind: K,
    name: string,
    options: CachedGetOptions & { metadataOnly: true },
  ): Promise<PartialObjectMetadata>;
  get<K extends KindRef>(kind: K, name: string, options?: CachedGetOptions): Promise<ObjectOf<K>>;
  async get<K extends KindRef>(
    kind: K,
    name: string,
    options: CachedGetOptions = {},
  ): Promise<ObjectOf<K> | PartialObjectMetadata> {
    const { live, ...rest } = options;
    const key = gvkKey(kind);
    const namespace = this.#namespace(await this.#scope(kind, rest.signal), rest.namespace, true);
    const at = { namespace, name };
    const { router, readYourWrites, metrics, options: o } = this.#shared;
    let route = router.route(kind, key, 'get', options);
    if (route.source === 'server') return this.#direct.get(kind, key, at, rest, route);
    try {
      const waited = await readYourWrites.beforeGet(kind, key, namespace, name, rest.signal);
      if (waited) return this.#direct.get(kind, key, at, rest, serverRoute(waited));
      const obj = (await o.cache.get(wireKind(kind), name, {
        namespace: namespace || undefined,
        signal: rest.signal,
      })) as KubeObject;
      const hidden = readYourWrites.hides(key, obj);
      if (hidden === undefined)
        return this.#direct.get(kind, key, at, rest, serverRoute('resourceVersionNotComparable'));
      metrics.record({ type: 'cacheHit', kind: key, verb: 'get' });
      if (hidden) throw notFound(kind, name);
      if (rest.metadataOnly) return toPartial(obj);
      return o.cache.decodes(kind) ? decodeStored(kind, obj) : (obj as ObjectOf<K>);
    } catch (error) {
      if (isForbiddenSync(error)) {
        this.#forbid(kind, key, error);
        route = router.route(kind, key, 'get', options);
        if (route.source === 'server') return this.#direct.get(kind, key, at, rest, route);
      }
      if (isNotFound(error) && !(error instanceof CachedNotFound)) {
        metrics.record({ type: 'cacheHit', kind: key, verb: 'get' });
      }
      throw error;
    }
  }

  /** Objects of a kind, from the cache (see the class comment for when it reads directly). */
  list<K extends KindRef>(
    kind: K,
    options: CachedListOptions & { metadataOnly: true },
  ): Promise<ObjectList<PartialObjectMetadata>>;
  list<K extends KindRef>(kind: K, options?: CachedListOptions): Promise<ObjectList<ObjectOf<K>>>;
  async list<K extends KindRef>(
    kind: K,
    options: CachedListOptions = {},
  ): Promise<ObjectList<ObjectOf<K>> | ObjectList<PartialObjectMetadata>> {
    const { live, exactFieldSelector, ...rest } = options;
    const key = gvkKey(kind);
    const namespace = this.#namespace(await this.#scope(kind, rest.signal), rest.namespace, false);
    const { router, readYourWrites, metrics, options: o } = this.#shared;
    let route = router.route(kind, key, 'list', options);
    if (route.source === 'server') return this.#direct.list(kind, key, namespace, rest, route);
    try {
      const waited = await readYourWrites.beforeList(kind, key, namespace, rest.signal);
      if (waited) return this.#direct.list(kind, key, namespace, rest, serverRoute(waited));
      const list = (await o.cache.list(wireKind(kind), {
        namespace: namespace || undefined,
        labelSelector: rest.labelSelector,
        fieldSelector: rest.fieldSelector,
        signal: rest.signal,
      })) as ObjectList<KubeObject>;
      const items = readYourWrites.visible(key, list.items);
      if (!items) return this.#direct.list(kind, key, namespace, rest, serverRoute('resourceVersionNotComparable'));
      list.items = items;
      metrics.record({ type: 'cacheHit', kind: key, verb: 'list' });
      if (!rest.metadataOnly) {
        if (o.cache.decodes(kind)) list.items = list.items.map((item) => decodeStored(kind, item) as KubeObject);
        return list as ObjectList<ObjectOf<K>>;
      }
      return {
        apiVersion: 'meta.k8s.io/v1',
        kind: 'PartialObjectMetadataList',
        metadata: list.metadata,
        items: list.items.map(toPartial),
      };
    } catch (error) {
      if (!isForbiddenSync(error)) throw error;
      this.#forbid(kind, key, error);
      route = router.route(kind, key, 'list', options);
      if (route.source === 'cache') throw error;
      return this.#direct.list(kind, key, namespace, rest, route);
    }
  }

  /** Every page of a list, from the API server (pages need the server's `continue` tokens). */
  listPages<K extends KindRef>(
    kind: K,
    options: ListPagesOptions & { metadataOnly: true },
  ): AsyncGenerator<ObjectList<PartialObjectMetadata>, void, undefined>;
  listPages<K extends KindRef>(
    kind: K,
    options?: ListPagesOptions,
  ): AsyncGenerator<ObjectList<ObjectOf<K>>, void, undefined>;
  listPages<K extends KindRef>(
    kind: K,
    options?: ListPagesOptions,
  ): AsyncGenerator<ObjectList<ObjectOf<K>> | ObjectList<PartialObjectMetadata>, void, undefined> {
    return this.#client.listPages(kind, options);
  }

  /** Every object of a list, page by page from the API server (see {@link CachedClient.listPages}). */
  listAll<K extends KindRef>(kind: K, options?: ListPagesOptions): AsyncGenerator<ObjectOf<K>, void, undefined> {
    return this.#client.listAll(kind, options);
  }

  /** A watch on the API server (`Client.watch`); informers are the cached way to follow changes. */
  watch<K extends KindRef>(
    kind: K,
    options: WatchOptions & { metadataOnly: true },
  ): AsyncGenerator<WatchEvent<PartialObjectMetadata>>;
  watch<K extends KindRef>(kind: K, options?: WatchOptions): AsyncGenerator<WatchEvent<ObjectOf<K> & KubeObject>>;
  watch<K extends KindRef>(
    kind: K,
    options?: WatchOptions,
  ): AsyncGenerator<WatchEvent<ObjectOf<K> & KubeObject> | WatchEvent<PartialObjectMetadata>> {
    return this.#client.watch(kind, options);
  }

  /**
   * Creates the object on the API server; later cached reads see it (read-your-writes). With
   * `{ kind }`, encoded and decoded by that descriptor (see `Client.create`).
   */
  create<K extends KindDescriptor>(obj: ObjectOf<K>, options: CreateOptions & KindOption<K>): Promise<ObjectOf<K>>;
  create<T extends KubeObject>(obj: T, options?: CreateOptions): Promise<T & KubeObject>;
  async create(obj: KubeObject, options: CreateOptions & Partial<KindOption> = {}): Promise<KubeObject> {
    const out = await this.#client.create(obj, options);
    if (!options.dryRun) this.#wrote(options.kind ?? gvkOf(obj), out);
    return out;
  }

  /**
   * Replaces the object on the API server; later cached reads see it (read-your-writes). With
   * `{ kind }`, encoded and decoded by that descriptor (see `Client.create`).
   */
  update<K extends KindDescriptor>(obj: ObjectOf<K>, options: UpdateOptions & KindOption<K>): Promise<ObjectOf<K>>;
  update<T extends KubeObject>(obj: T, options?: UpdateOptions): Promise<T & KubeObject>;
  async update(obj: KubeObject, options: UpdateOptions & Partial<KindOption> = {}): Promise<KubeObject> {
    const out = await this.#client.update(obj, options);
    if (!options.dryRun) this.#wrote(options.kind ?? gvkOf(obj), out);
    return out;
  }

  /** Patches the object on the API server; later cached reads see it (read-your-writes). */
  async patch<K extends KindRef>(
    kind: K,
    name: string,
    patch: Patch,
    options: PatchOptions = {},
  ): Promise<ObjectOf<K>> {
    const out = await this.#client.patch(kind, name, patch, options);
    if (!options.dryRun) this.#wrote(kind, out as KubeObject);
    return out;
  }

  /**
   * Server-side apply (see `Client.apply`); later cached reads see the result (read-your-writes).
   * With `{ kind }`, encoded and decoded by that descriptor.
   */
  apply<K extends KindDescriptor>(obj: ObjectOf<K>, options: PatchOptions & KindOption<K>): Promise<ObjectOf<K>>;
  apply<T extends KubeObject>(obj: T, options?: PatchOptions): Promise<T & KubeObject>;
  async apply(obj: KubeObject, options: PatchOptions & Partial<KindOption> = {}): Promise<KubeObject> {
    const out = await this.#client.apply(obj, options);
    if (!options.dryRun) this.#wrote(options.kind ?? gvkOf(obj), out);
    return out;
  }

  /**
   * Deletes the object on the API server; resolves to the server's answer (see `Client.delete`).
   * Later cached gets answer `NotFound` (and lists leave it out) even before the informer has seen
   * the delete — unless the object is still there, held by finalizers or a grace period: then reads
   * show it with its `deletionTimestamp`, as the server does.
   */
  async delete(kind: KindRef, name: string, options: DeleteOptions = {}): Promise<KubeObject | Status> {
    const answer = await this.#client.delete(kind, name, options);
    if (options.dryRun) return answer;
    const key = gvkKey(kind);
    const namespace = this.#namespace(await this.#scope(kind, options.signal), options.namespace, true);
    if (this.#shared.router.kindReason(key)) this.#direct.invalidateObject(key, namespace, name);
    if (isStatus(answer)) this.#shared.readYourWrites.recordDeleteStatus(key, namespace, name, answer);
    else this.#wrote(key, answer, true);
    return answer;
  }

  /**
   * Deletes every matching object on the API server; resolves to the server's answer. Objects the
   * server reports deleted are left out of later cached reads, as for `delete`.
   */
  async deleteAllOf(kind: KindRef, options: DeleteAllOfOptions = {}): Promise<ObjectList<KubeObject> | Status> {
    const answer = await this.#client.deleteAllOf(kind, options);
    if (options.dryRun) return answer;
    const key = gvkKey(kind);
    this.#direct.invalidateKind(key);
    if (!isStatus(answer)) for (const item of answer.items ?? []) this.#wrote(key, item, true);
    return answer;
  }

  /** The `status` subresource; writes are tracked for read-your-writes like any other. */
  status(): StatusWriter {
    const status = this.#client.status();
    return {
      update: (async (obj: KubeObject, options: UpdateOptions & Partial<KindOption> = {}) => {
        const out = await status.update(obj, options);
        if (!options.dryRun) this.#wrote(options.kind ?? gvkOf(obj), out);
        return out;
      }) as StatusWriter['update'],
      patch: async (kind, name, patch, options = {}) => {
        const out = await status.patch(kind, name, patch, options);
        if (!options.dryRun) this.#wrote(kind, out as KubeObject);
        return out;
      },
    };
  }

  /**
   * Any subresource by name, on the API server. Writes whose answer carries the parent's
   * `metadata.resourceVersion` (scale, status) are tracked for read-your-writes; any write drops
   * the object's direct-read cache entries.
   */
  subResource(subresource: string): SubResourceClient {
    const sub = this.#client.subResource(subresource);
    const after = async (kind: KindRef, name: string, namespace: string | undefined, answer: unknown) => {
      const key = gvkKey(kind);
      const ns = this.#namespace(await this.#scope(kind), namespace, true);
      const rv = (answer as KubeObject | undefined)?.metadata?.resourceVersion;
      if (this.#shared.router.kindReason(key)) this.#direct.invalidateObject(key, ns, name);
      else if (rv && !isStatus(answer)) this.#shared.readYourWrites.recordWrite(key, ns, name, rv);
    };
    return {
      get: (kind, name, options) => sub.get(kind, name, options),
      create: async <S>(kind: KindRef, name: string, body: object, options: CreateOptions = {}) => {
        const out = await sub.create<S>(kind, name, body, options);
        if (!options.dryRun) await after(kind, name, options.namespace, out);
        return out;
      },
      update: async <S extends object>(
        kind: KindRef,
        name: string,
        body: S,
        options: UpdateOptions & { namespace?: string } = {},
      ) => {
        const out = await sub.update<S>(kind, name, body, options);
        if (!options.dryRun) {
          await after(kind, name, options.namespace ?? (body as KubeObject).metadata?.namespace, out);
        }
        return out;
      },
      patch: async <S>(kind: KindRef, name: string, patch: Patch, options: PatchOptions = {}) => {
        const out = await sub.patch<S>(kind, name, patch, options);
        if (!options.dryRun) await after(kind, name, options.namespace, out);
        return out;
      },
    };
  }

  /** How `kind` is scoped: from the REST mapping, peeked without a request when known. */
  async #scope(kind: KindRef, signal?: AbortSignal): Promise<Scope> {
    return (this.#client.restMapper.peek(kind) ?? (await this.#client.restMapper.mapping(kind, signal))).scope;
  }

  /** The namespace of a call (see `callNamespace`): `''` when cluster-scoped or none. */
  #namespace(scope: Scope, given: string | undefined, oneObject: boolean): string {
    return callNamespace(scope, {
      given,
      view: this.namespace,
      defaultNamespace: this.#client.defaultNamespace,
      oneObject,
    });
  }

  /** Remembers that the kind's informer is refused, warns once, and stops that informer. */
  #forbid(kind: KindRef, key: string, error: unknown): void {
    if (!this.#shared.router.forbid(key)) return;
    this.#shared.options.logger.warn(
      { kind: key, err: error instanceof Error ? error.message : String(error) },
      'the informer of this kind is forbidden to list or watch it (403); reading it from the API server from now on',
    );
    this.#shared.options.cache.removeInformer(kind).catch(() => undefined);
  }

  /**
   * After a write answered with `obj` (or, `fromDelete`, a delete): a kind read directly drops the
   * object's direct-read entries; any other is tracked for read-your-writes.
   */
  #wrote(kind: KindRef | string, obj: KubeObject, fromDelete = false): void {
    const key = typeof kind === 'string' ? kind : gvkKey(kind);
    if (this.#shared.router.kindReason(key)) {
      this.#direct.invalidateObject(key, obj.metadata?.namespace ?? '', obj.metadata?.name ?? '');
    } else this.#shared.readYourWrites.recordAnswer(key, obj, fromDelete);
  }
}

/** A `NotFoundError` a tombstone produced (already counted as a cache hit). */
class CachedNotFound extends NotFoundError {}

function notFound(kind: KindRef, name: string): NotFoundError {
  return new CachedNotFound({
    code: 404,
    status: {
      reason: 'NotFound',
      message: `${kind.kind} "${name}" not found in the cache (deleted through this client)`,
      details: { name },
    },
  });
}

function isForbiddenSync(error: unknown): boolean {
  return isForbidden(findReason(error, 'CacheSyncFailed')?.cause);
}

function toPartial(obj: KubeObject): PartialObjectMetadata {
  return { apiVersion: 'meta.k8s.io/v1', kind: 'PartialObjectMetadata', metadata: obj.metadata ?? {} };
}
