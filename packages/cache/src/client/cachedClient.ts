import type {
  Client,
  CreateOptions,
  DeleteAllOfOptions,
  DeleteOptions,
  GetOptions,
  KindOption,
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
  Writer,
} from '@kubekit/client';
import {
  decodeObject,
  gvkKey,
  gvkOf,
  hasDecode,
  isComparableResourceVersion,
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
  parseFieldSelector,
  type Status,
  type WatchEvent,
  wireKind,
} from '@kubekit/core';
import { decodeStored } from '../cache/decodeStored.js';
import { isCacheSyncError } from '../errors.js';
import { CachedClientMetrics, type FallbackReason, type ReadVerb } from './cachedClientMetrics.js';
import {
  type CachedClientOptions,
  type ResolvedCachedClientOptions,
  resolveCachedClientOptions,
} from './cachedClientOptions.js';
import { DirectReadCache, directGetKey, directListKey } from './directReadCache.js';
import { tombstoneHides, WriteTracker } from './writeTracker.js';

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
  readonly uncached: ReadonlySet<string>;
  /** Kinds whose informer the server refused (403): read directly from then on. */
  readonly forbidden: Set<string>;
  readonly tracker: WriteTracker;
  readonly direct: DirectReadCache | undefined;
  readonly metrics: CachedClientMetrics;
}

const SHARED = Symbol('kubekit.cachedClient.shared');

/** Field selector keys the cache evaluates exactly as the server does, index or not. */
const EXACT_FIELDS = new Set(['metadata.name', 'metadata.namespace']);

