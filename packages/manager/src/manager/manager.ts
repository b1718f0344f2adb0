import { CachedClient, InformerCache, type InformerLease } from '@kubekit/cache';
import { Client, type RestMapper } from '@kubekit/client';
import type { Logger } from '@kubekit/core';
import { type Clock, gvkKey, type KindRef } from '@kubekit/core';
import type { Controller } from '../controller/controller.js';
import {
  isNotLeader,
  LeaderElectionLostError,
  ManagerStartedError,
  NotLeaderError,
  ShutdownTimeoutError,
} from '../errors.js';
import { EventRecorder } from '../events/eventRecorder.js';
import { ProbeServer } from '../health/probeServer.js';
import type { HttpEndpoint } from '../health/serveHttp.js';
import { fenceWrites } from '../leaderelection/fencedClient.js';
import { LeaderElector } from '../leaderelection/leaderElector.js';
import { ManagerMetrics } from '../metrics/managerMetrics.js';
import { MetricsServer } from '../metrics/metricsServer.js';
import { WebhookServer } from '../webhook/webhookServer.js';
import { type ManagerOptions, type ResolvedManagerOptions, resolveManagerOptions } from './options.js';
import type { HealthCheck, Runnable } from './runnable.js';

/** An AbortSignal aborted on the first SIGTERM or SIGINT; a second one exits the process at once. */
export function signalHandler(): AbortSignal {
  const controller = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(1);
    controller.abort(new Error(`received ${sig}`));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return controller.signal;
}

/** After a shutdown ran out of time and aborted the reconciles: how long to wait for them to end before leaving the Lease to expire. */
const ABORTED_WORK_WAIT_MS = 1000;

interface Started {
  readonly runnable: Runnable;
  readonly done: Promise<void>;
}

/**
 * What an operator's `main` builds first: the API client, the informer cache and the REST mapper
 * of one cluster, and the runnables that use them (controllers, servers, your own). `start`
 * runs them in controller-runtime's order — servers (health, metrics), then caches, then
 * controllers (on the elected leader only, when leader election is on) — and stops them in the
 * reverse order, waiting at most `gracefulShutdownTimeoutMs`.
 *
 * ```ts
 * const mgr = new Manager({ leaderElection: { name: 'widgets-operator' }, healthProbePort: 8081, metricsPort: 8080 });
 * controllerFor(mgr, Widget).owns(builtinKinds.ConfigMap).complete(new WidgetReconciler(mgr.client));
 * await mgr.start(); // until SIGTERM / SIGINT
 * ```
 */
