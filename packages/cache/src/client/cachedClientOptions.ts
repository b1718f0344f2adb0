import type { Client } from '@kubekit/client';
import { type Clock, consoleLogger, InvalidInputError, type KindRef, type Logger, systemClock } from '@kubekit/core';
import type { InformerCache } from '../cache/informerCache.js';
import {
  DEFAULT_DIRECT_READ_CACHE_MAX,
  DEFAULT_DIRECT_READ_CACHE_TTL_MS,
  DEFAULT_READ_YOUR_WRITES_TIMEOUT_MS,
} from '../defaults.js';

/** Options of {@link CachedClient}. Only `client` and `cache` are required. */
export interface CachedClientOptions {
  /** Writes, direct reads and `apiReader` go through this client. */
  client: Client;
  /** Cached reads come from this informer cache (start it before reading). */
  cache: InformerCache;
  /**
   * Kinds always read from the API server (through the short-lived direct-read cache), never
   * cached: kinds too big or too rarely read to keep an informer for. @default []
   */
  uncached?: readonly KindRef[];
  /**
   * Read-your-writes: after a write through this client returns resourceVersion R, a cached read
   * of that object (or a list of its kind) waits until the informer has seen R, and a delete makes
   * later cached gets return `NotFound`. `false` gives plain informer latency. @default true
   */
  readYourWrites?: boolean;
  /**
   * How long a cached read waits for the informer to catch up with this client's write, in ms,
   * before reading from the API server instead. An informer is normally milliseconds behind; 5 s
   * rides out a busy server or a watch being re-established, and still bounds a reconcile's stall
   * when the watch is broken (each such read then costs one direct request). @default 5000
   */
  readYourWritesTimeoutMs?: number;
  /**
   * The short-lived cache of direct reads of uncached (and forbidden) kinds: answers kept `ttlMs`
   * ms, at most `max` entries. Writes through this client to an object drop its entries and every
   * list of its kind. `false` turns it off. @default { ttlMs: 2000, max: 1000 }
   */
  directReadCache?:
    | {
        /** How long an answer is reused, in ms. @default 2000 */
        ttlMs?: number;
        /** The most answers kept; the oldest go first. @default 1000 */
        max?: number;
      }
    | false;
  /**
   * A `list` whose `fieldSelector` has a term the cache has no index for (see `indexField`) is sent
   * to the API server instead of being evaluated on cached objects, so the server's field-selector
   * semantics apply exactly. `metadata.name` and `metadata.namespace` are always exact in the cache.
   * Per call: `list(kind, { exactFieldSelector })`. @default false
   */
  exactFieldSelectors?: boolean;
  /** Where to log fallbacks (a warning once per forbidden kind) and read-your-writes timeouts. @default warnings and errors to the console */
  logger?: Logger;
  /** Clock of read-your-writes timeouts and wait durations (tests inject fake time). @default systemClock */
  clock?: Clock;
}

/** {@link CachedClientOptions} with every default filled in. */
export interface ResolvedCachedClientOptions {
  client: Client;
  cache: InformerCache;
  uncached: readonly KindRef[];
  readYourWrites: boolean;
  readYourWritesTimeoutMs: number;
  directReadCache: { ttlMs: number; max: number } | false;
  exactFieldSelectors: boolean;
  logger: Logger;
  clock: Clock;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || Number.isNaN(v) || v <= 0) {
    throw new InvalidInputError(`options.${name}`, `must be a number > 0, got ${String(v)}`);
  }
  return v;
}

/** Fills the defaults of {@link CachedClientOptions}; throws `InvalidInputError` naming a bad option. */
export function resolveCachedClientOptions(options: CachedClientOptions): ResolvedCachedClientOptions {
  if (!options.client) throw new InvalidInputError('options.client', 'is required');
  if (!options.cache) throw new InvalidInputError('options.cache', 'is required');
  const direct = options.directReadCache;
  return {
    client: options.client,
    cache: options.cache,
    uncached: options.uncached ?? [],
    readYourWrites: options.readYourWrites ?? true,
    readYourWritesTimeoutMs: positive(
      'readYourWritesTimeoutMs',
      options.readYourWritesTimeoutMs,
      DEFAULT_READ_YOUR_WRITES_TIMEOUT_MS,
    ),
    directReadCache:
      direct === false
        ? false
        : {
            ttlMs: positive('directReadCache.ttlMs', direct?.ttlMs, DEFAULT_DIRECT_READ_CACHE_TTL_MS),
            max: Math.floor(positive('directReadCache.max', direct?.max, DEFAULT_DIRECT_READ_CACHE_MAX)),
          },
    exactFieldSelectors: options.exactFieldSelectors ?? false,
    logger: options.logger ?? consoleLogger({ level: 'warn' }),
    clock: options.clock ?? systemClock,
  };
}
