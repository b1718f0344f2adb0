import type { Client, GetOptions, ListOptions, Reader } from '@kubekit/client';
import {
  type FieldRequirement,
  gvkKey,
  InvalidInputError,
  type KindRef,
  type KubeObject,
  type Logger,
  NotFoundError,
  type ObjectList,
  type ObjectOf,
  parseFieldSelector,
  parseLabelSelector,
  type Scope,
  type Selector,
  silentLogger,
} from '@kubekit/core';
import { fieldValueOf, hasDecode } from '@kubekit/core/internal';
import { DEFAULT_TRANSFORM } from '../defaults.js';
import { CacheNotStartedError, CacheStartedError, MissingInformerError } from '../errors.js';
import {
  type HandlerLag,
  type InformerEvent,
  type InformerHandler,
  type InformerStatus,
  type InformerStatusEvent,
  SharedInformer,
  type SharedInformerOptions,
  type SubscribeOptions,
  type WaitForSyncOptions,
} from '../informer/sharedInformer.js';
import { clientListerWatcher } from '../reflector/listerWatcher.js';
import type { IndexFunc, StoreListOptions, StoreReader } from '../store/store.js';
import { dropManagedFields, type Transform } from '../store/transform.js';
import { decodeStored, decodeStoredIfFits } from './decodeStored.js';

/** What {@link InformerCache.getInformer} takes. */
export interface GetInformerOptions {
  /** Stops waiting for the kind's REST mapping; rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * The kind's metadata-only informers (`PartialObjectMetadata`) instead of the full ones; a kind
   * `byKind` caches metadata-only has only those. @default false
   */
  metadataOnly?: boolean;
}

/** Scope of the informers of one kind, overriding the cache-wide defaults. */
export interface KindScope {
  /** The kind this entry is about. */
  kind: KindRef;
  /** Namespaces to cache (namespaced kinds only). @default the cache's `namespaces` */
  namespaces?: readonly string[];
  /** Only objects with these labels are cached. @default the cache's `labelSelector` */
  labelSelector?: Selector;
  /** Only objects matching this field selector are cached. @default none */
  fieldSelector?: Selector;
  /** Transform before storing; `null` for none. @default the cache's `transform` */
  transform?: Transform | null;
  /**
   * Cache metadata only (`PartialObjectMetadata` lists and watches): stored objects hold `apiVersion`,
   * `kind` (the kind's own) and `metadata`, no spec or status, for kinds where only metadata is read.
   * @default false
   */
  metadataOnly?: boolean;
}

/** Options of {@link InformerCache}. */
export interface InformerCacheOptions {
  /** The client informers list and watch with. */
  client: Client;
  /** Namespaces to cache namespaced kinds in, one informer each. @default all namespaces (one informer) */
  namespaces?: readonly string[];
  /** Only objects with these labels are cached, for every kind. @default none */
  labelSelector?: Selector;
  /** Transform before storing, for every kind; `null` for none. @default dropManagedFields */
  transform?: Transform | null;
  /** Per-kind scope. @default [] */
  byKind?: readonly KindScope[];
  /** Reads of a kind without an informer throw `MissingInformerError` instead of starting one. @default false */
  failOnMissingInformer?: boolean;
  /**
   * `get` and `list` return deep copies (`structuredClone`) the caller may change, instead of the
   * shared read-only objects. Costs a copy per object read. @default false
   */
  cloneOnRead?: boolean;
  /** Options of every informer (page size, resync, backoff, clock...). @default see SharedInformerOptions */
  informer?: Omit<SharedInformerOptions, 'name' | 'transform' | 'indexers'>;
  /**
   * Where informer trouble is logged, with the kind and namespace: list and watch failures (warn,
   * with the retry delay), relists after 410 Gone and recoveries (info), handlers that throw
   * (error) or fall behind (warn). The manager passes its logger. @default silentLogger
   */
  logger?: Logger;
}

/** The scope of one kind's informers with the cache-wide defaults filled in. */
export interface ResolvedKindScope {
  /** Fixed namespaces; `undefined`: the cache's (which may change at run time). */
  namespaces: readonly string[] | undefined;
  labelSelector: Selector | undefined;
  fieldSelector: Selector | undefined;
  transform: Transform | null;
  metadataOnly: boolean;
}

