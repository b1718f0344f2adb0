import type { KindRef, KubeObject, ObjectOf } from '@kubekit/core';
import { enqueueRequestForObject } from '../handler/enqueueRequestForObject.js';
import { enqueueRequestForOwner } from '../handler/enqueueRequestForOwner.js';
import type { EventHandler } from '../handler/eventHandler.js';
import type { Manager } from '../manager/manager.js';
import type { Predicate } from '../predicate/predicate.js';
import type { RateLimiter } from '../queue/rateLimiters.js';
import type { ReconcilerLike } from '../reconcile/reconciler.js';
import { shardController } from '../sharding/shardedController.js';
import type { ShardingOptions } from '../sharding/shardMember.js';
import { Controller } from './controller.js';

/** Options of the `for` kind and of each watch. */
export interface WatchKindOptions<T extends KubeObject = KubeObject> {
  /** Events must pass all of these. @default [] */
  predicates?: readonly Predicate<T>[];
  /** Watch metadata only (`PartialObjectMetadata`: handlers and predicates see `metadata` only). @default false */
  metadataOnly?: boolean;
}

/** Options of {@link ControllerBuilder.owns}. */
export interface OwnsOptions<T extends KubeObject = KubeObject> extends WatchKindOptions<T> {
  /** Reconcile only the controller owner (`controller: true`); `false`: every owner of the `for` kind. @default true */
  onlyController?: boolean;
}

/** Options of {@link ControllerBuilder.withOptions}. */
export interface BuilderOptions {
  /** Reconciles at once (never two of one request). @default the manager's, 1 */
  maxConcurrentReconciles?: number;
  /** Aborts a reconcile's signal after this many ms; 0 for none. @default the manager's, 0 */
  reconcileTimeoutMs?: number;
  /** How long to wait for the caches to sync at start. @default the manager's, 120_000 */
  cacheSyncTimeoutMs?: number;
  /** Backoff of failed requests. @default defaultControllerRateLimiter() */
  rateLimiter?: RateLimiter;
  /** Whether it runs on the elected leader only. @default true (false when sharded) */
  needLeaderElection?: boolean;
  /** Start its watches and fill its caches before this replica is elected (a warm standby). @default the manager's, false */
  warmup?: boolean;
  /**
   * Active-active: every replica runs the controller and reconciles only its shard of the objects
   * (see docs/manager.md, "Sharding"); `false` turns the manager's default off.
   * @default the manager's `sharding`, else none
   */
  sharding?: ShardingOptions | false;
}

interface PendingWatch {
  kind: KindRef;
  handler: EventHandler | { owner: true; onlyController?: boolean };
  options: WatchKindOptions;
}

/**
 * Declares a controller: the kind it reconciles (`for`), the kinds it owns, other watches, event
 * filters, options and name; `complete(reconciler)` builds it and adds it to the manager. See
 * docs/controllers.md for the controller-runtime and kube-rs equivalents.
 *
 * ```ts
 * controllerFor(mgr, Widget, { predicates: [generationChanged()] })
 *   .owns(builtinKinds.ConfigMap)
 *   .watches(builtinKinds.Secret, enqueueRequestsFromMapFunc(widgetsUsingSecret))
 *   .withOptions({ maxConcurrentReconciles: 4 })
 *   .complete(reconcileWidget);
 * ```
 */
export class ControllerBuilder<T extends KubeObject = KubeObject> {
  readonly #mgr: Manager;
  readonly #for: KindRef;
  readonly #watches: PendingWatch[] = [];
  readonly #filters: Predicate[] = [];
  #options: BuilderOptions = {};
  #name: string;

