import type { HandlerLag } from '@kubekit/cache';
import type { RequestAttempt } from '@kubekit/client';
import type { Counter, Gauge, Histogram, Metric, Registry } from 'prom-client';
import type { WorkQueueMetrics } from '../queue/workQueue.js';
import { collectDefaultMetrics, promClient } from './promClient.js';

/** What a reconcile ended with, as the `result` label of `controller_runtime_reconcile_total`. */
export type ReconcileOutcome = 'success' | 'error' | 'requeue' | 'requeue_after';

/** Every {@link ReconcileOutcome}: each controller's series start at 0 for all of them. */
const RECONCILE_OUTCOMES: readonly ReconcileOutcome[] = ['success', 'error', 'requeue', 'requeue_after'];

/** How a failed reconcile failed, besides being counted as an error. */
export interface ReconcileFailure {
  /** A `TerminalError`: not requeued (`controller_runtime_terminal_reconcile_errors_total`). */
  terminal?: boolean;
  /** An unexpected throw, a bug rather than a failure (`controller_runtime_reconcile_panics_total`). */
  panic?: boolean;
  /** The controller's `reconcileTimeoutMs` elapsed (`controller_runtime_reconcile_timeouts_total`). */
  timeout?: boolean;
}

/** What an informer lease reports to the cache gauges: per namespace, its objects and bytes. */
export interface ObjectCounter {
  /** Per namespace (`''` for all): what the informer holds. */
  readonly status: ReadonlyMap<
    string,
    {
      /** Objects held. */
      readonly objects: number;
      /** Their size, the sum of their JSON lengths. */
      readonly bytes?: number;
    }
  >;
  /** The lag of each named handler of the lease's informers (see `InformerLease.handlerLag`). @default none */
  readonly handlerLag?: readonly HandlerLag[];
}

/** What a work queue reports at scrape time about the keys in work. */
export interface WorkInProgress {
  /** Seconds of work done so far on keys not yet `done`. */
  readonly unfinishedSeconds: number;
  /** Seconds the longest-running key has been in work; 0 when none is. */
  readonly longestSeconds: number;
}

/** Options of {@link ManagerMetrics}. */
export interface ManagerMetricsOptions {
  /**
   * Also serve prom-client's default collectors: `process_cpu_seconds_total`,
   * `process_resident_memory_bytes`, `process_start_time_seconds`, `process_open_fds`,
   * `nodejs_heap_size_used_bytes`, `nodejs_eventloop_lag_seconds`, `nodejs_gc_duration_seconds`...
   * (controller-runtime serves Go's process and runtime collectors). They start when
   * {@link ManagerMetrics.registry} is first read (at once when the manager serves `/metrics`), so a
   * manager whose metrics nobody reads does not load them. @default true
   */
  defaultCollectors?: boolean;
}

/** `workqueue_*_duration_seconds` and the webhook latency: 1e-8 s to 1,000 s by tens, as controller-runtime's. */
const EXPONENTIAL_BUCKETS = [1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 1, 10, 100, 1000];
/** `controller_runtime_reconcile_time_seconds`, as controller-runtime's. */
const RECONCILE_TIME_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.25, 1.5, 1.75, 2,
  2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60,
];
/** `rest_client_request_duration_seconds`, as client-go's. */
const REST_CLIENT_BUCKETS = [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60];

/**
 * The Prometheus metrics of one manager, in a registry of its own (never prom-client's global one,
 * so two managers in one process do not collide). The names, types, labels and buckets are
 * controller-runtime's, so existing dashboards and alerts work (docs/manager.md lists them), plus
 * prom-client's process and Node.js runtime metrics and kubekit's own `kubekit_*` (cache objects
 * and bytes per kind, informer handler lag). Each controller's series start at 0 when it starts.
 */
export class ManagerMetrics {
  readonly #registry: Registry;
  /** The default collectors are asked for and not yet registered (see {@link ManagerMetrics.registry}). */
  #collectorsPending: boolean;
  readonly #reconcileTotal: Counter<'controller' | 'result'>;
  readonly #reconcileErrors: Counter<'controller'>;
  readonly #terminalErrors: Counter<'controller'>;
  readonly #panics: Counter<'controller'>;
  readonly #timeouts: Counter<'controller'>;
  readonly #reconcileTime: Histogram<'controller'>;
  readonly #maxConcurrent: Gauge<'controller'>;
  readonly #activeWorkers: Gauge<'controller'>;
  readonly #depth: Gauge<'name' | 'controller' | 'priority'>;
  readonly #adds: Counter<'name' | 'controller'>;
  readonly #retries: Counter<'name' | 'controller'>;
  readonly #queueDuration: Histogram<'name' | 'controller'>;
  readonly #workDuration: Histogram<'name' | 'controller'>;
  readonly #leader: Gauge<'name'>;
  readonly #webhookTotal: Counter<'webhook' | 'code'>;
  readonly #webhookLatency: Histogram<'webhook'>;
  readonly #webhookInFlight: Gauge<'webhook'>;
  readonly #restRequests: Counter<'code' | 'method' | 'host'>;
  readonly #restDuration: Histogram<'verb' | 'host'>;
  readonly #counters = new Map<string, Set<ObjectCounter>>();
  readonly #inProgress = new Map<string, () => WorkInProgress>();