/** {@link InformerCacheOptions} with every default filled in. */
export interface ResolvedInformerCacheOptions {
  client: Client;
  namespaces: readonly string[] | undefined;
  /** The `byKind` entries, by `gvkKey` (the first entry of a kind counts), the cache's defaults filled in. */
  byKind: ReadonlyMap<string, ResolvedKindScope>;
  /** The scope of kinds without a `byKind` entry. */
  kindDefaults: ResolvedKindScope;
  failOnMissingInformer: boolean;
  cloneOnRead: boolean;
  informer: Omit<SharedInformerOptions, 'name' | 'transform' | 'indexers'>;
  logger: Logger;
}

/** Fills in the defaults of {@link InformerCacheOptions}, those of each `byKind` entry included. */
export function resolveInformerCacheOptions(options: InformerCacheOptions): ResolvedInformerCacheOptions {
  const kindDefaults: ResolvedKindScope = {
    namespaces: undefined,
    labelSelector: options.labelSelector,
    fieldSelector: undefined,
    transform: options.transform === undefined ? DEFAULT_TRANSFORM : options.transform,
    metadataOnly: false,
  };
  const byKind = new Map<string, ResolvedKindScope>();
  for (const k of options.byKind ?? []) {
    const key = gvkKey(k.kind);
    if (byKind.has(key)) continue;
    byKind.set(key, {
      namespaces: k.namespaces,
      labelSelector: k.labelSelector ?? kindDefaults.labelSelector,
      fieldSelector: k.fieldSelector,
      transform: k.transform === undefined ? kindDefaults.transform : k.transform,
      metadataOnly: k.metadataOnly ?? false,
    });
  }
  return {
    client: options.client,
    namespaces: options.namespaces && options.namespaces.length > 0 ? options.namespaces : undefined,
    byKind,
    kindDefaults,
    failOnMissingInformer: options.failOnMissingInformer ?? false,
    cloneOnRead: options.cloneOnRead ?? false,
    informer: options.informer ?? {},
    logger: options.logger ?? silentLogger,
  };
}

/**
 * The informers of one kind in a cache (one per cached namespace, or one for all), as a user holds
 * them. `release()` gives the lease back; the last release stops the watches and frees the memory.
 *
 * A lease taken with a descriptor that has a `decode` (a typed view such as `defineConfigMap`, a
 * custom resource of `@kubekit/crd`) sees the objects that fit it, decoded: its handlers get
 * decoded objects, an object that stops fitting is a `delete` for them and one that starts fitting
 * an `add`, objects that never fit give no events, and its stores' `get`/`list` leave them out
 * (`size` and `bytes` count every stored object). The informers themselves hold the wire objects
 * and are shared with every other reader of the kind.
 */
export interface InformerLease<T extends KubeObject = KubeObject> {
  /**
   * Adds a handler to every informer of the kind; returns its unsubscribe function. A `name`
   * reports the handler's lag in {@link InformerLease.handlerLag} and a warning when it falls behind.
   */
  subscribe(handler: InformerHandler<T>, options?: SubscribeOptions): () => void;
  /** The lag of every named handler on the kind's informers (pending summed over namespaces, the oldest age). */
  readonly handlerLag: readonly HandlerLag[];
  /** Calls `listener` on status changes and errors of every informer of the kind (see `SharedInformer.onStatus`). */
  onStatus(listener: (event: InformerStatusEvent, namespace: string) => void): () => void;
  /** Resolves once every informer of the kind has synced (see `SharedInformer.waitForSync`). */
  waitForSync(options?: WaitForSyncOptions): Promise<void>;
  /** Whether every informer of the kind has synced. */
  readonly hasSynced: boolean;
  /** The state of each informer, by namespace (`''` for all namespaces). */
  readonly status: ReadonlyMap<string, InformerStatus>;
  /** The store of each informer, by namespace (`''` for all namespaces). */
  readonly stores: ReadonlyMap<string, StoreReader<T>>;
  /**
   * Gives the lease back (once; later calls do nothing). Resolves once the informers have stopped
   * when this was the last hold on the kind, else at once.
   */
  release(): Promise<void>;
}

