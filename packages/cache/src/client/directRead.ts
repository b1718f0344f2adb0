import type { Client, GetOptions, ListOptions } from '@kubekit/client';
import { decodeObject, type KindRef, type ObjectList, type ObjectOf } from '@kubekit/core';
import { hasDecode, wireKind } from '@kubekit/core/internal';
import type { CachedClientMetrics, ReadVerb } from './cachedClientMetrics.js';
import { type DirectReadCache, directGetKey, directListKey } from './directReadCache.js';
import type { ServerRoute } from './readRoute.js';

/**
 * The one path of a `CachedClient`'s reads that go to the API server: counts the fallback and its
 * reason, answers from the short-lived direct-read cache when the route allows, else sends the
 * read through the client and keeps the answer when the route allows. The direct-read cache holds
 * wire objects (every descriptor of a kind shares its entries); answers are decoded on the way out.
 */
export class DirectReads {
  readonly #client: Client;
  readonly #cache: DirectReadCache | undefined;
  readonly #metrics: CachedClientMetrics;

  /** `cache`: the direct-read cache shared by the views of one cached client (`undefined`: off). */
  constructor(options: { client: Client; cache: DirectReadCache | undefined; metrics: CachedClientMetrics }) {
    this.#client = options.client;
    this.#cache = options.cache;
    this.#metrics = options.metrics;
  }

  /** A `get` from the API server; `namespace` as the cached client resolved it (`''` when none). */
  async get<K extends KindRef>(
    kind: K,
    key: string,
    at: { namespace: string; name: string },
    options: GetOptions,
    route: ServerRoute,
  ): Promise<ObjectOf<K>> {
    const entry = directGetKey(key, at.namespace, at.name, options.metadataOnly === true);
    const obj = await this.#read('get', key, entry, route, () => this.#client.get(wireKind(kind), at.name, options));
    return options.metadataOnly ? (obj as ObjectOf<K>) : decodeObject(kind, obj);
  }

  /** A `list` from the API server; `namespace` as the cached client resolved it (`''`: all). */
  async list<K extends KindRef>(
    kind: K,
    key: string,
    namespace: string,
    options: ListOptions,
    route: ServerRoute,
  ): Promise<ObjectList<ObjectOf<K>>> {
    const entry = directListKey(key, namespace, options);
    const list = await this.#read('list', key, entry, route, () => this.#client.list(wireKind(kind), options));
    return options.metadataOnly || !hasDecode(kind)
      ? (list as ObjectList<ObjectOf<K>>)
      : { ...list, items: list.items.map((item) => decodeObject(kind, item)) };
  }

  /** A write to one object: drops its entries and every list of its kind. */
  invalidateObject(key: string, namespace: string, name: string): void {
    this.#cache?.invalidateObject(key, namespace, name);
  }

  /** A write to many objects of a kind (`deleteAllOf`): drops everything of the kind. */
  invalidateKind(key: string): void {
    this.#cache?.invalidateKind(key);
  }

  async #read<T>(verb: ReadVerb, key: string, entry: string, route: ServerRoute, send: () => Promise<T>): Promise<T> {
    this.#metrics.record({ type: 'fallback', kind: key, verb, reason: route.reason });
    const cache = route.keep || route.lookup ? this.#cache : undefined;
    if (cache && route.lookup) {
      const hit = cache.get<T>(entry);
      if (hit !== undefined) {
        this.#metrics.record({ type: 'directCacheHit', kind: key, verb });
        return hit;
      }
    }
    const generation = cache?.generation(key) ?? 0;
    this.#metrics.recordDirectRead();
    const answer = await send();
    if (cache && route.keep) cache.set(key, entry, answer, generation);
    return answer;
  }
}