export class Manager {
  /**
   * The client reconcilers use (`CachedClient`, a `KubeClient`): reads from the cache, reading its
   * own writes; writes to the API server. Controllers hand it to each reconcile as `context.client`.
   */
  readonly client: CachedClient;
  /** The API server client itself (uncached reads, `apply`, `watch`, subresources). */
  readonly apiClient: Client;
  /** The informer cache behind `client`'s reads and the controllers' watches. */
  readonly cache: InformerCache;
  /** The manager's Prometheus metrics, in a registry of its own. */
  readonly metrics: ManagerMetrics;
  /** The manager's logger. */
  readonly logger: Logger;
  readonly #options: ResolvedManagerOptions;
  readonly #runnables: Runnable[] = [];
  readonly #controllers: Controller[] = [];
  readonly #healthz = new Map<string, HealthCheck>([['ping', () => undefined]]);
  readonly #readyz = new Map<string, HealthCheck>();
  readonly #recorders: EventRecorder[] = [];
  readonly #probe: ProbeServer | undefined;
  readonly #metricsServer: MetricsServer | undefined;
  #webhookServer: WebhookServer | undefined;
  #elector: LeaderElector | undefined;
  #state: 'new' | 'running' | 'stopped' = 'new';
  #leader = false;
  #onElected: (() => void)[] = [];
  #cachesStarted!: () => void;
  readonly #cachesStarting = new Promise<void>((resolve) => {
    this.#cachesStarted = resolve;
  });

  constructor(options: ManagerOptions = {}) {
    this.#options = resolveManagerOptions(options);
    this.logger = this.#options.logger;
    this.metrics = new ManagerMetrics(this.#options.metrics);
    this.apiClient = new Client({
      ...this.#options.client,
      ...(this.#options.kubeConfig && { kubeConfig: this.#options.kubeConfig }),
    });
    this.apiClient.onRequest((attempt) => this.metrics.restClientRequest(attempt));
    this.cache = new InformerCache({
      logger: this.logger.child({ component: 'cache' }),
      ...this.#options.cache,
      client: this.apiClient,
    });
    const client = new CachedClient({
      ...this.#options.cachedClient,
      client: this.apiClient,
      cache: this.cache,
      logger: this.logger,
    });
    // with leader election, writes stop the moment the term ends (see #checkTerm)
    this.client = this.#options.leaderElection ? fenceWrites(client, () => this.#checkTerm()) : client;
    // a standby is ready when what it runs is: controllers it has not started do not count
    this.#readyz.set('cache-sync', () => {
      const waiting = this.#controllers.filter((c) => c.sourcesStarted && !c.hasSynced).map((c) => c.name);
      if (waiting.length > 0) throw new Error(`caches of ${waiting.join(', ')} not synced`);
    });
    const { bindAddress, healthProbePort, metricsPort } = this.#options;
    if (healthProbePort !== false)
      this.#probe = new ProbeServer({
        bindAddress,
        port: healthProbePort,
        healthz: this.#healthz,
        readyz: this.#readyz,
      });
    if (metricsPort !== false)
      this.#metricsServer = new MetricsServer({ bindAddress, port: metricsPort, registry: this.metrics.registry });
    if (this.#options.leaderElection) {
      this.#elector = new LeaderElector(this.apiClient, {
        ...this.#options.leaderElection,
        clock: this.#options.clock,
        logger: this.logger,
      });
    }
  }

  /** The REST mapper (discovery) of the client. */
  get restMapper(): RestMapper {
    return this.apiClient.restMapper;
  }

  /** The clock queues, backoff and leader election use. */
  get clock(): Clock {
    return this.#options.clock;
  }

  /** Resolved options (controllers read their defaults here). */
  get options(): ResolvedManagerOptions {
    return this.#options;
  }

  /** The port `/healthz` and `/readyz` listen on (resolves once listening); `undefined` when off. */
  get healthProbePort(): Promise<number> | undefined {
    return this.#probe?.port;
  }

  /** The port `/metrics` listens on (resolves once listening); `undefined` when off. */
  get metricsPort(): Promise<number> | undefined {
    return this.#metricsServer?.port;
  }

  /**
   * The manager's webhook server (`options.webhook`), made and added on first use, before `start`:
   * it runs on every replica, starts with the other servers, and adds the readiness check
   * `webhook` (passes once it serves). `webhookFor(mgr, Kind)` registers on it.
   * @throws {@link ManagerStartedError} when first used after `start`
   */
  get webhookServer(): WebhookServer {
    if (!this.#webhookServer) {
      const server = new WebhookServer(
        { ...this.#options.webhook, bindAddress: this.#options.webhook.bindAddress ?? this.#options.bindAddress },
        { metrics: this.metrics, logger: this.logger.child({ component: 'webhook' }), clock: this.#options.clock },
      );
      this.add(server);
      this.#readyz.set('webhook', server.startedCheck);
      this.#webhookServer = server;
    }
    return this.#webhookServer;
  }

  /**
   * Whether this manager leads now (always true without leader election, once started). With
   * leader election it is computed on each read from the monotonic clock: false from the moment
   * the last successful renewal plus `renewDeadlineMs` has passed, even before any timer has run.
   */
  get isLeader(): boolean {
    return this.#elector ? this.#elector.isLeader : this.#leader;
  }

  /** The leader-election identity; `undefined` without leader election. */
  get identity(): string | undefined {
    return this.#elector?.identity;
  }

  /** Resolves once this manager is the leader (at start without leader election). */
  elected(): Promise<void> {
    if (this.#leader) return Promise.resolve();
    return new Promise((resolve) => this.#onElected.push(resolve));
  }

  /** Adds a runnable, before `start` (later adds throw `ManagerStartedError`). */
  add(runnable: Runnable): void {
    if (this.#state === 'stopped') throw new ManagerStartedError('the manager has stopped');
    if (this.#state === 'running') throw new ManagerStartedError('add runnables before start()');
    this.#runnables.push(runnable);
    if (isController(runnable)) this.#controllers.push(runnable);
  }

  /**
   * Throws {@link NotLeaderError} once this manager has led and its term has ended: the fence of
   * `mgr.client`'s writes. A standby that never led writes freely (runnables that need no leader).
   */
  #checkTerm(): void {
    const elector = this.#elector;
    if (elector?.hasLed && !elector.isLeader) throw new NotLeaderError(elector.lease, elector.identity);
  }

  /** Adds a liveness check to `/healthz` (a `ping` check is there already). */
  addHealthCheck(name: string, check: HealthCheck): void {
    this.#healthz.set(name, check);
  }

  /** Adds a readiness check to `/readyz` (`cache-sync` is there already: every controller's caches synced). */
  addReadyCheck(name: string, check: HealthCheck): void {
    this.#readyz.set(name, check);
  }

  /** An event recorder reporting as `name` (the controller); its writes are flushed on shutdown. */
  eventRecorder(name: string): EventRecorder {
    const recorder = new EventRecorder(this.apiClient, {
      reportingController: name,
      clock: this.#options.clock,
      logger: this.logger,
    });
    this.#recorders.push(recorder);
    return recorder;
  }

  /**
   * A lease on the informers of `kind` in `mgr.cache` (what controllers watch through); waits
   * until `start` has started the cache. With `metadataOnly`, on the kind's metadata-only
   * informers (see `InformerCache.getInformer`).
   */
  async informerFor(
    kind: KindRef,
    options: { metadataOnly?: boolean; signal?: AbortSignal } = {},
  ): Promise<InformerLease> {
    // leases are taken once `start` has started the caches
    await (options.signal
      ? Promise.race([
          this.#cachesStarting,
          new Promise<never>((_, reject) => {
            const s = options.signal as AbortSignal;
            if (s.aborted) reject(s.reason);
            s.addEventListener('abort', () => reject(s.reason), { once: true });
          }),
        ])
      : this.#cachesStarting);
    const metadataOnly = options.metadataOnly ?? false;
    const lease = await this.cache.getInformer(kind, {
      metadataOnly,
      ...(options.signal && { signal: options.signal }),
    });
    const stop = this.metrics.countObjects(`${gvkKey(kind)}${metadataOnly ? ' (metadata)' : ''}`, lease);
    return {
      ...lease,
      subscribe: (h, o) => lease.subscribe(h, o),
      onStatus: (l) => lease.onStatus(l),
      waitForSync: (o) => lease.waitForSync(o),
      get hasSynced() {
        return lease.hasSynced;
      },
      get handlerLag() {
        return lease.handlerLag;
      },
      get status() {
        return lease.status;
      },
      get stores() {
        return lease.stores;
      },
      release: () => {
        stop();
        return lease.release();
      },
    };
  }

  /**
   * Runs everything until `signal` aborts (default: until SIGTERM or SIGINT), then shuts down
   * gracefully: no reconcile starts any more, those running finish, then the Lease is released
   * (when `releaseOnCancel`), then caches and servers stop. Rejects when a runnable fails; when
   * leadership is lost (`LeaderElectionLostError`: every reconcile's signal was aborted at once
   * and the manager stops without waiting for them; let the process exit and restart); or when the
   * runnables did not stop within `gracefulShutdownTimeoutMs` (`ShutdownTimeoutError`: reconcile
   * signals are aborted, and the Lease is left to expire unless they then end at once).
   */
  async start(signal: AbortSignal = signalHandler()): Promise<void> {
    if (this.#state !== 'new') throw new ManagerStartedError('the manager was started already');
    this.#state = 'running';
    const log = this.logger;
    const failure = new AbortController();
    let failed: unknown;
    const fail = (error: unknown) => {
      if (failed === undefined) failed = error;
      failure.abort(error);
    };
    const stopAll = AbortSignal.any([signal, failure.signal]);
    const servers = new AbortController();
    const caches = new AbortController();
    const runnables = new AbortController();
    const electorStop = new AbortController();
    const running: Started[] = [];
    const leading: Started[] = [];
    const run = (runnable: Runnable, s: AbortSignal, into: Started[] = running) => {
      const done = runnable.start(s).catch((e: unknown) => {
        if (!s.aborted) {
          log.error({ err: e }, 'a runnable failed; stopping the manager');
          fail(e);
        }
      });
      into.push({ runnable, done });
    };

    // 1. servers
    const endpoints: HttpEndpoint[] = [this.#probe, this.#metricsServer].filter((e) => e !== undefined);
    const serverRuns = endpoints.map((e) => e.start(servers.signal).catch(fail));
    const serverRunnables: Started[] = [];
    for (const r of this.#runnables.filter((r) => r.group === 'server')) run(r, servers.signal, serverRunnables);
    await Promise.all(endpoints.map((e) => e.port.catch(() => undefined)));

    // 2. caches, and the watches of warm controllers
    const cacheRun = this.cache.start(caches.signal);
    this.#cachesStarted();
    const leaderOnly = this.#runnables.filter((r) => r.group !== 'server' && (r.needLeaderElection ?? false));
    if (this.#elector) {
      for (const c of this.#controllers.filter((c) => c.needLeaderElection && c.warmup)) {
        run({ start: (s) => c.warmUp(s) }, runnables.signal);
      }
    }

    // 3. runnables: those that need no leader now, the others once elected
    for (const r of this.#runnables.filter((r) => r.group !== 'server' && !(r.needLeaderElection ?? false))) {
      run(r, runnables.signal);
    }
    // a lost term aborts the leader-only controllers' reconciles; a shutdown past its grace period, all
    const abortReconciles = (reason: unknown, leaderOnlyControllers = true) => {
      for (const c of this.#controllers) if (c.needLeaderElection || !leaderOnlyControllers) c.abortReconciles(reason);
    };
    let lost = false;
    const becomeLeader = (s: AbortSignal) => {
      if (runnables.signal.aborted) return;
      this.#leader = true;
      this.metrics.leader(this.#leaseName(), true);
      for (const wake of this.#onElected.splice(0)) wake();
      for (const r of leaderOnly) run(r, s, leading);
    };
    let election: Promise<'stopped' | 'lost'> | undefined;
    if (this.#elector) {
      this.metrics.leader(this.#leaseName(), false);
      election = this.#elector.run(electorStop.signal, {
        onStartedLeading: (term) => {
          // the term ended (renew deadline passed): every reconcile's signal aborts at once
          term.addEventListener('abort', () => {
            if (!isNotLeader(term.reason)) return;
            lost = true;
            abortReconciles(term.reason);
          });
          becomeLeader(AbortSignal.any([term, runnables.signal]));
        },
        onNewLeader: (id) => log.info({ leader: id }, 'new leader elected'),
      });
      election.then((outcome) => {
        this.#leader = false;
        this.metrics.leader(this.#leaseName(), false);
        if (outcome === 'lost') fail(new LeaderElectionLostError(this.#leaseName()));
      });
    } else becomeLeader(runnables.signal);
    log.info('manager started');

    // run until told to stop or something fails
    if (!stopAll.aborted) await new Promise((resolve) => stopAll.addEventListener('abort', resolve, { once: true }));
    log.info('stopping the manager');

    // shut down in reverse order, within the grace period
    runnables.abort();
    const timeout = new AbortController();
    const deadline = this.#options.clock.sleep(this.#options.gracefulShutdownTimeoutMs, timeout.signal).then(
      () => false,
      () => false,
    );
    const inTime = (work: Promise<unknown>) => Promise.race([work.then(() => true), deadline]);
    // runnables may start late (when elected during shutdown): wait until the list is stable
    const settled = async (list: Started[]) => {
      for (let n = -1; n !== list.length; ) {
        n = list.length;
        await Promise.all(list.map((r) => r.done));
      }
    };
    // a lost term does not wait for its work: its signals are aborted and its writes refused
    const termDone = lost ? Promise.resolve() : settled(leading);
    let workEnded = false;
    void termDone.then(() => {
      workEnded = true;
    });
    let stopped = await inTime(
      Promise.all([settled(running), termDone]).then(() => Promise.all(this.#recorders.map((r) => r.flush()))),
    );
    if (!stopped) {
      abortReconciles(new ShutdownTimeoutError(this.#options.gracefulShutdownTimeoutMs), false);
      const wait = new AbortController();
      await Promise.race([
        termDone,
        this.#options.clock.sleep(ABORTED_WORK_WAIT_MS, wait.signal).catch(() => undefined),
      ]);
      wait.abort();
    }
    electorStop.abort();
    if (this.#elector) {
      await election;
      // the Lease is released only after every reconcile of the term has ended
      if (this.#elector.releaseOnCancel && this.#elector.hasLed && !lost && workEnded) await this.#elector.release();
      else if (this.#elector.hasLed && !workEnded) log.warn('work of the term still runs: the Lease is left to expire');
    }
    stopped &&= await inTime(
      (async () => {
        caches.abort();
        await cacheRun;
        servers.abort();
        await Promise.all([...serverRuns, ...serverRunnables.map((r) => r.done)]);
      })(),
    );
    timeout.abort();
    caches.abort();
    servers.abort();
    this.#leader = false;
    this.#state = 'stopped';
    this.apiClient.close();
    if (!stopped) throw new ShutdownTimeoutError(this.#options.gracefulShutdownTimeoutMs);
    log.info('manager stopped');
    if (failed !== undefined) throw failed;
  }

  #leaseName(): string {
    return this.#options.leaderElection ? this.#options.leaderElection.name : '';
  }
}

function isController(r: Runnable): r is Controller {
  return typeof (r as Controller).watch === 'function' && typeof (r as Controller).queue === 'object';
}
