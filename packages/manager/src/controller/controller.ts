import { randomUUID } from 'node:crypto';
import type { InformerEvent, InformerLease } from '@kubekit/cache';
import type { KubeClient } from '@kubekit/client';
import {
  type Clock,
  consoleLogger,
  InvalidInputError,
  type KindRef,
  type KubeObject,
  type Logger,
  systemClock,
} from '@kubekit/core';
import {
  DEFAULT_CACHE_SYNC_TIMEOUT_MS,
  DEFAULT_MAX_CONCURRENT_RECONCILES,
  DEFAULT_NEED_LEADER_ELECTION,
  DEFAULT_RECONCILE_TIMEOUT_MS,
} from '../defaults.js';
import { isTerminalError, ManagerStartedError, ReconcileTimeoutError } from '../errors.js';
import type { EventHandler } from '../handler/eventHandler.js';
import type { ManagerMetrics, ReconcileOutcome } from '../metrics/managerMetrics.js';
import type { Predicate } from '../predicate/predicate.js';
import type { RateLimiter } from '../queue/rateLimiters.js';
import { Priority, WorkQueue } from '../queue/workQueue.js';
import type { ReconcileFunc, ReconcilerLike } from '../reconcile/reconciler.js';
import { type Request, requestFromKey, requestKey } from '../reconcile/request.js';
import { Result } from '../reconcile/result.js';

/** Whether `v` is a {@link Result} (by shape, so two copies of the package agree). */
function isResult(v: unknown): v is Result {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as Result).action === 'string' &&
    typeof (v as Result).afterMs === 'number'
  );
}

/** Where a controller gets the informers of the kinds it watches (the manager's caches). */
export type InformerProvider = (
  kind: KindRef,
  options: { metadataOnly: boolean; signal: AbortSignal },
) => Promise<InformerLease>;

/** A handler built when the controller starts (e.g. once the owner kind's scope is known). */
export interface HandlerFactory<T extends KubeObject = KubeObject> {
  /** Builds the handler; `signal` aborts when the controller stops first. */
  resolve(signal: AbortSignal): Promise<EventHandler<T>>;
}

/** Options of one watch of a controller. */
export interface WatchOptions<T extends KubeObject = KubeObject> {
  /** Events must pass all of these (and the controller's event filters). @default [] */
  predicates?: readonly Predicate<T>[];
  /** Watch metadata only (`PartialObjectMetadata`): handlers and predicates see `metadata` only. @default false */
  metadataOnly?: boolean;
}

/** Options of {@link Controller}. */
export interface ControllerOptions {
  /** Names the controller in logs and metrics (unique in a manager). */
  name: string;
  /** What to run for each request. */
  reconciler: ReconcilerLike;
  /** Informers of the watched kinds. */
  informers: InformerProvider;
  /** The client handed to each reconcile (`context.client`); `controllerFor` passes `mgr.client`. */
  client: KubeClient;
  /** The kind the controller reconciles, for logs. @default none */
  kind?: string;
  /** Reconciles at once (never two of one request). @default 1 */
  maxConcurrentReconciles?: number;
  /** Aborts a reconcile's signal after this many ms and counts it as an error; 0 for none. @default 0 */
  reconcileTimeoutMs?: number;
  /** How long `start` waits for the watched kinds' caches to sync. @default 120_000 */
  cacheSyncTimeoutMs?: number;
  /** Backoff of failed requests. @default defaultControllerRateLimiter() (5 ms doubling to 1000 s, bucket 10/s burst 100) */
  rateLimiter?: RateLimiter;
  /** Events must pass all of these, for every watch. @default [] */
  eventFilters?: readonly Predicate[];
  /** Whether it runs only on the elected leader. @default true */
  needLeaderElection?: boolean;
  /** Time source for the queue, backoff and timeouts. @default the system clock */
  clock?: Clock;
  /** Where reconciles log. @default consoleLogger() */
  logger?: Logger;
  /** Metrics to report to. @default none */
  metrics?: ManagerMetrics;
}

/** {@link ControllerOptions} with the defaults filled in. */
export interface ResolvedControllerOptions {
  name: string;
  reconciler: ReconcilerLike;
  informers: InformerProvider;
  client: KubeClient;
  kind: string | undefined;
  maxConcurrentReconciles: number;
  reconcileTimeoutMs: number;
  cacheSyncTimeoutMs: number;
  rateLimiter: RateLimiter | undefined;
  eventFilters: readonly Predicate[];
  needLeaderElection: boolean;
  clock: Clock;
  logger: Logger;
  metrics: ManagerMetrics | undefined;
}

