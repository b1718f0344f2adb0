import { InvalidInputError, type KubeObject, objectKey } from '@kubekit/core';
import { DEFAULT_TRANSFORM } from '../defaults.js';
import { StringTable } from './stringTable.js';
import { settle, type Transform } from './transform.js';

/** Values of one object for one index (e.g. the node name of a Pod). An empty array: not indexed. */
export type IndexFunc<T extends KubeObject = KubeObject> = (obj: T) => readonly string[];

/** Options of {@link Store}. */
export interface StoreOptions<T extends KubeObject = KubeObject> {
  /**
   * Applied to every object before it is stored; `null` stores objects as received.
   * @default dropManagedFields (removes `metadata.managedFields`)
   */
  transform?: Transform<T> | null;
  /**
   * Deep-freeze stored objects, so a reader that changes a shared object fails loudly.
   * @default true unless `NODE_ENV` is `production`
   */
  freeze?: boolean;
  /**
   * Share equal strings between stored objects: each string value of a stored object (longer than
   * 10 characters, up to 1 KiB) is replaced by one copy kept for the whole store, so the image,
   * owner, node and label values repeated across thousands of objects are held once. Objects read
   * the same; on Pods it cut the heap per cached object by 29% for about 10% more sync CPU. The
   * table is bounded (two generations of 65,536 strings) and forgets strings the objects no longer
   * use.
   * @default true
   */
  internStrings?: boolean;
  /** Named indexes, queried with `list({ index: { name: value } })`. @default {} */
  indexers?: Readonly<Record<string, IndexFunc<T>>>;
}

/** {@link StoreOptions} with every default filled in. */
export interface ResolvedStoreOptions<T extends KubeObject = KubeObject> {
  transform: Transform<T> | null;
  freeze: boolean;
  internStrings: boolean;
  indexers: Readonly<Record<string, IndexFunc<T>>>;
}

/** Fills in the defaults of {@link StoreOptions}. */
export function resolveStoreOptions<T extends KubeObject>(options: StoreOptions<T> = {}): ResolvedStoreOptions<T> {
  return {
    transform: options.transform === undefined ? DEFAULT_TRANSFORM : options.transform,
    freeze: options.freeze ?? process.env.NODE_ENV !== 'production',
    internStrings: options.internStrings ?? true,
    indexers: options.indexers ?? {},
  };
}

/** What {@link StoreReader.list} takes. */
export interface StoreListOptions {
  /** Only objects of this namespace. @default all */
  namespace?: string;
  /** Exact matches on named indexes; several are intersected. @default none */
  index?: Readonly<Record<string, string>>;
}

/** One change the writer made, as handlers see it. */
export type StoreChange<T extends KubeObject = KubeObject> =
  | {
      /** The object was added to the store. */
      readonly type: 'add';
      /** The object as added. */
      readonly object: T;
    }
  | {
      /** The object in the store was replaced. */
      readonly type: 'update';
      /** The object as it was. */
      readonly oldObject: T;
      /** The object as it is now. */
      readonly object: T;
    }
  | {
      /** The object was removed from the store. */
      readonly type: 'delete';
      /** The object's last known state. */
      readonly object: T;
    };

/** The read side of a store: many readers share one writer. Objects are handed out without copying. */
export interface StoreReader<T extends KubeObject = KubeObject> {
  /** The object of that name (and namespace), or `undefined`. */
  get(name: string, namespace?: string): T | undefined;
  /** Objects, filtered by namespace and index values. */
  list(options?: StoreListOptions): T[];
  /** Number of objects. */
  readonly size: number;
  /**
   * Approximate bytes of the stored objects: the sum of their JSON lengths. Exact up to 256 objects;
   * above, their count times the mean JSON length of 256 objects spread evenly over the whole store
   * (old and new objects alike). Computed when read, so storing costs nothing and a read serializes
   * at most 256 objects (each once: its length is remembered).
   */
  readonly bytes: number;
  /** Names of the indexes (besides the namespace index). */
  readonly indexNames: readonly string[];
}

