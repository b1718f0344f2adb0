import { randomUUID } from 'node:crypto';
import type { InformerEvent, InformerLease } from '@kubekit/cache';
import type { KubeClient } from '@kubekit/client';
import { openTelemetryTracer } from '@kubekit/client/internal';
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
  DEFAULT_WARMUP,
} from '../defaults.js';
import { isReconcileTimeout, isTerminalError, ManagerStartedError, ReconcileTimeoutError } from '../errors.js';
import type { EventHandler } from '../handler/eventHandler.js';
import type { ManagerMetrics, ReconcileOutcome } from '../metrics/managerMetrics.js';
import type { Predicate } from '../predicate/predicate.js';
import type { RateLimiter } from '../queue/rateLimiters.js';
import { Priority, WorkQueue } from '../queue/workQueue.js';
import type { ReconcileFunc, ReconcilerLike } from '../reconcile/reconciler.js';
import { type Request, requestFromKey, requestKey } from '../reconcile/request.js';
import { Result } from '../reconcile/result.js';
import type { ShardGate } from '../sharding/shardGate.js';

/** How long a worker runs reconciles back to back before it lets the event loop's timers and I/O run. */
const YIELD_EVERY_MS = 20;

/** Whether `v` is a {@link Result} (by shape, so two copies of the package agree). */
function isResult(v: unknown): v is Result {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as Result).action === 'string' &&
    typeof (v as Result).afterMs === 'number'
  );
}

/** JavaScript's own error classes for programming mistakes: thrown, they are a bug, not a failure. */
const BUG_ERRORS = new Set(['TypeError', 'ReferenceError', 'RangeError', 'SyntaxError', 'EvalError', 'URIError']);

/**
 * Whether a reconciler's throw was unexpected, Go's panic: a thrown value that is not an `Error`, or
 * one of JavaScript's errors for programming mistakes (`TypeError`, `ReferenceError`...). Counted
 * in `controller_runtime_reconcile_panics_total` (and as an error, as controller-runtime does).
 */