/** Fills the defaults of {@link ControllerOptions}; throws `InvalidInputError` naming the option for bad numbers. */
export function resolveControllerOptions(options: ControllerOptions): ResolvedControllerOptions {
  const r: ResolvedControllerOptions = {
    name: options.name,
    reconciler: options.reconciler,
    informers: options.informers,
    client: options.client,
    kind: options.kind,
    maxConcurrentReconciles: options.maxConcurrentReconciles ?? DEFAULT_MAX_CONCURRENT_RECONCILES,
    reconcileTimeoutMs: options.reconcileTimeoutMs ?? DEFAULT_RECONCILE_TIMEOUT_MS,
    cacheSyncTimeoutMs: options.cacheSyncTimeoutMs ?? DEFAULT_CACHE_SYNC_TIMEOUT_MS,
    rateLimiter: options.rateLimiter,
    eventFilters: options.eventFilters ?? [],
    needLeaderElection: options.needLeaderElection ?? DEFAULT_NEED_LEADER_ELECTION,
    clock: options.clock ?? systemClock,
    logger: options.logger ?? consoleLogger(),
    metrics: options.metrics,
  };
  if (!Number.isInteger(r.maxConcurrentReconciles) || r.maxConcurrentReconciles < 1) {
    throw new InvalidInputError('maxConcurrentReconciles', `must be an integer >= 1, got ${r.maxConcurrentReconciles}`);
  }
  if (!(r.reconcileTimeoutMs >= 0)) {
    throw new InvalidInputError('reconcileTimeoutMs', `must be >= 0 (0: no timeout), got ${r.reconcileTimeoutMs}`);
  }
  return r;
}

interface WatchSpec {
  readonly kind: KindRef;
  readonly handler: EventHandler | HandlerFactory;
  readonly predicates: readonly Predicate[];
  readonly metadataOnly: boolean;
}

/**
 * A controller: watches feed requests into a work queue, workers run the reconciler on them. Build
 * one with `controllerFor(mgr, Kind)` (see builder.ts); this class is the machinery.
 *
 * What it guarantees: one request is never reconciled twice at once; events for a request queued
 * or in work are folded into one more reconcile; a thrown error requeues with per-item backoff
 * (a `TerminalError` does not); `Result.requeueAfter(ms)` reconciles again after `ms`; initial-list
 * and resync events queue at low priority behind real changes.
 */
export class Controller {
  /** The controller's name. */
  readonly name: string;
  /** Its work queue (read `length`, `processing` in tests and tooling). */
  readonly queue: WorkQueue;
  /** Whether it runs only on the elected leader. */
  readonly needLeaderElection: boolean;
  readonly #options: ResolvedControllerOptions;
  readonly #reconcile: ReconcileFunc;
  readonly #watches: WatchSpec[] = [];
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #workers: number;
  #active = 0;
  #started = false;
  #synced = false;

  constructor(options: ControllerOptions) {
    const o = resolveControllerOptions(options);
    this.name = o.name;
    this.#options = o;
    this.#clock = o.clock;
    this.#logger = o.logger.child({ controller: o.name, ...(o.kind ? { controllerKind: o.kind } : {}) });
    this.#workers = o.maxConcurrentReconciles;
    this.needLeaderElection = o.needLeaderElection;
    const r = o.reconciler;
    this.#reconcile = typeof r === 'function' ? r : (request, context) => r.reconcile(request, context);
    this.queue = new WorkQueue({
      name: o.name,
      clock: o.clock,
      ...(o.rateLimiter && { rateLimiter: o.rateLimiter }),
      ...(o.metrics && { metrics: o.metrics.queue(o.name) }),
    });
  }

  /** Whether every watched kind has synced (the manager's readiness includes it). */
  get hasSynced(): boolean {
    return this.#synced;
  }