/** The write side of a store: one per store, held by its reflector. */
export interface StoreWriter<T extends KubeObject = KubeObject> {
  /** Adds or replaces an object; returns the change. */
  apply(obj: T): StoreChange<T>;
  /** Removes an object; returns the change with the last known state, or `undefined` if it was unknown. */
  delete(obj: T): StoreChange<T> | undefined;
  /**
   * Replaces the whole content at once (readers never see a half-filled store) and returns what
   * changed: adds, updates (resourceVersion differs) and deletes of objects missing from `items`.
   */
  replace(items: readonly T[]): StoreChange<T>[];
  /**
   * Starts a replacement filled object by object (as a list's pages or a streaming list's events
   * arrive): each object is transformed and indexed when it is put, so the raw objects are garbage
   * at once instead of piling up until the list ends. Nothing changes for readers until `commit`.
   */
  replacement(): StoreReplacement<T>;
  /** Adds an index over the current and future objects. */
  addIndex(name: string, fn: IndexFunc<T>): void;
}

/** New content for a store, put together object by object and swapped in whole by `commit`. */
export interface StoreReplacement<T extends KubeObject = KubeObject> {
  /**
   * Adds (or replaces) an object of the new content, transformed and frozen as `apply` would; an
   * object the store already holds at the same resourceVersion is kept as it is (not transformed
   * again), so a relist does not hold two copies of what did not change.
   */
  put(obj: T): void;
  /** Takes an object out of the new content again. */
  remove(obj: T): void;
  /**
   * Swaps the new content in and returns what changed against the old: adds, updates
   * (resourceVersion differs) and deletes of objects it lacks. A replacement commits once.
   */
  commit(): StoreChange<T>[];
}

/**
 * An in-memory store of one kind: objects keyed by `namespace/name`, a namespace index and named
 * indexes. Both {@link StoreReader} and {@link StoreWriter}; hand readers the reader type.
 */
export class Store<T extends KubeObject = KubeObject> implements StoreReader<T>, StoreWriter<T> {
  readonly #options: ResolvedStoreOptions<T>;
  /** Shared strings of the stored objects; `undefined` when `internStrings` is off. */
  readonly #strings: StringTable | undefined;
  #objects = new ObjectMap<T>();
  readonly #indexers = new Map<string, IndexFunc<T>>();
  /** index name -> value -> keys; the namespace index is kept here as `NAMESPACE_INDEX` (`'\0namespace'`). */
  #indexes = new Map<string, Map<string, Set<string>>>();