interface RunningInformer {
  readonly informer: SharedInformer;
  readonly controller: AbortController;
  readonly done: Promise<void>;
  /** Unsubscribe functions of the lease handlers on this informer. */
  readonly offs: Map<InformerHandler, () => void>;
}

interface KindEntry {
  /** The kind's `gvkKey`, naming its informers. */
  readonly key: string;
  /** Its key in the cache: the kind and the projection (see {@link projectionKey}). */
  readonly slot: string;
  /** Whether its informers list and watch metadata only (`PartialObjectMetadata`). */
  readonly metadataOnly: boolean;
  readonly scope: Scope;
  /** By namespace; `''` is the all-namespaces informer. */
  readonly informers: Map<string, RunningInformer>;
  readonly indexers: Map<string, IndexFunc>;
  /** Leases plus one when the cache itself holds the kind (it was read). */
  refs: number;
  heldByCache: boolean;
  /** The kind as first asked for, to build informers for namespaces added later. */
  readonly kind: KindRef;
  /** Whether its namespaces follow the cache's (not fixed by `byKind`, not cluster-scoped). */
  readonly followsCacheNamespaces: boolean;
  /** Handlers of the leases (and their options), attached to informers of namespaces added later too. */
  readonly handlers: Map<InformerHandler, SubscribeOptions>;
}

/**
 * The key of a kind's informers in a cache: the kind and its projection, so a kind watched both
 * in full and metadata-only has one informer of each, and never two of either.
 */
function projectionKey(gvk: string, metadataOnly: boolean): string {
  return metadataOnly ? `${gvk} (metadata)` : gvk;
}

/** A kind's entry while it is created, then the entry itself. */
interface KindSlot {
  readonly pending: Promise<KindEntry>;
  entry?: KindEntry;
}

/**
 * A cache of informers: `getInformer(kind)` (or the first `get`/`list` of a kind) creates and
 * starts its informers; reads are served from their stores. Implements the client's `Reader`, so
 * it stands in for the client on the read side: read from the cache, write to the API server.
 *
 * ```ts
 * const cache = new InformerCache({ client });
 * void cache.start(signal);
 * const widgets = await cache.list(Widget, { namespace: 'demo', labelSelector: { app: 'web' } });
 * ```
 */
export class InformerCache implements Reader {
  readonly #options: ResolvedInformerCacheOptions;
  /** Per kind: the entry being created, and the entry itself once created (reads take it at once). */
  readonly #kinds = new Map<string, KindSlot>();
  readonly #pendingIndexes = new Map<string, Map<string, IndexFunc>>();
  /** Every informer run not yet settled, so `start` settles only when all have stopped. */
  readonly #running = new Set<Promise<void>>();
  #signal: AbortSignal | undefined;
  /** The cache's namespaces, changed by `addNamespace` / `removeNamespace`; `undefined`: all. */
  #namespaces: readonly string[] | undefined;

  constructor(options: InformerCacheOptions) {
    this.#options = resolveInformerCacheOptions(options);
    this.#namespaces = this.#options.namespaces;
  }