  /** Adds a watch: events of `kind` that pass the predicates go through `handler` into the queue. Before `start` only. */
  watch<T extends KubeObject>(
    kind: KindRef,
    handler: EventHandler<T> | HandlerFactory<T>,
    options: WatchOptions<T> = {},
  ): this {
    if (this.#started) throw new ManagerStartedError(`controller ${this.name}: watch() after start()`);
    this.#watches.push({
      kind,
      handler: handler as EventHandler | HandlerFactory,
      predicates: (options.predicates ?? []) as readonly Predicate[],
      metadataOnly: options.metadataOnly ?? false,
    });
    return this;
  }

  /**
   * Runs the controller until `signal` aborts: takes informer leases of the watched kinds, waits
   * for them to sync (rejects when they do not within `cacheSyncTimeoutMs`), then runs the
   * workers. On abort it takes no new work, lets reconciles in progress finish, and settles.
   */
  async start(signal: AbortSignal): Promise<void> {
    if (this.#started) throw new ManagerStartedError(`controller ${this.name} was started already`);
    this.#started = true;
    const leases: InformerLease[] = [];
    const offs: (() => void)[] = [];
    try {
      for (const w of this.#watches) {
        leases.push(await this.#options.informers(w.kind, { metadataOnly: w.metadataOnly, signal }));
      }
      const timeoutMs = this.#options.cacheSyncTimeoutMs;
      await Promise.all(leases.map((l) => l.waitForSync({ signal, timeoutMs })));
      this.#synced = true;
      for (const [i, w] of this.#watches.entries()) {
        const lease = leases[i] as InformerLease;
        const handler = typeof w.handler === 'function' ? w.handler : await w.handler.resolve(signal);
        offs.push(lease.subscribe((event) => this.#onEvent(w, handler, event)));
      }
      this.#logger.info({ workers: this.#workers }, 'starting workers');
      this.#options.metrics?.workers(this.name, this.#workers, 0);
      const workers = Array.from({ length: this.#workers }, () => this.#work());
      if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      for (const off of offs) off();
      this.queue.shutDown();
      await Promise.all(workers);
      this.#logger.info('all workers finished');
    } finally {
      for (const off of offs) off();
      this.queue.shutDown();
      await Promise.all(leases.map((l) => l.release()));
    }
  }

  /** Synchronous unless the handler returns a promise: the informer then skips a microtask per event. */
  #onEvent(w: WatchSpec, handler: EventHandler, event: InformerEvent): void | Promise<void> {
    // the initial list (and its replay to this late subscriber) and resyncs wait behind real changes
    const low = event.initial === true || (event.type === 'update' && event.oldObject === event.object);
    for (const p of this.#options.eventFilters) if (!p(event)) return;
    for (const p of w.predicates) if (!p(event)) return;
    const priority = low ? Priority.low : Priority.normal;
    const enqueue = (requests: Iterable<Request>) => {
      for (const request of requests) this.queue.add(requestKey(request), { priority });
    };
    const fail = (error: unknown) => this.#logger.error({ err: error, event: event.type }, 'event handler failed');
    try {
      const requests = handler(event);
      if (requests instanceof Promise) return requests.then(enqueue, fail);
      enqueue(requests);
    } catch (error) {
      fail(error);
    }
  }

  async #work(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      this.#options.metrics?.workers(this.name, this.#workers, ++this.#active);
      try {
        await this.#process(key);
      } finally {
        this.queue.done(key);
        this.#options.metrics?.workers(this.name, this.#workers, --this.#active);
      }
    }
  }

  async #process(key: string): Promise<void> {
    const request = requestFromKey(key);
    const reconcileId = randomUUID();
    const log = this.#logger.child({
      namespace: request.namespace ?? '',
      name: request.name,
      reconcileID: reconcileId,
    });
    const abort = new AbortController();
    const timeoutMs = this.#options.reconcileTimeoutMs;
    const timer = new AbortController();
    if (timeoutMs > 0) {
      this.#clock.sleep(timeoutMs, timer.signal).then(
        () => abort.abort(new ReconcileTimeoutError(this.name, timeoutMs)),
        () => undefined,
      );
    }
    const started = this.#clock.now();
    let outcome: ReconcileOutcome;
    try {
      const result = await this.#reconcile(request, {
        signal: abort.signal,
        log,
        reconcileId,
        retries: this.queue.retries(key),
        client: this.#options.client,
      });
      if (abort.signal.aborted) throw abort.signal.reason;
      const r = isResult(result) ? result : Result.done();
      if (r.action === 'requeueAfter') {
        this.queue.forget(key);
        this.queue.addAfter(key, r.afterMs);
        outcome = 'requeue_after';
      } else if (r.action === 'requeue') {
        this.queue.addRateLimited(key);
        outcome = 'requeue';
      } else {
        this.queue.forget(key);
        outcome = 'success';
      }
      log.debug({ result: outcome }, 'reconciled');
    } catch (error) {
      outcome = 'error';
      if (isTerminalError(error)) {
        this.queue.forget(key);
        log.error({ err: error }, 'reconcile failed (terminal: not requeued)');
      } else {
        this.queue.addRateLimited(key);
        log.error({ err: error, retries: this.queue.retries(key) }, 'reconcile failed, requeued with backoff');
      }
    } finally {
      timer.abort();
    }
    this.#options.metrics?.reconciled(this.name, outcome, (this.#clock.now() - started) / 1000);
  }
}