export function isUnexpectedThrow(error: unknown): boolean {
  return !(error instanceof Error) || (BUG_ERRORS.has(error.name) && !('reason' in error));
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
  /**
   * Warm replica (controller-runtime's `EnableWarmup`): the manager starts the watches and fills
   * their caches at once, on every replica, instead of once elected; the new leader then only
   * starts its workers. Costs a standby the memory and watch traffic of the caches. @default false
   */
  warmup?: boolean;
  /**
   * Asked before each reconcile starts; `false` leaves the request queued and stops the worker
   * (the manager passes "this replica still leads" for leader-only controllers). @default always true
   */
  canReconcile?: () => boolean;
  /** Time source for the queue, backoff and timeouts. @default the system clock */
  clock?: Clock;
  /** Where reconciles log. @default consoleLogger() */
  logger?: Logger;
  /** Metrics to report to. @default none */
  metrics?: ManagerMetrics;
  /**
   * The controller reconciles only the requests of this replica's shard (see docs/manager.md,
   * "Sharding"): the builder's `sharding` option sets it. @default none (every request)
   */
  shard?: ShardGate;
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
  warmup: boolean;
  canReconcile: () => boolean;
  clock: Clock;
  logger: Logger;
  metrics: ManagerMetrics | undefined;
  shard: ShardGate | undefined;
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
    warmup: options.warmup ?? DEFAULT_WARMUP,
    canReconcile: options.canReconcile ?? (() => true),
    clock: options.clock ?? systemClock,
    logger: options.logger ?? consoleLogger(),
    metrics: options.metrics,
    shard: options.shard,
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
  /** Whether the manager starts its watches before it is elected (see `ControllerOptions.warmup`). */
  readonly warmup: boolean;
  readonly #options: ResolvedControllerOptions;
  readonly #reconcile: ReconcileFunc;
  readonly #watches: WatchSpec[] = [];
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #workers: number;
  #active = 0;
  #started = false;
  #synced = false;
  /** The informer leases of the watches, once taken (by `warmUp` or `start`) and synced. */
  #sources: Promise<InformerLease[]> | undefined;
  #sourcesReleased = false;
  /** The abort controllers of the reconciles running now. */
  readonly #inFlight = new Set<AbortController>();
  /** Set by `abortReconciles`: no reconcile starts any more. */
  #halted: { reason: unknown } | undefined;

  constructor(options: ControllerOptions) {
    const o = resolveControllerOptions(options);
    this.name = o.name;
    this.#options = o;
    this.#clock = o.clock;
    this.#logger = o.logger.child({ controller: o.name, ...(o.kind ? { controllerKind: o.kind } : {}) });
    this.#workers = o.maxConcurrentReconciles;
    this.needLeaderElection = o.needLeaderElection;
    this.warmup = o.warmup;
    const r = o.reconciler;
    this.#reconcile = typeof r === 'function' ? r : (request, context) => r.reconcile(request, context);
    this.queue = new WorkQueue({
      name: o.name,
      clock: o.clock,
      ...(o.rateLimiter && { rateLimiter: o.rateLimiter }),
      ...(o.metrics && { metrics: o.metrics.queue(o.name, () => this.queue.inProgress()) }),
    });
  }

  /** Whether every watched kind has synced (the manager's readiness includes it). */
  get hasSynced(): boolean {
    return this.#synced;
  }

  /** Whether its watches have been started (by `warmUp` or `start`): only then does its sync count for readiness. */
  get sourcesStarted(): boolean {
    return this.#sources !== undefined;
  }

  /** How many reconciles run now. */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  /**
   * Aborts the signal of every reconcile running now with `reason`, and starts no reconcile from
   * now on (the workers end; `start` still settles only when its signal aborts). The manager calls
   * it when leadership ends and when a graceful shutdown runs out of time.
   */
  abortReconciles(reason: unknown): void {
    this.#halted ??= { reason };
    for (const abort of this.#inFlight) abort.abort(reason);
  }

  /**
   * Starts the watches and waits until their caches have synced, without starting workers, then
   * keeps them until `signal` aborts (a warm standby; see `ControllerOptions.warmup`). A later
   * `start` uses the same watches.
   */
  async warmUp(signal: AbortSignal): Promise<void> {
    const leases = await this.#sourcesFor(signal);
    if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    if (!this.#started) await this.#releaseSources(leases);
  }

  /** The synced informer leases of the watches, taken once. */
  #sourcesFor(signal: AbortSignal): Promise<InformerLease[]> {
    this.#sources ??= (async () => {
      const leases: InformerLease[] = [];
      try {
        for (const w of this.#watches) {
          leases.push(await this.#options.informers(w.kind, { metadataOnly: w.metadataOnly, signal }));
        }
        const timeoutMs = this.#options.cacheSyncTimeoutMs;
        await Promise.all(leases.map((l) => l.waitForSync({ signal, timeoutMs })));
        this.#synced = true;
        return leases;
      } catch (error) {
        await this.#releaseSources(leases);
        throw error;
      }
    })();
    return this.#sources;
  }

  async #releaseSources(leases: InformerLease[]): Promise<void> {
    if (this.#sourcesReleased) return;
    this.#sourcesReleased = true;
    await Promise.all(leases.map((l) => l.release()));
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
   * Runs the controller until `signal` aborts: takes informer leases of the watched kinds (or
   * those `warmUp` took), waits for them to sync (rejects when they do not within
   * `cacheSyncTimeoutMs`), then runs the workers. On abort it takes no new work, lets reconciles
   * in progress finish (unless `abortReconciles` aborted them), and settles.
   */
  async start(signal: AbortSignal): Promise<void> {
    if (this.#started) throw new ManagerStartedError(`controller ${this.name} was started already`);
    this.#started = true;
    let leases: InformerLease[] = [];
    const offs: (() => void)[] = [];
    try {
      leases = await this.#sourcesFor(signal);
      const shard = this.#options.shard;
      if (shard) offs.push(shard.attach((key) => this.queue.add(key, { priority: Priority.low })));
      for (const [i, w] of this.#watches.entries()) {
        const lease = leases[i] as InformerLease;
        const handler = typeof w.handler === 'function' ? w.handler : await w.handler.resolve(signal);
        offs.push(lease.subscribe((event) => this.#onEvent(w, handler, event), { name: this.name }));
      }
      this.#logger.info({ workers: this.#workers }, 'starting workers');
      this.#options.metrics?.controllerStarted(this.name);
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
      await this.#releaseSources(leases);
    }
  }

  /** Synchronous unless the handler returns a promise: the informer then skips a microtask per event. */
  #onEvent(w: WatchSpec, handler: EventHandler, event: InformerEvent): void | Promise<void> {
    // the initial list (and its replay to this late subscriber) and resyncs wait behind real changes
    const low = event.initial === true || (event.type === 'update' && event.oldObject === event.object);
    const fail = (error: unknown, what: string) => this.#logger.error({ err: error, event: event.type }, what);
    try {
      for (const p of this.#options.eventFilters) if (!p(event)) return;
      for (const p of w.predicates) if (!p(event)) return;
    } catch (error) {
      fail(error, 'predicate failed; event dropped');
      return;
    }
    const priority = low ? Priority.low : Priority.normal;
    const shard = this.#options.shard;
    shard?.observe(w.kind, event);
    const enqueue = (requests: Iterable<Request>) => {
      for (const request of requests) {
        const key = requestKey(request);
        if (!shard || shard.owns(key)) this.queue.add(key, { priority });
      }
    };
    try {
      const requests = handler(event);
      if (requests instanceof Promise) return requests.then(enqueue, (error) => fail(error, 'event handler failed'));
      enqueue(requests);
    } catch (error) {
      fail(error, 'event handler failed');
    }
  }

  async #work(): Promise<void> {
    let ranSince = performance.now();
    for (;;) {
      // a full queue of quick reconciles runs on microtasks alone: let timers and I/O in (the
      // leader's renewals, watch events, probes) at least every YIELD_EVERY_MS
      if (performance.now() - ranSince >= YIELD_EVERY_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        ranSince = performance.now();
      }
      const key = await this.queue.get();
      if (key === undefined) return;
      // checked after the wait: a process resumed from a pause must not start a reconcile
      if (this.#halted || !this.#options.canReconcile()) {
        this.queue.done(key);
        this.queue.add(key);
        return;
      }
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
    const shard = this.#options.shard;
    const fence = shard?.enter(key);
    if (shard && !fence) {
      // not this replica's (any more): its owner reconciles it
      this.queue.forget(key);
      return;
    }
    try {
      await this.#reconcileKey(key, fence);
    } finally {
      shard?.exit(key);
    }
  }

  async #reconcileKey(key: string, fence: AbortSignal | undefined): Promise<void> {
    const request = requestFromKey(key);
    const reconcileId = randomUUID();
    const log = this.#logger.child({
      namespace: request.namespace ?? '',
      name: request.name,
      reconcileID: reconcileId,
    });
    const abort = new AbortController();
    this.#inFlight.add(abort);
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
    let failure: { terminal?: boolean; panic?: boolean; timeout?: boolean } = {};
    // the reconcile's span, when an OpenTelemetry SDK is registered (else no span, and no API loaded)
    const otel = openTelemetryTracer('@kubekit/manager');
    const span = otel?.tracer.startSpan(
      `reconcile ${this.name}`,
      {
        kind: otel.api.SpanKind.INTERNAL,
        attributes: {
          'kubekit.controller': this.name,
          ...(this.#options.kind && { 'kubekit.kind': this.#options.kind }),
          'k8s.namespace.name': request.namespace ?? '',
          'kubekit.name': request.name,
          'kubekit.reconcile_id': reconcileId,
        },
      },
      otel.api.ROOT_CONTEXT,
    );
    try {
      const signal = fence ? AbortSignal.any([abort.signal, fence]) : abort.signal;
      // API requests made by the reconciler become children of its span
      const run = () =>
        this.#reconcile(request, {
          signal,
          log,
          reconcileId,
          retries: this.queue.retries(key),
          client: this.#options.client,
        });
      const result = await (otel && span
        ? otel.api.context.with(otel.api.trace.setSpan(otel.api.ROOT_CONTEXT, span), run)
        : run());
      if (signal.aborted) throw signal.reason;
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
      const timedOut = abort.signal.aborted && isReconcileTimeout(abort.signal.reason);
      failure = { terminal: isTerminalError(error), panic: isUnexpectedThrow(error), timeout: timedOut };
      if (failure.terminal) {
        this.queue.forget(key);
        log.error({ err: error }, 'reconcile failed (terminal: not requeued)');
      } else {
        this.queue.addRateLimited(key);
        log.error({ err: error, retries: this.queue.retries(key) }, 'reconcile failed, requeued with backoff');
      }
      if (otel && span) {
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({
          code: otel.api.SpanStatusCode.ERROR,
          message: error instanceof Error ? error.message : String(error),
        });
        span.setAttribute('error.type', errorType(error));
      }
    } finally {
      timer.abort();
      this.#inFlight.delete(abort);
    }
    span?.setAttribute('kubekit.result', outcome);
    span?.end();
    this.#options.metrics?.reconciled(this.name, outcome, (this.#clock.now() - started) / 1000, failure);
  }
}

/** A short type of an error for the span's `error.type`: its `reason` (kubekit errors), else its name. */
function errorType(error: unknown): string {
  const reason = (error as { reason?: unknown } | undefined)?.reason;
  if (typeof reason === 'string') return reason;
  return error instanceof Error ? error.name : typeof error;
}