  /** Runs the cache until `signal` aborts; settles once every informer has stopped. Rejects with {@link CacheStartedError} when started already. */
  async start(signal: AbortSignal): Promise<void> {
    if (this.#signal) throw new CacheStartedError();
    this.#signal = signal;
    if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    await Promise.allSettled([...this.#kinds.values()].map((k) => k.pending));
    await Promise.all(this.#running);
    this.#kinds.clear();
  }

  /**
   * The informers of a kind, created and started on first use; returns a lease that keeps them
   * running until `release()`. With `metadataOnly`, the kind's metadata-only informers
   * (`PartialObjectMetadata`: handlers and stores see `apiVersion`, `kind` and `metadata` only),
   * shared by every metadata-only lease of the kind; a kind `byKind` caches metadata-only has
   * those informers only. Reads (`get`, `list`) use the kind's `byKind` projection, whatever
   * leases were taken.
   */
  async getInformer<K extends KindRef>(
    kind: K,
    options: GetInformerOptions = {},
  ): Promise<InformerLease<ObjectOf<K> & KubeObject>> {
    const entry = await this.#entry(kind, options.signal, false, options.metadataOnly ?? false);
    entry.refs++;
    let released = false;
    const informers = () => [...entry.informers.values()].map((i) => i.informer);
    const decoding = !entry.metadataOnly && hasDecode(kind);
    return {
      subscribe: (handler, o = {}) => {
        const h = decoding ? decodingHandler(kind, handler as InformerHandler) : (handler as InformerHandler);
        entry.handlers.set(h, o);
        for (const i of entry.informers.values()) i.offs.set(h, i.informer.subscribe(h, o));
        return () => {
          entry.handlers.delete(h);
          for (const i of entry.informers.values()) {
            i.offs.get(h)?.();
            i.offs.delete(h);
          }
        };
      },
      onStatus: (listener) => {
        const offs = [...entry.informers].map(([ns, i]) => i.informer.onStatus((e) => listener(e, ns)));
        return () => {
          for (const off of offs) off();
        };
      },
      waitForSync: async (o) => {
        await Promise.all(informers().map((i) => i.waitForSync(o)));
      },
      get hasSynced() {
        return informers().every((i) => i.hasSynced);
      },
      get handlerLag() {
        const byName = new Map<string, HandlerLag>();
        for (const lag of informers().flatMap((i) => i.handlerLag)) {
          const seen = byName.get(lag.name);
          byName.set(lag.name, {
            name: lag.name,
            pending: (seen?.pending ?? 0) + lag.pending,
            oldestEventAgeMs: Math.max(seen?.oldestEventAgeMs ?? 0, lag.oldestEventAgeMs),
          });
        }
        return [...byName.values()];
      },
      get status() {
        return new Map([...entry.informers].map(([ns, i]) => [ns, i.informer.status]));
      },
      get stores() {
        return new Map(
          [...entry.informers].map(([ns, i]) => [
            ns,
            (decoding ? decodingStore(kind, i.informer.store) : i.informer.store) as StoreReader<
              ObjectOf<K> & KubeObject
            >,
          ]),
        );
      },
      release: async () => {
        if (released) return;
        released = true;
        await this.#unref(entry);
      },
    };
  }

  /**
   * Stops the cache's own hold on a kind (taken by reads); its informers stop once no lease is
   * left either.
   */
  async removeInformer(kind: KindRef): Promise<void> {
    const pending = this.#kinds.get(this.#readSlot(kind))?.pending;
    if (!pending) return;
    const entry = await pending;
    if (!entry.heldByCache) return;
    entry.heldByCache = false;
    await this.#unref(entry);
  }

  /**
   * Adds an index named `name` on a kind; `list(kind, { fieldSelector: { [name]: value } })` then
   * uses it. Applies to running informers and to those created later. `fn` gets each object in the
   * kind's form (`ObjectOf<K>`): for a descriptor with a `decode`, the decoded object (an object that
   * does not decode is not indexed).
   */
  indexField<K extends KindRef>(kind: K, name: string, extract: IndexFunc<ObjectOf<K>>): void {
    const fn: IndexFunc = hasDecode(kind)
      ? (obj) => {
          const decoded = decodeStoredIfFits(kind, obj);
          return decoded === undefined ? [] : extract(decoded);
        }
      : (extract as IndexFunc);
    const key = gvkKey(kind);
    let map = this.#pendingIndexes.get(key);
    if (!map) {
      map = new Map();
      this.#pendingIndexes.set(key, map);
    }
    if (map.has(name)) throw new InvalidInputError('name', `index "${name}" exists for ${key}`);
    map.set(name, fn);
    this.#kinds.get(this.#readSlot(kind))?.pending.then(
      (entry) => {
        if (entry.indexers.has(name)) return; // created after this call: it has the index already
        entry.indexers.set(name, fn);
        for (const { informer } of entry.informers.values()) informer.addIndex(name, fn);
      },
      () => undefined,
    );
  }

  /**
   * Whether reads of `kind` from this cache run its `decode`: it is a descriptor with one, and the
   * cache holds more than metadata of the kind (`byKind` `metadataOnly`: there is nothing to decode,
   * and reads hand out the metadata as they are).
   */
  decodes(kind: KindRef): boolean {
    return hasDecode(kind) && !this.#cachesMetadataOnly(gvkKey(kind));
  }

  /** The scope of a kind's informers: its `byKind` entry or the cache's defaults. */
  #scope(key: string): ResolvedKindScope {
    return this.#options.byKind.get(key) ?? this.#options.kindDefaults;
  }

  /** Whether `byKind` caches the kind metadata-only (then reads and every lease of it see metadata). */
  #cachesMetadataOnly(key: string): boolean {
    return this.#scope(key).metadataOnly;
  }

  /** The key of the informers reads of `kind` use (its `byKind` projection). */
  #readSlot(kind: KindRef): string {
    const key = gvkKey(kind);
    return projectionKey(key, this.#cachesMetadataOnly(key));
  }

  /** Whether `indexField(kind, name, ...)` was called: a `fieldSelector` term `name=value` then uses that index. */
  hasIndex(kind: KindRef, name: string): boolean {
    return this.#pendingIndexes.get(gvkKey(kind))?.has(name) ?? false;
  }

  /**
   * Resolves to `true` once the informer that holds objects of `namespace` (ignored for
   * cluster-scoped kinds) has seen `resourceVersion` — its store reflects every change up to it —
   * and to `false` after `timeoutMs` or when the resourceVersions are not integers (see
   * `compareResourceVersions`). Starts the kind's informers like a read does, and rejects like
   * one (`CacheSyncError`, `MissingInformerError`, ...). A namespace this cache does not hold
   * resolves `true` at once: no read of the cache can show it anyway. Used for read-your-writes.
   */
  async waitForResourceVersion(
    kind: KindRef,
    resourceVersion: string,
    options: { namespace?: string | undefined; signal?: AbortSignal | undefined; timeoutMs?: number | undefined } = {},
  ): Promise<boolean> {
    const entry = await this.#entry(kind, options.signal, true, false);
    const namespace = entry.scope === 'Namespaced' ? (options.namespace ?? '') : '';
    const found = entry.informers.get(namespace) ?? entry.informers.get('');
    if (!found) return true;
    return found.informer.waitForResourceVersion(resourceVersion, {
      ...(options.signal && { signal: options.signal }),
      ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
    });
  }

  /**
   * One object from the cache. A descriptor with a `decode` decodes the stored (wire) object, once
   * per change of the object (see `KindDescriptor.decode`).
   * @throws `NotFoundError`; `CodecError` (`Decode`) when the object does not fit `kind`.
   */
  async get<K extends KindRef>(kind: K, name: string, options: GetOptions = {}): Promise<ObjectOf<K>> {
    const found = this.#readEntry(kind, options.signal);
    const entry = found instanceof Promise ? await found : found;
    // like Client.get: a namespaced get without a namespace is made in the client's default namespace
    const namespace =
      entry.scope === 'Namespaced' ? options.namespace || this.#options.client.defaultNamespace : undefined;
    if (entry.scope === 'Namespaced' && !namespace) {
      throw new InvalidInputError('namespace', `is required to get a namespaced ${kind.kind}`);
    }
    const informer = this.#informerFor(entry, namespace);
    if (!informer.hasSynced) await informer.waitForSync({ signal: options.signal });
    const stored = informer.store.get(name, namespace);
    if (!stored) {
      throw new NotFoundError({
        code: 404,
        status: { reason: 'NotFound', message: `${kind.kind} "${name}" not found in the cache`, details: { name } },
      });
    }
    const obj = this.decodes(kind) ? decodeStored(kind, stored) : stored;
    return (this.#options.cloneOnRead ? structuredClone(obj) : obj) as ObjectOf<K>;
  }

  /**
   * Objects from the cache. `labelSelector` is evaluated on the cached objects; a `fieldSelector`
   * term `name=value` uses the index of that name when there is one (see `indexField`), else it
   * is evaluated on every cached object of the scope (O(objects)). `limit`, `continue` and
   * `resourceVersion` are ignored: the answer is every matching object. Selectors match the stored
   * (wire) objects; a descriptor with a `decode` then decodes each match, once per change of the
   * object, and the list fails with a `CodecError` (`Decode`) naming the first one that does not fit.
   */
  async list<K extends KindRef>(kind: K, options: ListOptions = {}): Promise<ObjectList<ObjectOf<K>>> {
    const found = this.#readEntry(kind, options.signal);
    const entry = found instanceof Promise ? await found : found;
    const namespace = entry.scope === 'Namespaced' ? options.namespace || undefined : undefined;
    const informers =
      namespace === undefined
        ? [...entry.informers.values()].map((i) => i.informer)
        : [this.#informerFor(entry, namespace)];
    if (!informers.every((i) => i.hasSynced)) {
      await Promise.all(informers.map((i) => i.waitForSync({ signal: options.signal })));
    }
    const labels = parseLabelSelector(options.labelSelector);
    const fields = parseFieldSelector(options.fieldSelector).requirements;
    // The first `name=value` term of each index is looked up in the store; the others are checked
    // per object: on the index's values where the field is an index, else on the field's value.
    const index: Record<string, string> = {};
    const scanned = fields.filter((f) => {
      if (f.operator === '=' && entry.indexers.has(f.field) && index[f.field] === undefined) {
        index[f.field] = f.value;
        return false;
      }
      return true;
    });
    const holds = (obj: KubeObject, f: FieldRequirement): boolean => {
      const indexer = entry.indexers.get(f.field);
      const equal = indexer ? indexer(obj).includes(f.value) : fieldValueOf(obj, f.field) === f.value;
      return equal === (f.operator === '=');
    };
    const items: KubeObject[] = [];
    let resourceVersion = '';
    const decoding = this.decodes(kind);
    for (const informer of informers) {
      resourceVersion = informer.resourceVersion;
      for (const stored of informer.store.list({ namespace, index })) {
        if (!labels.matches(stored.metadata?.labels)) continue;
        if (!scanned.every((f) => holds(stored, f))) continue;
        const obj: KubeObject = decoding ? decodeStored(kind, stored) : stored;
        items.push(this.#options.cloneOnRead ? structuredClone(obj) : obj);
      }
    }
    return {
      apiVersion: kind.apiVersion,
      kind: `${kind.kind}List`,
      metadata: informers.length === 1 ? { resourceVersion } : {},
      items: items as ObjectOf<K>[],
    };
  }

  #informerFor(entry: KindEntry, namespace: string | undefined): SharedInformer {
    const found = entry.informers.get(namespace ?? '') ?? entry.informers.get('');
    if (!found) throw new InvalidInputError('namespace', `"${namespace}" is not cached for ${entry.key}`);
    return found.informer;
  }

  /**
   * The entry of a kind in a projection, created on first use: metadata-only when asked or when
   * `byKind` caches the kind so. A `read` takes the cache's own hold on it.
   */
  #entry(kind: KindRef, signal: AbortSignal | undefined, read: boolean, metadataOnly: boolean): Promise<KindEntry> {
    if (!this.#signal || this.#signal.aborted) return Promise.reject(new CacheNotStartedError());
    const key = gvkKey(kind);
    const metadata = metadataOnly || this.#cachesMetadataOnly(key);
    const slotKey = projectionKey(key, metadata);
    let slot = this.#kinds.get(slotKey);
    if (!slot) {
      if (read && this.#options.failOnMissingInformer) return Promise.reject(new MissingInformerError(key));
      const created: KindSlot = { pending: this.#create(kind, key, metadata, this.#signal, signal) };
      created.pending.then(
        (entry) => {
          created.entry = entry;
        },
        () => {
          if (this.#kinds.get(slotKey) === created) this.#kinds.delete(slotKey);
        },
      );
      this.#kinds.set(slotKey, created);
      slot = created;
    }
    if (!read) return slot.pending;
    return slot.pending.then((entry) => {
      if (!entry.heldByCache) {
        entry.heldByCache = true;
        entry.refs++;
      }
      return entry;
    });
  }

  /** The entry of a kind for a read: at once when reads already hold it, else through `#entry`. */
  #readEntry(kind: KindRef, signal: AbortSignal | undefined): KindEntry | Promise<KindEntry> {
    const entry = this.#signal?.aborted === false ? this.#kinds.get(this.#readSlot(kind))?.entry : undefined;
    return entry?.heldByCache ? entry : this.#entry(kind, signal, true, false);
  }

  async #create(
    kind: KindRef,
    key: string,
    metadataOnly: boolean,
    cacheSignal: AbortSignal,
    signal?: AbortSignal,
  ): Promise<KindEntry> {
    const mapping = await this.#options.client.restMapper.mapping(kind, signal);
    const scope = this.#scope(key);
    const followsCacheNamespaces = mapping.scope === 'Namespaced' && scope.namespaces === undefined;
    const namespaces = mapping.scope === 'Namespaced' ? (scope.namespaces ?? this.#namespaces ?? ['']) : [''];
    const slot = projectionKey(key, metadataOnly);
    const entry: KindEntry = {
      key,
      slot,
      metadataOnly,
      kind,
      scope: mapping.scope,
      informers: new Map(),
      // indexes serve reads, which use the kind's byKind projection only
      indexers: new Map(slot === this.#readSlot(kind) ? this.#pendingIndexes.get(key) : undefined),
      refs: 0,
      heldByCache: false,
      followsCacheNamespaces: followsCacheNamespaces && this.#namespaces !== undefined,
      handlers: new Map(),
    };
    for (const namespace of namespaces) this.#startInformer(entry, namespace, cacheSignal);
    return entry;
  }

  #startInformer(entry: KindEntry, namespace: string, cacheSignal: AbortSignal): void {
    const scope = this.#scope(entry.key);
    const lw = clientListerWatcher(this.#options.client, entry.kind, {
      namespace: namespace || undefined,
      labelSelector: scope.labelSelector,
      fieldSelector: scope.fieldSelector,
      metadataOnly: entry.metadataOnly,
      // the default transform drops them: cheaper never to parse them
      dropManagedFields: scope.transform === dropManagedFields,
    });
    const log = this.#options.logger.child({ kind: entry.slot, namespace });
    const informer = new SharedInformer(lw, {
      onHandlerError: (err, event) => log.error({ err, event: event.type }, 'informer event handler failed'),
      onHandlerLag: (lag) =>
        log.warn(
          { handler: lag.name, pending: lag.pending, oldestEventAgeMs: lag.oldestEventAgeMs },
          'informer event handler is falling behind',
        ),
      ...this.#options.informer,
      name: namespace ? `${entry.slot} in ${namespace}` : entry.slot,
      indexers: Object.fromEntries(entry.indexers),
      transform: scope.transform,
    });
    logInformerTrouble(informer, log);
    const controller = new AbortController();
    const stop = () => controller.abort(cacheSignal.reason);
    cacheSignal.addEventListener('abort', stop, { once: true });
    const done = informer.start(controller.signal).finally(() => {
      cacheSignal.removeEventListener('abort', stop);
      this.#running.delete(done);
    });
    this.#running.add(done);
    const offs = new Map<InformerHandler, () => void>();
    for (const [h, o] of entry.handlers) offs.set(h, informer.subscribe(h, o));
    entry.informers.set(namespace, { informer, controller, done, offs });
  }

  /**
   * Caches one more namespace: running informers of namespaced kinds that follow the cache's
   * namespaces get one for it (lease handlers included), and so do kinds started later. Does
   * nothing for a cache of all namespaces.
   */
  async addNamespace(namespace: string): Promise<void> {
    if (this.#namespaces === undefined || this.#namespaces.includes(namespace)) return;
    this.#namespaces = [...this.#namespaces, namespace];
    const signal = this.#signal;
    if (!signal || signal.aborted) return;
    for (const { pending } of this.#kinds.values()) {
      const entry = await pending.catch(() => undefined);
      if (entry?.followsCacheNamespaces && !entry.informers.has(namespace))
        this.#startInformer(entry, namespace, signal);
    }
  }

  /**
   * Stops caching a namespace: its informers stop and their objects are dropped (handlers get no
   * deletes for them). Resolves once they have stopped. Does nothing for a cache of all namespaces.
   */
  async removeNamespace(namespace: string): Promise<void> {
    if (this.#namespaces === undefined || !this.#namespaces.includes(namespace)) return;
    this.#namespaces = this.#namespaces.filter((n) => n !== namespace);
    const stopped: Promise<void>[] = [];
    for (const { pending } of this.#kinds.values()) {
      const entry = await pending.catch(() => undefined);
      const running = entry?.followsCacheNamespaces ? entry.informers.get(namespace) : undefined;
      if (!entry || !running) continue;
      entry.informers.delete(namespace);
      running.controller.abort();
      stopped.push(running.done);
    }
    await Promise.all(stopped);
  }

  /** The namespaces cached for kinds that follow the cache's namespaces; `undefined`: all. */
  get namespaces(): readonly string[] | undefined {
    return this.#namespaces;
  }

  async #unref(entry: KindEntry): Promise<void> {
    entry.refs--;
    if (entry.refs > 0) return;
    this.#kinds.delete(entry.slot);
    for (const { controller } of entry.informers.values()) controller.abort();
    await Promise.all([...entry.informers.values()].map((i) => i.done));
  }
}

/** A handler of a decoding lease: the events of the objects that fit `kind`, decoded (see {@link InformerLease}). */
function decodingHandler(kind: KindRef, handler: InformerHandler): InformerHandler {
  return (event) => {
    const change = decodeChange(kind, event);
    return change === undefined ? undefined : handler(change);
  };
}

function decodeChange(kind: KindRef, event: InformerEvent): InformerEvent | undefined {
  const object = decodeStoredIfFits(kind, event.object) as KubeObject | undefined;
  if (event.type !== 'update') {
    if (object === undefined) return undefined;
    return event.initial ? { type: event.type, object, initial: true } : { type: event.type, object };
  }
  const oldObject = decodeStoredIfFits(kind, event.oldObject) as KubeObject | undefined;
  if (object === undefined) return oldObject === undefined ? undefined : { type: 'delete', object: oldObject };
  return oldObject === undefined ? { type: 'add', object } : { type: 'update', oldObject, object };
}

/** A store of a decoding lease: the objects that fit `kind`, decoded (see {@link InformerLease}). */
function decodingStore(kind: KindRef, store: StoreReader): StoreReader {
  return {
    get: (name, namespace) => {
      const obj = store.get(name, namespace);
      return obj === undefined ? undefined : (decodeStoredIfFits(kind, obj) as KubeObject | undefined);
    },
    list: (options?: StoreListOptions) => {
      const out: KubeObject[] = [];
      for (const obj of store.list(options)) {
        const decoded = decodeStoredIfFits(kind, obj) as KubeObject | undefined;
        if (decoded !== undefined) out.push(decoded);
      }
      return out;
    },
    get size() {
      return store.size;
    },
    get bytes() {
      return store.bytes;
    },
    get indexNames() {
      return store.indexNames;
    },
  };
}

/**
 * Logs what goes wrong with an informer and when it heals: each list or watch failure (warn, with
 * the retry delay), each relist after 410 Gone (info), and the first success after failures (info).
 */
function logInformerTrouble(informer: SharedInformer, log: Logger): void {
  let failures = 0;
  informer.onStatus((event) => {
    if (event.type === 'error') {
      failures++;
      log.warn({ err: event.error, retryInMs: event.retryInMs, failures }, 'list/watch failed; retrying');
    } else if (event.type === 'relist') {
      log.info(
        { reason: (event.error as { reason?: unknown } | undefined)?.reason ?? 'Gone' },
        'resourceVersion expired; listing again',
      );
    } else if (failures > 0 && event.status.lastError === undefined && event.status.phase === 'synced') {
      log.info({ failures }, 'list/watch recovered');
      failures = 0;
    }
  });
}
