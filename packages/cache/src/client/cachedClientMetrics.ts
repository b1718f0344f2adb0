/**
 * Why a read of a {@link CachedClient} went to the API server instead of the informer cache:
 * - `uncached`: the kind is configured `uncached`.
 * - `forbidden`: the kind's informer cannot sync because the server refuses its list or watch (403).
 * - `live`: the caller asked for a live read (`{ live: true }`).
 * - `options`: options a cache cannot honour (`limit`, `continue`, a `resourceVersion` other than
 *   `"0"`, `resourceVersionMatch: 'Exact'`).
 * - `fieldSelector`: an exact field selector without an index in the cache.
 * - `readYourWritesTimeout`: the informer did not catch up with this client's write in time.
 * - `resourceVersionNotComparable`: a resourceVersion is not an integer, so "has the informer seen
 *   my write" cannot be answered.
 */
export type FallbackReason =
  | 'uncached'
  | 'forbidden'
  | 'live'
  | 'options'
  | 'fieldSelector'
  | 'readYourWritesTimeout'
  | 'resourceVersionNotComparable';

/** Every {@link FallbackReason}, in a fixed order. */
export const FALLBACK_REASONS: readonly FallbackReason[] = [
  'uncached',
  'forbidden',
  'live',
  'options',
  'fieldSelector',
  'readYourWritesTimeout',
  'resourceVersionNotComparable',
];

/** The read verbs a {@link CachedClient} counts. */
export type ReadVerb = 'get' | 'list';

/** What {@link CachedClientMetrics.subscribe} listeners receive, told apart by `type`. */
export type CachedClientEvent =
  /** A read answered from the informer cache. */
  | {
      /** A read answered from the informer cache. */
      readonly type: 'cacheHit';
      /** The kind read, as `Kind.apiVersion`. */
      readonly kind: string;
      /** `get` or `list`. */
      readonly verb: ReadVerb;
    }
  /** A read sent to the API server, and why. */
  | {
      /** A read sent to the API server. */
      readonly type: 'fallback';
      /** The kind read, as `Kind.apiVersion`. */
      readonly kind: string;
      /** `get` or `list`. */
      readonly verb: ReadVerb;
      /** Why the read went to the API server. */
      readonly reason: FallbackReason;
    }
  /** A direct read answered by the short-lived direct-read cache (no request). */
  | {
      /** A direct read answered by the direct-read cache. */
      readonly type: 'directCacheHit';
      /** The kind read, as `Kind.apiVersion`. */
      readonly kind: string;
      /** `get` or `list`. */
      readonly verb: ReadVerb;
    }
  /** A cached read waited for the informer to see this client's write. */
  | {
      /** A cached read waited for the informer to see this client's write. */
      readonly type: 'readYourWritesWait';
      /** The kind read, as `Kind.apiVersion`. */
      readonly kind: string;
      /** `get` or `list`. */
      readonly verb: ReadVerb;
      /** How long the read waited, in ms. */
      readonly durationMs: number;
      /** The write was seen, the wait timed out (the read then went to the server), or versions could not be compared. */
      readonly outcome: 'seen' | 'timeout' | 'notComparable';
    };

/** The counters of a {@link CachedClient}, as plain numbers. */
export interface CachedClientCounters {
  /** Reads answered from the informer cache. */
  cacheHits: number;
  /** Reads not answered from the informer cache (each fallback), whether or not the direct-read cache then had them. */
  cacheMisses: number;
  /** Misses by reason. */
  fallbacks: Record<FallbackReason, number>;
  /** Direct reads answered by the direct-read cache. */
  directCacheHits: number;
  /** Direct reads sent to the API server. */
  directReads: number;
  /** Cached reads that waited for the informer to see this client's write. */
  readYourWritesWaits: number;
  /** Total time of those waits, in ms. */
  readYourWritesWaitMs: number;
  /** Longest of those waits, in ms. */
  readYourWritesMaxWaitMs: number;
}

/**
 * Counters of one {@link CachedClient} (never global: two clients count apart), readable at any time
 * through `snapshot()`, plus a stream of events so a manager can feed Prometheus or traces without
 * this package depending on a metrics library.
 */
export class CachedClientMetrics {
  readonly #counters: CachedClientCounters = {
    cacheHits: 0,
    cacheMisses: 0,
    fallbacks: Object.fromEntries(FALLBACK_REASONS.map((r) => [r, 0])) as Record<FallbackReason, number>,
    directCacheHits: 0,
    directReads: 0,
    readYourWritesWaits: 0,
    readYourWritesWaitMs: 0,
    readYourWritesMaxWaitMs: 0,
  };
  readonly #listeners = new Set<(event: CachedClientEvent) => void>();

  /** A copy of the counters now. */
  snapshot(): CachedClientCounters {
    return { ...this.#counters, fallbacks: { ...this.#counters.fallbacks } };
  }

  /** Calls `listener` on every counted event; returns the unsubscribe function. */
  subscribe(listener: (event: CachedClientEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Counts an event and passes it to the listeners (a throwing listener is ignored). */
  record(event: CachedClientEvent): void {
    const c = this.#counters;
    switch (event.type) {
      case 'cacheHit':
        c.cacheHits++;
        break;
      case 'fallback':
        c.cacheMisses++;
        c.fallbacks[event.reason]++;
        break;
      case 'directCacheHit':
        c.directCacheHits++;
        break;
      case 'readYourWritesWait':
        c.readYourWritesWaits++;
        c.readYourWritesWaitMs += event.durationMs;
        c.readYourWritesMaxWaitMs = Math.max(c.readYourWritesMaxWaitMs, event.durationMs);
        break;
    }
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // a metrics exporter's failure must not fail the read
      }
    }
  }

  /** Counts a read sent to the API server. */
  recordDirectRead(): void {
    this.#counters.directReads++;
  }
}