  constructor(options: StoreOptions<T> = {}) {
    this.#options = resolveStoreOptions(options);
    this.#strings = this.#options.internStrings ? new StringTable() : undefined;
    this.#indexers.set(NAMESPACE_INDEX, (o) => [o.metadata?.namespace ?? '']);
    for (const [name, fn] of Object.entries(this.#options.indexers)) this.#indexers.set(name, fn);
    for (const name of this.#indexers.keys()) this.#indexes.set(name, new Map());
  }

  get size(): number {
    return this.#objects.size;
  }

  get bytes(): number {
    const n = this.#objects.size;
    // every step-th object, the step fractional so that the sample spans the whole store
    const step = Math.max(1, n / BYTES_SAMPLE);
    let sum = 0;
    let sampled = 0;
    let i = 0;
    for (const obj of this.#objects.values()) {
      if (i++ < sampled * step) continue;
      sum += jsonLength(obj);
      sampled++;
    }
    return sampled === 0 ? 0 : Math.round((sum / sampled) * n);
  }

  get indexNames(): readonly string[] {
    return [...this.#indexers.keys()].filter((n) => n !== NAMESPACE_INDEX);
  }

  get(name: string, namespace?: string): T | undefined {
    return this.#objects.lookup(name, namespace);
  }

  list(options: StoreListOptions = {}): T[] {
    const filters: [string, string][] = Object.entries(options.index ?? {});
    if (options.namespace !== undefined) filters.push([NAMESPACE_INDEX, options.namespace]);
    if (filters.length === 0) return [...this.#objects.values()];
    let keys: ReadonlySet<string> | undefined;
    for (const [name, value] of filters) {
      const index = this.#indexes.get(name);
      if (!index) throw new InvalidInputError(`index.${name}`, `no index named "${name}"`);
      const found = index.get(value) ?? EMPTY;
      keys = keys === undefined ? found : new Set([...keys].filter((k) => found.has(k)));
      if (keys.size === 0) return [];
    }
    const out: T[] = [];
    for (const key of keys ?? EMPTY) {
      const obj = this.#objects.get(key);
      if (obj) out.push(obj);
    }
    return out;
  }

  apply(raw: T): StoreChange<T> {
    const obj = this.#prepare(raw);
    const key = objectKey(obj);
    const old = this.#objects.get(key);
    this.#put(this.#objects, this.#indexes, key, obj, old);
    return old ? { type: 'update', oldObject: old, object: obj } : { type: 'add', object: obj };
  }

  delete(obj: T): StoreChange<T> | undefined {
    const key = objectKey(obj);
    const old = this.#objects.get(key);
    if (!old) return undefined;
    this.#objects.delete(key);
    this.#unindex(this.#indexes, key, old);
    return { type: 'delete', object: old };
  }

  replace(items: readonly T[]): StoreChange<T>[] {
    const next = this.replacement();
    for (const obj of items) next.put(obj);
    return next.commit();
  }

  replacement(): StoreReplacement<T> {
    // build the new content aside, then swap: a reader sees the old store or the new one, never a mix
    const objects = new ObjectMap<T>();
    const indexes = new Map<string, Map<string, Set<string>>>();
    for (const name of this.#indexers.keys()) indexes.set(name, new Map());
    let committed = false;
    return {
      put: (raw) => {
        // an object the store holds at the same resourceVersion is the same object: keep the stored
        // one, so a relist holds one copy of what did not change, not two until the commit
        const rv = raw.metadata?.resourceVersion;
        const held = rv ? this.#objects.lookup(raw.metadata?.name ?? '', raw.metadata?.namespace) : undefined;
        const obj = held !== undefined && held.metadata?.resourceVersion === rv ? held : this.#prepare(raw);
        const key = objectKey(obj);
        this.#put(objects, indexes, key, obj, objects.get(key));
      },
      remove: (obj) => {
        const key = objectKey(obj);
        const old = objects.get(key);
        if (!old) return;
        objects.delete(key);
        this.#unindex(indexes, key, old);
      },
      commit: () => {
        if (committed) throw new Error('a store replacement commits once');
        committed = true;
        // an index added while the replacement was filling is built now
        for (const [name, fn] of this.#indexers) {
          if (indexes.has(name)) continue;
          const index = new Map<string, Set<string>>();
          for (const [key, obj] of objects) addTo(index, fn(obj), key);
          indexes.set(name, index);
        }
        const changes: StoreChange<T>[] = [];
        const previous = this.#objects;
        for (const [key, obj] of objects) {
          const old = previous.get(key);
          if (!old) changes.push({ type: 'add', object: obj });
          else if (old.metadata?.resourceVersion !== obj.metadata?.resourceVersion) {
            changes.push({ type: 'update', oldObject: old, object: obj });
          }
        }
        for (const [key, old] of previous) if (!objects.has(key)) changes.push({ type: 'delete', object: old });
        this.#objects = objects;
        this.#indexes = indexes;
        return changes;
      },
    };
  }

  addIndex(name: string, fn: IndexFunc<T>): void {
    if (name === NAMESPACE_INDEX || this.#indexers.has(name)) {
      throw new InvalidInputError('name', `index "${name}" exists`);
    }
    this.#indexers.set(name, fn);
    const index = new Map<string, Set<string>>();
    this.#indexes.set(name, index);
    for (const [key, obj] of this.#objects) addTo(index, fn(obj), key);
  }

  #prepare(raw: T): T {
    const obj = this.#options.transform ? this.#options.transform(raw) : raw;
    return settle(obj, this.#strings, this.#options.freeze);
  }

  #put(
    objects: ObjectMap<T>,
    indexes: Map<string, Map<string, Set<string>>>,
    key: string,
    obj: T,
    old: T | undefined,
  ): void {
    if (old) this.#unindex(indexes, key, old);
    objects.set(key, obj);
    for (const [name, fn] of this.#indexers) {
      const index = indexes.get(name);
      if (index) addTo(index, fn(obj), key);
    }
  }

  #unindex(indexes: Map<string, Map<string, Set<string>>>, key: string, obj: T): void {
    for (const [name, fn] of this.#indexers) {
      const index = indexes.get(name);
      if (!index) continue;
      for (const value of fn(obj)) {
        const keys = index.get(value);
        keys?.delete(key);
        if (keys?.size === 0) index.delete(value);
      }
    }
  }
}

/**
 * The store's objects by key (`namespace/name`), and by namespace then name: `get` looks up the
 * name in its namespace's map, without building the key string (half the time of a lookup by key
 * in a store of 150,000 objects: no string to allocate and hash, a smaller map per namespace).
 */
class ObjectMap<T extends KubeObject> {
  readonly #byKey = new Map<string, T>();
  readonly #byNamespace = new Map<string, Map<string, T>>();

  get size(): number {
    return this.#byKey.size;
  }

  get(key: string): T | undefined {
    return this.#byKey.get(key);
  }

  has(key: string): boolean {
    return this.#byKey.has(key);
  }

  lookup(name: string, namespace: string | undefined): T | undefined {
    return this.#byNamespace.get(namespace || '')?.get(name);
  }

  set(key: string, obj: T): void {
    this.#byKey.set(key, obj);
    const namespace = obj.metadata?.namespace || '';
    let names = this.#byNamespace.get(namespace);
    if (!names) {
      names = new Map();
      this.#byNamespace.set(namespace, names);
    }
    names.set(obj.metadata?.name ?? '', obj);
  }

  delete(key: string): void {
    const obj = this.#byKey.get(key);
    if (!obj) return;
    this.#byKey.delete(key);
    const namespace = obj.metadata?.namespace || '';
    const names = this.#byNamespace.get(namespace);
    names?.delete(obj.metadata?.name ?? '');
    if (names?.size === 0) this.#byNamespace.delete(namespace);
  }

  values(): IterableIterator<T> {
    return this.#byKey.values();
  }

  [Symbol.iterator](): IterableIterator<[string, T]> {
    return this.#byKey.entries();
  }
}

/**
 * The internal name of the namespace index (its value for a cluster-scoped object is `''`);
 * `indexNames` leaves it out and `addIndex` refuses it.
 */
const NAMESPACE_INDEX = '\0namespace';
const EMPTY: ReadonlySet<string> = new Set();

function addTo(index: Map<string, Set<string>>, values: readonly string[], key: string): void {
  for (const value of values) {
    let keys = index.get(value);
    if (!keys) {
      keys = new Set();
      index.set(value, keys);
    }
    keys.add(key);
  }
}

/** How many objects {@link Store.bytes} serializes at most. */
const BYTES_SAMPLE = 256;

/** JSON lengths of stored objects, measured once each (stored objects are read-only: never changed in place). */
const JSON_LENGTHS = new WeakMap<object, number>();

/** The length of `obj`'s JSON, remembered for the next read. */
function jsonLength(obj: object): number {
  let n = JSON_LENGTHS.get(obj);
  if (n === undefined) {
    n = JSON.stringify(obj)?.length ?? 0;
    JSON_LENGTHS.set(obj, n);
  }
  return n;
}