/**
 * The client a controller uses: reads (`get`, `list`) come from the informer cache, writes go to
 * the API server — controller-runtime's delegating client — plus read-your-writes: after a write
 * through this client, a cached read of that object (or a list of its kind) waits, bounded by
 * `readYourWritesTimeout`, until the informer has seen the write, and a delete makes cached gets
 * answer `NotFound` at once. Typed and unstructured kinds are cached alike; the informer of a kind
 * starts on its first read (a strict cache refuses with `MissingInformerError` instead).
 *
 * Reads go to the API server instead when the kind is `uncached`, when its informer is refused
 * (403: a warning, once), when the caller asks `{ live: true }`, when options need the server
 * (`limit`, `continue`, a `resourceVersion`), for an exact field selector without an index, and
 * when the informer does not catch up in time. Direct reads of uncached kinds are kept briefly
 * (`directReadCache`). See docs/client.md ("Cached reads") for the exact promise.
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
export class CachedClient implements Reader, Writer {
  /** The namespace of a namespaced view (see {@link CachedClient.inNamespace}); `undefined` otherwise. */
  readonly namespace: string | undefined;
  /** Hits, misses, fallbacks by reason and read-your-writes waits; shared by every view of this client. */
  readonly metrics: CachedClientMetrics;
  /** Reads that always go to the API server (no cache, no direct-read cache, no counting). */
  readonly apiReader: Reader;
  readonly #shared: Shared;
  /** The underlying client, viewed in this view's namespace. */
  readonly #client: Client;

  constructor(options: CachedClientOptions) {
    const view = (options as { [SHARED]?: { shared: Shared; namespace: string } })[SHARED];
    if (view) {
      this.#shared = view.shared;
      this.namespace = view.namespace;
      this.#client = view.shared.options.client.inNamespace(view.namespace);
    } else {
      const resolved = resolveCachedClientOptions(options);
      const { directReadCache } = resolved;
      this.#shared = {
        options: resolved,
        uncached: new Set(resolved.uncached.map((k) => gvkKey(k))),
        forbidden: new Set(),
        tracker: new WriteTracker(),
        direct: directReadCache ? new DirectReadCache({ ...directReadCache, clock: resolved.clock }) : undefined,
        metrics: new CachedClientMetrics(),
      };
      this.namespace = undefined;
      this.#client = resolved.client;
    }
    this.metrics = this.#shared.metrics;
    const client = this.#client;
    this.apiReader = {
      get: (kind, name, o) => client.get(kind, name, o),
      list: (kind, o) => client.list(kind, o),
    };
  }

  /**
   * A view whose calls default to `namespace` for namespaced kinds, like `Client.inNamespace`. It
   * shares the cache, read-your-writes state, direct-read cache and metrics with this client.
   */
  inNamespace(namespace: string): CachedClient {
    return new CachedClient({ [SHARED]: { shared: this.#shared, namespace } } as unknown as CachedClientOptions);
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
    const { scope } = this.#client.restMapper.peek(kind) ?? (await this.#client.restMapper.mapping(kind, rest.signal));
    const namespace = scope === 'Namespaced' ? this.#namespaceOf(rest.namespace) : undefined;
    const ref = { kind, key, namespace: namespace ?? '', name };
    const fallback = this.#kindFallback(key) ?? (live ? 'live' : undefined) ?? optionsFallback(rest);
    if (fallback) return this.#directGet(ref, rest, fallback, !live && !optionsFallback(rest));
    const { cache, readYourWrites } = this.#shared.options;
    const { tracker } = this.#shared;
    try {
      const written = readYourWrites ? tracker.objectVersion(key, ref.namespace, name) : undefined;
      if (written !== undefined) {
        const outcome = await this.#awaitSeen(kind, 'get', ref.namespace, written, rest.signal);
        if (outcome !== 'seen') return this.#directGet(ref, rest, outcome, false);
        tracker.settleObject(key, ref.namespace, name, written);
      }
      const obj = (await cache.get(wireKind(kind), name, { namespace, signal: rest.signal })) as KubeObject;
      const tombstone = readYourWrites ? tracker.tombstone(key, ref.namespace, name) : undefined;
      if (tombstone) {
        const hides = tombstoneHides(tombstone, obj);
        if (hides === undefined) return this.#directGet(ref, rest, 'resourceVersionNotComparable', false);
        if (hides) {
          this.#shared.metrics.record({ type: 'cacheHit', kind: key, verb: 'get' });
          throw notFound(kind, name);
        }
        tracker.dropTombstone(key, ref.namespace, name);
      }
      this.#shared.metrics.record({ type: 'cacheHit', kind: key, verb: 'get' });
      if (rest.metadataOnly) return toPartial(obj);
      return cache.decodes(kind) ? decodeStored(kind, obj) : (obj as ObjectOf<K>);
    } catch (error) {
      if (isForbiddenSync(error)) {
        this.#forbid(kind, key, error);
        return this.#directGet(ref, rest, 'forbidden', !optionsFallback(rest));
      }
      if (isNotFound(error) && !(error instanceof CachedNotFound)) {
        this.#shared.metrics.record({ type: 'cacheHit', kind: key, verb: 'get' });
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
    const { scope } = this.#client.restMapper.peek(kind) ?? (await this.#client.restMapper.mapping(kind, rest.signal));
    const namespace = scope === 'Namespaced' ? rest.namespace || this.namespace || undefined : undefined;
    const exact = exactFieldSelector ?? this.#shared.options.exactFieldSelectors;
    const fallback =
      this.#kindFallback(key) ??
      (live ? 'live' : undefined) ??
      optionsFallback(rest) ??
      (exact && !this.#fieldsExact(kind, rest) ? 'fieldSelector' : undefined);
    const cacheable = !live && !optionsFallback(rest);
    if (fallback) return this.#directList(kind, key, rest, fallback, cacheable);
    const { cache, readYourWrites } = this.#shared.options;
    const { tracker } = this.#shared;
    try {
      if (readYourWrites) {
        const pending = tracker.listVersions(key, scope === 'Namespaced' ? namespace : '');
        for (const [ns, rv] of pending) {
          const outcome = await this.#awaitSeen(kind, 'list', ns, rv, rest.signal);
          if (outcome !== 'seen') return this.#directList(kind, key, rest, outcome, false);
        }
        for (const [ns, rv] of pending) tracker.settleList(key, ns, rv);
      }
      const list = (await cache.list(wireKind(kind), {
        namespace,
        labelSelector: rest.labelSelector,
        fieldSelector: rest.fieldSelector,
        signal: rest.signal,
      })) as ObjectList<KubeObject>;
      if (readYourWrites && tracker.hasTombstones(key)) {
        const items: KubeObject[] = [];
        for (const item of list.items) {
          const ns = item.metadata?.namespace ?? '';
          const itemName = item.metadata?.name ?? '';
          const tombstone = tracker.tombstone(key, ns, itemName);
          const hides = tombstone ? tombstoneHides(tombstone, item) : false;
          if (hides === undefined) return this.#directList(kind, key, rest, 'resourceVersionNotComparable', false);
          if (!hides) items.push(item);
        }
        list.items = items;
      }
      this.#shared.metrics.record({ type: 'cacheHit', kind: key, verb: 'list' });
      if (!rest.metadataOnly) {
        if (cache.decodes(kind)) list.items = list.items.map((item) => decodeStored(kind, item) as KubeObject);
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
      return this.#directList(kind, key, rest, 'forbidden', cacheable);
    }
  }

  /** Every page of a list, from the API server (pages need the server's `continue` tokens). */
  listPages<K extends KindRef>(
    kind: K,
    options?: ListPagesOptions,
  ): AsyncGenerator<ObjectList<ObjectOf<K>>, void, undefined> {
    return this.#client.listPages(kind, options);
  }

  /** Every object of a list, page by page from the API server (see {@link CachedClient.listPages}). */
  listAll<K extends KindRef>(kind: K, options?: ListPagesOptions): AsyncGenerator<ObjectOf<K>, void, undefined> {
    return this.#client.listAll(kind, options);
  }

  /** A watch on the API server (`Client.watch`); informers are the cached way to follow changes. */
  watch<K extends KindRef>(kind: K, options?: WatchOptions): AsyncGenerator<WatchEvent<ObjectOf<K> & KubeObject>> {
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
    const { scope } = await this.#client.restMapper.mapping(kind, options.signal);
    const namespace = scope === 'Namespaced' ? (this.#namespaceOf(options.namespace) ?? '') : '';
    if (this.#kindFallback(key)) this.#shared.direct?.invalidateObject(key, namespace, name);
    if (isStatus(answer)) {
      const uid = answer.details?.uid;
      if (uid) this.#shared.tracker.recordDelete(key, namespace, name, { uid, resourceVersion: undefined });
    } else {
      this.#wrote(key, answer, true);
    }
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
    this.#shared.direct?.invalidateKind(key);
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
      const { scope } = await this.#client.restMapper.mapping(kind);
      const ns = scope === 'Namespaced' ? (this.#namespaceOf(namespace) ?? '') : '';
      if (this.#kindFallback(key)) this.#shared.direct?.invalidateObject(key, ns, name);
      const rv = (answer as KubeObject | undefined)?.metadata?.resourceVersion;
      if (rv && !isStatus(answer) && !this.#kindFallback(key)) {
        this.#shared.tracker.recordWrite(key, ns, name, rv);
      }
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

  /**
   * The namespace of a call on a namespaced kind that needs one: the given one, else this view's,
   * else the client's default (its kubeconfig context's), as `Client` resolves it.
   */
  #namespaceOf(given: string | undefined): string | undefined {
    return given || this.namespace || this.#client.defaultNamespace;
  }

  /** Why every read of this kind goes to the API server, if it does. */
  #kindFallback(key: string): FallbackReason | undefined {
    if (this.#shared.uncached.has(key)) return 'uncached';
    if (this.#shared.forbidden.has(key)) return 'forbidden';
    return undefined;
  }

  /** Whether every field selector term is evaluated by the cache exactly as the server would. */
  #fieldsExact(kind: KindRef, options: ListOptions): boolean {
    return parseFieldSelector(options.fieldSelector).requirements.every(
      (r) => EXACT_FIELDS.has(r.field) || (r.operator === '=' && this.#shared.options.cache.hasIndex(kind, r.field)),
    );
  }

  /**
   * Waits until the kind's informer for `namespace` has seen `rv`, at most `readYourWritesTimeout`.
   * Rejects like a cache read (e.g. `CacheSyncError`) and with the caller's signal.
   */
  async #awaitSeen(
    kind: KindRef,
    verb: ReadVerb,
    namespace: string,
    rv: string,
    signal: AbortSignal | undefined,
  ): Promise<'seen' | 'readYourWritesTimeout' | 'resourceVersionNotComparable'> {
    const { cache, clock, readYourWritesTimeout, logger } = this.#shared.options;
    const key = gvkKey(kind);
    const record = (outcome: 'seen' | 'timeout' | 'notComparable', started: number) =>
      this.#shared.metrics.record({
        type: 'readYourWritesWait',
        kind: key,
        verb,
        durationMs: clock.now() - started,
        outcome,
      });
    const started = clock.now();
    if (!isComparableResourceVersion(rv)) {
      record('notComparable', started);
      return 'resourceVersionNotComparable';
    }
    const deadline = new AbortController();
    const timer = clock.sleep(readYourWritesTimeout, deadline.signal).then(
      () => deadline.abort(new Error('read-your-writes timeout')),
      () => undefined,
    );
    const stop = signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal;
    try {
      const seen = await cache.waitForResourceVersion(kind, rv, {
        namespace: namespace || undefined,
        signal: stop,
      });
      record(seen ? 'seen' : 'notComparable', started);
      return seen ? 'seen' : 'resourceVersionNotComparable';
    } catch (error) {
      if (signal?.aborted || !deadline.signal.aborted) throw error;
      record('timeout', started);
      logger.debug(
        { kind: key, namespace, resourceVersion: rv, timeoutMs: readYourWritesTimeout },
        'informer did not see this write in time; reading from the API server',
      );
      return 'readYourWritesTimeout';
    } finally {
      deadline.abort();
      await timer;
    }
  }

  /** Remembers that the kind's informer is refused, warns once, and stops that informer. */
  #forbid(kind: KindRef, key: string, error: unknown): void {
    if (this.#shared.forbidden.has(key)) return;
    this.#shared.forbidden.add(key);
    this.#shared.options.logger.warn(
      { kind: key, err: error instanceof Error ? error.message : String(error) },
      'the informer of this kind is forbidden to list or watch it (403); reading it from the API server from now on',
    );
    this.#shared.options.cache.removeInformer(kind).catch(() => undefined);
  }

  async #directGet<K extends KindRef>(
    ref: { kind: K; key: string; namespace: string; name: string },
    options: GetOptions,
    reason: FallbackReason,
    cacheable: boolean,
  ): Promise<ObjectOf<K>> {
    const { metrics } = this.#shared;
    metrics.record({ type: 'fallback', kind: ref.key, verb: 'get', reason });
    const direct = this.#kindFallback(ref.key) ? this.#shared.direct : undefined;
    const lruKey = directGetKey(ref.key, ref.namespace, ref.name, options.metadataOnly === true);
    if (direct && cacheable) {
      const hit = direct.get<KubeObject>(lruKey);
      if (hit !== undefined) {
        metrics.record({ type: 'directCacheHit', kind: ref.key, verb: 'get' });
        return options.metadataOnly ? (hit as ObjectOf<K>) : decodeObject(ref.kind, hit);
      }
    }
    const generation = direct?.generation(ref.key) ?? 0;
    metrics.recordDirectRead();
    // the direct-read cache keeps wire objects: every descriptor of the kind shares its entries
    const obj = await this.#client.get(wireKind(ref.kind), ref.name, options);
    if (direct && !optionsFallback(options)) direct.set(ref.key, lruKey, obj, generation);
    return options.metadataOnly ? (obj as ObjectOf<K>) : decodeObject(ref.kind, obj);
  }

  async #directList<K extends KindRef>(
    kind: K,
    key: string,
    options: ListOptions,
    reason: FallbackReason,
    cacheable: boolean,
  ): Promise<ObjectList<ObjectOf<K>>> {
    const { metrics } = this.#shared;
    metrics.record({ type: 'fallback', kind: key, verb: 'list', reason });
    const direct = this.#kindFallback(key) ? this.#shared.direct : undefined;
    const lruKey = directListKey(key, options.namespace ?? this.namespace ?? '', options);
    const decode = (list: ObjectList<KubeObject>): ObjectList<ObjectOf<K>> =>
      options.metadataOnly || !hasDecode(kind)
        ? (list as ObjectList<ObjectOf<K>>)
        : { ...list, items: list.items.map((item) => decodeObject(kind, item)) };
    if (direct && cacheable) {
      const hit = direct.get<ObjectList<KubeObject>>(lruKey);
      if (hit !== undefined) {
        metrics.record({ type: 'directCacheHit', kind: key, verb: 'list' });
        return decode(hit);
      }
    }
    const generation = direct?.generation(key) ?? 0;
    metrics.recordDirectRead();
    // the direct-read cache keeps wire objects: every descriptor of the kind shares its entries
    const list = await this.#client.list(wireKind(kind), options);
    if (direct && !optionsFallback(options)) direct.set(key, lruKey, list, generation);
    return decode(list);
  }

  /** After a write answered with `obj` (see `WriteTracker.recordAnswer`): drop direct-read entries, track it. */
  #wrote(kind: KindRef | string, obj: KubeObject, fromDelete = false): void {
    const key = typeof kind === 'string' ? kind : gvkKey(kind);
    // only kinds read directly have direct-read entries; the others are tracked for read-your-writes
    if (this.#kindFallback(key)) {
      this.#shared.direct?.invalidateObject(key, obj.metadata?.namespace ?? '', obj.metadata?.name ?? '');
    } else this.#shared.tracker.recordAnswer(key, obj, fromDelete);
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

/** Why these read options need the API server, if they do. */
function optionsFallback(options: ListOptions | GetOptions): FallbackReason | undefined {
  const o = options as ListOptions;
  if (o.limit !== undefined || o.continue) return 'options';
  if (o.resourceVersion !== undefined && o.resourceVersion !== '' && o.resourceVersion !== '0') return 'options';
  if (o.resourceVersionMatch === 'Exact') return 'options';
  return undefined;
}

function isForbiddenSync(error: unknown): boolean {
  return isCacheSyncError(error) && isForbidden(error.cause);
}

function toPartial(obj: KubeObject): PartialObjectMetadata {
  return { apiVersion: 'meta.k8s.io/v1', kind: 'PartialObjectMetadata', metadata: obj.metadata ?? {} };
}