  constructor(options: ManagerMetricsOptions = {}) {
    const { Counter, Gauge, Histogram, Registry } = promClient();
    this.#registry = new Registry();
    this.#collectorsPending = options.defaultCollectors ?? true;
    const registers = [this.#registry];
    this.#reconcileTotal = new Counter({
      name: 'controller_runtime_reconcile_total',
      help: 'Total number of reconciliations per controller',
      labelNames: ['controller', 'result'],
      registers,
    });
    this.#reconcileErrors = new Counter({
      name: 'controller_runtime_reconcile_errors_total',
      help: 'Total number of reconciliation errors per controller',
      labelNames: ['controller'],
      registers,
    });
    this.#terminalErrors = new Counter({
      name: 'controller_runtime_terminal_reconcile_errors_total',
      help: 'Total number of terminal reconciliation errors per controller',
      labelNames: ['controller'],
      registers,
    });
    this.#panics = new Counter({
      name: 'controller_runtime_reconcile_panics_total',
      help: 'Total number of reconciliation panics per controller',
      labelNames: ['controller'],
      registers,
    });
    this.#timeouts = new Counter({
      name: 'controller_runtime_reconcile_timeouts_total',
      help: 'Total number of reconciliation timeouts per controller',
      labelNames: ['controller'],
      registers,
    });
    this.#reconcileTime = new Histogram({
      name: 'controller_runtime_reconcile_time_seconds',
      help: 'Length of time per reconciliation per controller',
      labelNames: ['controller'],
      buckets: RECONCILE_TIME_BUCKETS,
      registers,
    });
    this.#maxConcurrent = new Gauge({
      name: 'controller_runtime_max_concurrent_reconciles',
      help: 'Maximum number of concurrent reconciles per controller',
      labelNames: ['controller'],
      registers,
    });
    this.#activeWorkers = new Gauge({
      name: 'controller_runtime_active_workers',
      help: 'Number of currently used workers per controller',
      labelNames: ['controller'],
      registers,
    });
    this.#depth = new Gauge({
      name: 'workqueue_depth',
      help: 'Current depth of workqueue by workqueue and priority',
      labelNames: ['name', 'controller', 'priority'],
      registers,
    });
    this.#adds = new Counter({
      name: 'workqueue_adds_total',
      help: 'Total number of adds handled by workqueue',
      labelNames: ['name', 'controller'],
      registers,
    });
    this.#retries = new Counter({
      name: 'workqueue_retries_total',
      help: 'Total number of items added to the workqueue with a non-zero delay (rate-limited requeues, explicit RequeueAfter or AddAfter calls)',
      labelNames: ['name', 'controller'],
      registers,
    });
    this.#queueDuration = new Histogram({
      name: 'workqueue_queue_duration_seconds',
      help: 'How long in seconds an item stays in workqueue before being requested',
      labelNames: ['name', 'controller'],
      buckets: EXPONENTIAL_BUCKETS,
      registers,
    });
    this.#workDuration = new Histogram({
      name: 'workqueue_work_duration_seconds',
      help: 'How long in seconds processing an item from workqueue takes.',
      labelNames: ['name', 'controller'],
      buckets: EXPONENTIAL_BUCKETS,
      registers,
    });
    const inProgress = this.#inProgress;
    new Gauge({
      name: 'workqueue_unfinished_work_seconds',
      help: "How many seconds of work has been done that is in progress and hasn't been observed by work_duration. Large values indicate stuck threads. One can deduce the number of stuck threads by observing the rate at which this increases.",
      labelNames: ['name', 'controller'],
      registers,
      collect() {
        for (const [name, read] of inProgress) this.set({ name, controller: name }, read().unfinishedSeconds);
      },
    });
    new Gauge({
      name: 'workqueue_longest_running_processor_seconds',
      help: 'How many seconds has the longest running processor for workqueue been running.',
      labelNames: ['name', 'controller'],
      registers,
      collect() {
        for (const [name, read] of inProgress) this.set({ name, controller: name }, read().longestSeconds);
      },
    });
    // registered on the first report: a manager without leader election serves no such series
    this.#leader = new Gauge({
      name: 'leader_election_master_status',
      help: "Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master. 'name' is the string used to identify the lease. Please make sure to group by name.",
      labelNames: ['name'],
      registers: [],
    });
    this.#webhookTotal = new Counter({
      name: 'controller_runtime_webhook_requests_total',
      help: 'Total number of admission requests by HTTP status code.',
      labelNames: ['webhook', 'code'],
      registers,
    });
    this.#webhookLatency = new Histogram({
      name: 'controller_runtime_webhook_latency_seconds',
      help: 'Histogram of the latency of processing admission requests',
      labelNames: ['webhook'],
      buckets: EXPONENTIAL_BUCKETS,
      registers,
    });
    this.#webhookInFlight = new Gauge({
      name: 'controller_runtime_webhook_requests_in_flight',
      help: 'Current number of admission requests being served.',
      labelNames: ['webhook'],
      registers,
    });
    this.#restRequests = new Counter({
      name: 'rest_client_requests_total',
      help: 'Number of HTTP requests, partitioned by status code, method, and host.',
      labelNames: ['code', 'method', 'host'],
      registers,
    });
    this.#restDuration = new Histogram({
      name: 'rest_client_request_duration_seconds',
      help: 'Request latency in seconds. Broken down by verb and host.',
      labelNames: ['verb', 'host'],
      buckets: REST_CLIENT_BUCKETS,
      registers,
    });
    const counters = this.#counters;
    /** Sums `read` over the distinct informers (namespaces) of each kind: leases of one kind share them. */
    const perKind = (gauge: Gauge<'kind'>, read: (s: { objects: number; bytes?: number }) => number) => {
      gauge.reset();
      for (const [kind, set] of counters) {
        let n = 0;
        const seen = new Set<string>();
        for (const c of set) {
          for (const [ns, s] of c.status) {
            if (seen.has(ns)) continue;
            seen.add(ns);
            n += read(s);
          }
        }
        gauge.set({ kind }, n);
      }
    };
    new Gauge({
      name: 'kubekit_cache_objects',
      help: 'Number of objects in the informer cache per kind',
      labelNames: ['kind'],
      registers,
      collect() {
        perKind(this, (s) => s.objects);
      },
    });
    new Gauge({
      name: 'kubekit_cache_bytes',
      help: 'Estimated bytes of the objects in the informer cache per kind (their JSON size)',
      labelNames: ['kind'],
      registers,
      collect() {
        perKind(this, (s) => s.bytes ?? 0);
      },
    });
    /** The lag of each handler of each kind (a handler named twice reports its worst). */
    const lags = (read: (lag: HandlerLag) => number) => (gauge: Gauge<'kind' | 'handler'>) => {
      gauge.reset();
      for (const [kind, set] of counters) {
        const worst = new Map<string, number>();
        for (const c of set) {
          for (const lag of c.handlerLag ?? []) worst.set(lag.name, Math.max(worst.get(lag.name) ?? 0, read(lag)));
        }
        for (const [handler, v] of worst) gauge.set({ kind, handler }, v);
      }
    };
    const pending = lags((l) => l.pending);
    const oldest = lags((l) => l.oldestEventAgeMs / 1000);
    new Gauge({
      name: 'kubekit_informer_handler_queue_depth',
      help: 'Informer events queued for a handler and not yet handled, per kind and handler',
      labelNames: ['kind', 'handler'],
      registers,
      collect() {
        pending(this);
      },
    });
    new Gauge({
      name: 'kubekit_informer_handler_oldest_event_age_seconds',
      help: 'Age of the oldest informer event queued for a handler, per kind and handler',
      labelNames: ['kind', 'handler'],
      registers,
      collect() {
        oldest(this);
      },
    });
  }

  /**
   * The registry: serve `registry.metrics()`, or register your own metrics in it. The first read
   * registers the default collectors (unless `defaultCollectors` is false), ahead of the manager's
   * metrics as if they had been registered at construction: until then they are not even loaded.
   */
  get registry(): Registry {
    if (this.#collectorsPending) {
      this.#collectorsPending = false;
      // typed as plain objects by prom-client, they are the metric instances registered
      const ours = this.#registry.getMetricsAsArray() as unknown as Metric[];
      this.#registry.clear();
      collectDefaultMetrics(this.#registry);
      for (const metric of ours) this.#registry.registerMetric(metric);
    }
    return this.#registry;
  }

  /**
   * Starts the series of `controller` at 0, as controller-runtime does when a controller starts:
   * every `result` of `controller_runtime_reconcile_total`, the error, terminal error, panic and
   * timeout counters, and its work queue's series.
   */
  controllerStarted(controller: string): void {
    for (const result of RECONCILE_OUTCOMES) this.#reconcileTotal.inc({ controller, result }, 0);
    for (const c of [this.#reconcileErrors, this.#terminalErrors, this.#panics, this.#timeouts])
      c.inc({ controller }, 0);
    this.#reconcileTime.zero({ controller });
    const labels = { name: controller, controller };
    this.#depth.set({ ...labels, priority: '' }, 0);
    this.#adds.inc(labels, 0);
    this.#retries.inc(labels, 0);
    this.#queueDuration.zero(labels);
    this.#workDuration.zero(labels);
  }

  /** Counts one reconcile of `controller`, its outcome and duration; `failure` says how an `error` failed. */
  reconciled(controller: string, outcome: ReconcileOutcome, seconds: number, failure: ReconcileFailure = {}): void {
    this.#reconcileTotal.inc({ controller, result: outcome });
    if (outcome === 'error') this.#reconcileErrors.inc({ controller });
    if (failure.terminal) this.#terminalErrors.inc({ controller });
    if (failure.panic) this.#panics.inc({ controller });
    if (failure.timeout) this.#timeouts.inc({ controller });
    this.#reconcileTime.observe({ controller }, seconds);
  }

  /** Sets the worker gauges of `controller`. */
  workers(controller: string, max: number, active: number): void {
    this.#maxConcurrent.set({ controller }, max);
    this.#activeWorkers.set({ controller }, active);
  }

  /**
   * Work-queue hooks reporting under `name` (the controller's name); `inProgress`, read at each
   * scrape, feeds `workqueue_unfinished_work_seconds` and `workqueue_longest_running_processor_seconds`.
   */
  queue(name: string, inProgress?: () => WorkInProgress): WorkQueueMetrics {
    const labels = { name, controller: name };
    if (inProgress) this.#inProgress.set(name, inProgress);
    return {
      add: () => this.#adds.inc(labels),
      depth: (n) => this.#depth.set({ ...labels, priority: '' }, n),
      retry: () => this.#retries.inc(labels),
      queued: (s) => this.#queueDuration.observe(labels, s),
      worked: (s) => this.#workDuration.observe(labels, s),
    };
  }

  /**
   * Counts a request to the webhook at `path` as in flight; the returned function ends it with the
   * HTTP status `code` it was answered with and records its latency.
   */
  webhookRequest(path: string, startedSeconds: number): (code: number, endedSeconds: number) => void {
    const labels = { webhook: path };
    this.#webhookInFlight.inc(labels);
    return (code, endedSeconds) => {
      this.#webhookInFlight.dec(labels);
      this.#webhookTotal.inc({ webhook: path, code: String(code) });
      this.#webhookLatency.observe(labels, Math.max(0, endedSeconds - startedSeconds));
    };
  }

  /** Starts the series of the webhook at `path` at 0 (codes 200 and 500), as controller-runtime does. */
  webhookRegistered(path: string): void {
    for (const code of ['200', '500']) this.#webhookTotal.inc({ webhook: path, code }, 0);
    this.#webhookInFlight.set({ webhook: path }, 0);
  }

  /** Counts one request attempt of the API client in `rest_client_requests_total` and `rest_client_request_duration_seconds`. */
  restClientRequest(request: RequestAttempt): void {
    const code = request.code === undefined ? '<error>' : String(request.code);
    this.#restRequests.inc({ code, method: request.method, host: request.host });
    this.#restDuration.observe({ verb: request.method, host: request.host }, request.durationMs / 1000);
  }

  /**
   * Sets `leader_election_master_status` of lease `name`. The series appears on the first report
   * of a named lease: a manager without leader election (lease name `''`) serves none.
   */
  leader(name: string, isLeader: boolean): void {
    if (name === '') return;
    if (this.#registry.getSingleMetric('leader_election_master_status') === undefined) {
      this.#registry.registerMetric(this.#leader);
    }
    this.#leader.set({ name }, isLeader ? 1 : 0);
  }

  /**
   * Counts `counter`'s objects and bytes under `kind` in `kubekit_cache_objects` and
   * `kubekit_cache_bytes`, and its handlers' lag; returns the function that stops.
   */
  countObjects(kind: string, counter: ObjectCounter): () => void {
    let set = this.#counters.get(kind);
    if (!set) {
      set = new Set();
      this.#counters.set(kind, set);
    }
    set.add(counter);
    return () => set.delete(counter);
  }
}