  constructor(mgr: Manager, kind: KindRef, options: WatchKindOptions<T> = {}) {
    this.#mgr = mgr;
    this.#for = kind;
    this.#name = kind.kind.toLowerCase();
    this.#watches.push({
      kind,
      handler: enqueueRequestForObject() as EventHandler,
      options: options as WatchKindOptions,
    });
  }

  /** Also reconciles the owner (of the `for` kind) when an object of `kind` it owns changes. */
  owns<K extends KindRef>(kind: K, options: OwnsOptions<ObjectOf<K> & KubeObject> = {}): this {
    this.#watches.push({
      kind,
      handler: { owner: true, ...(options.onlyController !== undefined && { onlyController: options.onlyController }) },
      options: options as WatchKindOptions,
    });
    return this;
  }

  /** Watches `kind` with any handler (`enqueueRequestsFromMapFunc(...)`, `enqueueRequestForOwner(...)`). */
  watches<K extends KindRef>(
    kind: K,
    handler: EventHandler<ObjectOf<K> & KubeObject>,
    options: WatchKindOptions<ObjectOf<K> & KubeObject> = {},
  ): this {
    this.#watches.push({ kind, handler: handler as EventHandler, options: options as WatchKindOptions });
    return this;
  }

  /** Events of every watch must pass all of these. */
  withEventFilter(...predicates: Predicate[]): this {
    this.#filters.push(...predicates);
    return this;
  }

  /** Controller options (concurrency, timeouts, rate limiter). */
  withOptions(options: BuilderOptions): this {
    this.#options = { ...this.#options, ...options };
    return this;
  }

  /** The controller's name in logs and metrics. @default the `for` kind in lower case */
  named(name: string): this {
    this.#name = name;
    return this;
  }

  /** Builds the controller, adds it to the manager and returns it. */
  complete(reconciler: ReconcilerLike): Controller {
    const mgr = this.#mgr;
    const defaults = mgr.options.controller;
    const sharding = this.#options.sharding ?? mgr.options.sharding;
    const sharded = sharding ? shardController(mgr, this.#name, this.#for, sharding) : undefined;
    const controller = new Controller({
      name: this.#name,
      kind: this.#for.kind,
      reconciler,
      informers: sharded?.informers ?? ((kind, o) => mgr.informerFor(kind, o)),
      ...(sharded && { shard: sharded.gate, needLeaderElection: false }),
      client: mgr.client,
      // explicit value, then the manager-wide one; the controller fills the rest from its defaults
      maxConcurrentReconciles: this.#options.maxConcurrentReconciles ?? defaults.maxConcurrentReconciles,
      reconcileTimeoutMs: this.#options.reconcileTimeoutMs ?? defaults.reconcileTimeoutMs,
      cacheSyncTimeoutMs: this.#options.cacheSyncTimeoutMs ?? defaults.cacheSyncTimeoutMs,
      ...(this.#options.rateLimiter && { rateLimiter: this.#options.rateLimiter }),
      ...(this.#options.needLeaderElection !== undefined && { needLeaderElection: this.#options.needLeaderElection }),
      warmup: this.#options.warmup ?? defaults.warmup,
      // a leader-only controller starts a reconcile only while this replica's term holds
      ...((this.#options.needLeaderElection ?? true) && { canReconcile: () => mgr.isLeader }),
      eventFilters: this.#filters,
      clock: mgr.clock,
      logger: mgr.logger,
      metrics: mgr.metrics,
    });
    const forKind = this.#for;
    for (const w of this.#watches) {
      const h = w.handler;
      const handler =
        typeof h === 'function'
          ? h
          : {
              resolve: async (signal: AbortSignal) => {
                const { scope } = await mgr.restMapper.mapping(forKind, signal);
                return enqueueRequestForOwner(forKind, {
                  scope,
                  ...(h.onlyController !== undefined && { onlyController: h.onlyController }),
                });
              },
            };
      controller.watch(w.kind, handler, w.options);
    }
    mgr.add(controller);
    return controller;
  }
}

/** Starts declaring a controller that reconciles `kind` (controller-runtime's `NewControllerManagedBy(mgr).For(kind)`). */
export function controllerFor<K extends KindRef>(
  mgr: Manager,
  kind: K,
  options: WatchKindOptions<ObjectOf<K> & KubeObject> = {},
): ControllerBuilder<ObjectOf<K> & KubeObject> {
  return new ControllerBuilder(mgr, kind, options);
}
