import type { Clock, KindRef, KubeObject, Logger, Status } from '@kubekit/core';
import { isComparableResourceVersion } from '@kubekit/core';
import type { InformerCache } from '../cache/informerCache.js';
import type { CachedClientMetrics, FallbackReason, ReadVerb } from './cachedClientMetrics.js';
import { tombstoneHides, WriteTracker } from './writeTracker.js';

/** Options of {@link ReadYourWrites}: the cached client's, resolved. */
export interface ReadYourWritesOptions {
  /** `false`: reads follow plain informer latency, nothing is waited for or hidden. */
  readonly enabled: boolean;
  readonly cache: InformerCache;
  readonly clock: Clock;
  /** Longest wait for the informer, in ms. */
  readonly timeoutMs: number;
  readonly logger: Logger;
  readonly metrics: CachedClientMetrics;
}

/**
 * Read-your-writes of a `CachedClient` (the promise in docs/client.md, "The consistency promise"):
 * it records what each write through the client answered ({@link WriteTracker}: resourceVersions
 * and tombstones), makes a cached read wait until the informer has seen the writes it must show —
 * bounded by the timeout, on the client's clock, waking on the informer's events — and hides the
 * objects this client deleted until the informer has seen the delete. When a read cannot be
 * answered from the cache after all, it says why (a {@link FallbackReason}), and the read goes to
 * the API server.
 */
export class ReadYourWrites {
  readonly #o: ReadYourWritesOptions;
  readonly #tracker = new WriteTracker();

  constructor(options: ReadYourWritesOptions) {
    this.#o = options;
  }

  /**
   * Before a cached `get` of `namespace/name`: waits until the informer has seen this client's last
   * write to it. `undefined` when the cache may answer; else why it may not.
   */
  async beforeGet(
    kind: KindRef,
    key: string,
    namespace: string,
    name: string,
    signal: AbortSignal | undefined,
  ): Promise<FallbackReason | undefined> {
    const written = this.#o.enabled ? this.#tracker.objectVersion(key, namespace, name) : undefined;
    if (written === undefined) return undefined;
    const reason = await this.#awaitSeen(kind, key, 'get', namespace, written, signal);
    if (reason === undefined) this.#tracker.settleObject(key, namespace, name, written);
    return reason;
  }

  /**
   * Whether a cached object is one this client deleted (or an older state of it), which a read
   * must not show; `undefined` when the resourceVersions cannot be compared.
   */
  hides(key: string, obj: KubeObject): boolean | undefined {
    if (!this.#o.enabled) return false;
    const namespace = obj.metadata?.namespace ?? '';
    const name = obj.metadata?.name ?? '';
    const tombstone = this.#tracker.tombstone(key, namespace, name);
    if (!tombstone) return false;
    const hides = tombstoneHides(tombstone, obj);
    // the object came back, newer: forget the delete
    if (hides === false) this.#tracker.dropTombstone(key, namespace, name);
    return hides;
  }

  /**
   * Before a cached `list` in `namespace` (`''`: all namespaces, or a cluster-scoped kind): waits,
   * per namespace it covers, until the informer has seen this client's writes there. `undefined`
   * when the cache may answer; else why it may not.
   */
  async beforeList(
    kind: KindRef,
    key: string,
    namespace: string,
    signal: AbortSignal | undefined,
  ): Promise<FallbackReason | undefined> {
    if (!this.#o.enabled) return undefined;
    const pending = this.#tracker.listVersions(key, namespace || undefined);
    for (const [ns, rv] of pending) {
      const reason = await this.#awaitSeen(kind, key, 'list', ns, rv, signal);
      if (reason !== undefined) return reason;
    }
    for (const [ns, rv] of pending) this.#tracker.settleList(key, ns, rv);
    return undefined;
  }

  /** The listed objects a read may show (tombstoned ones left out); `undefined` when that cannot be told. */
  visible(key: string, items: KubeObject[]): KubeObject[] | undefined {
    if (!this.#o.enabled || !this.#tracker.hasTombstones(key)) return items;
    const shown: KubeObject[] = [];
    for (const item of items) {
      const hides = this.hides(key, item);
      if (hides === undefined) return undefined;
      if (!hides) shown.push(item);
    }
    return shown;
  }

  /** After a write (or, with `fromDelete`, a delete) through the client answered `obj`. */
  recordAnswer(key: string, obj: KubeObject, fromDelete = false): void {
    this.#tracker.recordAnswer(key, obj, fromDelete);
  }

  /**
   * After a delete of `namespace/name` answered a `Status` (the object is gone): a tombstone by the
   * uid in its details. A delete answered with the object goes to {@link ReadYourWrites.recordAnswer}.
   */
  recordDeleteStatus(key: string, namespace: string, name: string, answer: Status): void {
    const uid = answer.details?.uid;
    if (uid) this.#tracker.recordDelete(key, namespace, name, { uid, resourceVersion: undefined });
  }

  /** After a subresource write to `namespace/name` whose answer carried the object's resourceVersion. */
  recordWrite(key: string, namespace: string, name: string, resourceVersion: string): void {
    this.#tracker.recordWrite(key, namespace, name, resourceVersion);
  }

  /**
   * Waits until the kind's informer for `namespace` has seen `rv`, at most the timeout.
   * `undefined` once seen; else why not. Rejects like a cache read (e.g. `CacheSyncError`) and with
   * the caller's signal.
   */
  async #awaitSeen(
    kind: KindRef,
    key: string,
    verb: ReadVerb,
    namespace: string,
    rv: string,
    signal: AbortSignal | undefined,
  ): Promise<FallbackReason | undefined> {
    const { cache, clock, timeoutMs, logger, metrics } = this.#o;
    const started = clock.now();
    const record = (outcome: 'seen' | 'timeout' | 'notComparable') =>
      metrics.record({ type: 'readYourWritesWait', kind: key, verb, durationMs: clock.now() - started, outcome });
    if (!isComparableResourceVersion(rv)) {
      record('notComparable');
      return 'resourceVersionNotComparable';
    }
    const deadline = new AbortController();
    const timer = clock.sleep(timeoutMs, deadline.signal).then(
      () => deadline.abort(new Error('read-your-writes timeout')),
      () => undefined,
    );
    const stop = signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal;
    try {
      const seen = await cache.waitForResourceVersion(kind, rv, { namespace: namespace || undefined, signal: stop });
      record(seen ? 'seen' : 'notComparable');
      return seen ? undefined : 'resourceVersionNotComparable';
    } catch (error) {
      if (signal?.aborted || !deadline.signal.aborted) throw error;
      record('timeout');
      logger.debug(
        { kind: key, namespace, resourceVersion: rv, timeoutMs },
        'informer did not see this write in time; reading from the API server',
      );
      return 'readYourWritesTimeout';
    } finally {
      deadline.abort();
      await timer;
    }
  }
}
