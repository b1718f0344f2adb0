import type { GetOptions, ListOptions } from '@kubekit/client';
import { gvkKey, type KindRef, parseFieldSelector } from '@kubekit/core';
import type { InformerCache } from '../cache/informerCache.js';
import type { FallbackReason, ReadVerb } from './cachedClientMetrics.js';

/** The options of a read that decide its route: the client's, plus `live` and `exactFieldSelector`. */
export interface RoutedReadOptions extends ListOptions, Pick<GetOptions, 'metadataOnly'> {
  live?: boolean | undefined;
  exactFieldSelector?: boolean | undefined;
}

/**
 * Where a read goes, and why. A read sent to the API server says whether the direct-read cache may
 * answer it (`lookup`) and keep its answer (`keep`): only reads of kinds always read directly
 * (`uncached`, `forbidden`) use it, and neither paged nor versioned reads; a `live` read is never
 * answered from it but refreshes it.
 */
export type ReadRoute = { readonly source: 'cache' } | ServerRoute;

/** A read routed to the API server (see {@link ReadRoute}). */
export interface ServerRoute {
  readonly source: 'server';
  readonly reason: FallbackReason;
  /** The direct-read cache may answer it. */
  readonly lookup: boolean;
  /** The direct-read cache keeps its answer. */
  readonly keep: boolean;
}

/** Field selector keys the cache evaluates exactly as the server does, index or not. */
const EXACT_FIELDS = new Set(['metadata.name', 'metadata.namespace']);

/**
 * The decision "informer cache or API server, and why" of a `CachedClient`'s reads. It knows the
 * kinds read directly — configured `uncached`, or found `forbidden` (their informer was refused
 * with 403) — and the options a cache cannot answer. Reasons apply in the order of
 * {@link FallbackReason}'s table (docs/client.md). Read-your-writes, which can send a read routed
 * to the cache on to the server after a wait, is {@link serverRoute}.
 */
export class ReadRouter {
  readonly #uncached: ReadonlySet<string>;
  readonly #forbidden = new Set<string>();
  readonly #cache: InformerCache;
  readonly #exactFieldSelectors: boolean;

  constructor(options: { uncached: readonly KindRef[]; cache: InformerCache; exactFieldSelectors: boolean }) {
    this.#uncached = new Set(options.uncached.map((k) => gvkKey(k)));
    this.#cache = options.cache;
    this.#exactFieldSelectors = options.exactFieldSelectors;
  }

  /** Why every read of this kind (by `gvkKey`) goes to the API server, if it does. */
  kindReason(key: string): 'uncached' | 'forbidden' | undefined {
    if (this.#uncached.has(key)) return 'uncached';
    if (this.#forbidden.has(key)) return 'forbidden';
    return undefined;
  }

  /** Reads this kind from the API server from now on (its informer was refused); `false` if it already did. */
  forbid(key: string): boolean {
    if (this.#forbidden.has(key)) return false;
    this.#forbidden.add(key);
    return true;
  }

  /** Where a `get` or `list` of `kind` with these options goes. */
  route(kind: KindRef, key: string, verb: ReadVerb, options: RoutedReadOptions): ReadRoute {
    const byKind = this.kindReason(key);
    const byOptions = optionsReason(options);
    const reason =
      byKind ??
      (options.live ? 'live' : undefined) ??
      byOptions ??
      (verb === 'list' && !this.#fieldsExact(kind, options) ? 'fieldSelector' : undefined);
    if (reason === undefined) return { source: 'cache' };
    const direct = byKind !== undefined && byOptions === undefined;
    return { source: 'server', reason, lookup: direct && !options.live, keep: direct };
  }

  /** Whether the cache answers this list's field selector as the server would (or exactness is off). */
  #fieldsExact(kind: KindRef, options: RoutedReadOptions): boolean {
    if (!(options.exactFieldSelector ?? this.#exactFieldSelectors)) return true;
    return parseFieldSelector(options.fieldSelector).requirements.every(
      (r) => EXACT_FIELDS.has(r.field) || (r.operator === '=' && this.#cache.hasIndex(kind, r.field)),
    );
  }
}

/** The route of a read the cache could not answer after all (read-your-writes), for `reason`. */
export function serverRoute(reason: FallbackReason): ServerRoute {
  return { source: 'server', reason, lookup: false, keep: false };
}

/** Why these read options need the API server, if they do. */
function optionsReason(options: RoutedReadOptions): FallbackReason | undefined {
  if (options.limit !== undefined || options.continue) return 'options';
  const rv = options.resourceVersion;
  if (rv !== undefined && rv !== '' && rv !== '0') return 'options';
  if (options.resourceVersionMatch === 'Exact') return 'options';
  return undefined;
}
