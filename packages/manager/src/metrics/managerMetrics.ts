import { Counter, exponentialBuckets, Gauge, Histogram, Registry } from 'prom-client';
import type { WorkQueueMetrics } from '../queue/workQueue.js';

/** What a reconcile ended with, as the `result` label of `controller_runtime_reconcile_total`. */
export type ReconcileOutcome = 'success' | 'error' | 'requeue' | 'requeue_after';

/** Something that counts cached objects of one kind (an informer lease). */
export interface ObjectCounter {
  readonly status: ReadonlyMap<string, { readonly objects: number }>;
}

/**
 * The Prometheus metrics of one manager, in a registry of its own (never prom-client's global one,
 * so two managers in one process do not collide). The names are controller-runtime's, so existing
 * dashboards and alerts work: `controller_runtime_reconcile_total{controller,result}`,
 * `controller_runtime_reconcile_errors_total`, `controller_runtime_reconcile_time_seconds`,
 * `controller_runtime_max_concurrent_reconciles`, `controller_runtime_active_workers`,
 * `workqueue_depth`, `workqueue_adds_total`, `workqueue_retries_total`,
 * `workqueue_queue_duration_seconds`, `workqueue_work_duration_seconds` (labels `name`,
 * `controller`), `leader_election_master_status{name}`, the webhook server's
 * `controller_runtime_webhook_requests_total{webhook,code}`,
 * `controller_runtime_webhook_latency_seconds{webhook}` and
 * `controller_runtime_webhook_requests_in_flight{webhook}` (`webhook` is the path), plus
 * `kubekit_cache_objects{kind}`.
 */
export class ManagerMetrics {
  /** The registry: serve `registry.metrics()`, or register your own metrics in it. */
  readonly registry = new Registry();
  readonly #reconcileTotal: Counter<'controller' | 'result'>;
  readonly #reconcileErrors: Counter<'controller'>;
  readonly #reconcileTime: Histogram<'controller'>;
  readonly #maxConcurrent: Gauge<'controller'>;
  readonly #activeWorkers: Gauge<'controller'>;
  readonly #depth: Gauge<'name' | 'controller'>;
  readonly #adds: Counter<'name' | 'controller'>;
  readonly #retries: Counter<'name' | 'controller'>;
  readonly #queueDuration: Histogram<'name' | 'controller'>;
  readonly #workDuration: Histogram<'name' | 'controller'>;
  readonly #leader: Gauge<'name'>;
  readonly #webhookTotal: Counter<'webhook' | 'code'>;
  readonly #webhookLatency: Histogram<'webhook'>;
  readonly #webhookInFlight: Gauge<'webhook'>;
  readonly #counters = new Map<string, Set<ObjectCounter>>();

  constructor() {
    const registers = [this.registry];
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
    this.#reconcileTime = new Histogram({
      name: 'controller_runtime_reconcile_time_seconds',
      help: 'Length of time per reconciliation per controller',
      labelNames: ['controller'],
      buckets: [
        0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.25, 1.5,
        1.75, 2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60,
      ],
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
      help: 'Current depth of workqueue',
      labelNames: ['name', 'controller'],
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
      help: 'Total number of retries handled by workqueue',
      labelNames: ['name', 'controller'],
      registers,
    });
    const durationBuckets = exponentialBuckets(1e-8, 10, 11);
    this.#queueDuration = new Histogram({
      name: 'workqueue_queue_duration_seconds',
      help: 'How long in seconds an item stays in workqueue before being requested',
      labelNames: ['name', 'controller'],
      buckets: durationBuckets,
      registers,
    });
    this.#workDuration = new Histogram({
      name: 'workqueue_work_duration_seconds',
      help: 'How long in seconds processing an item from workqueue takes',
      labelNames: ['name', 'controller'],
      buckets: durationBuckets,
      registers,
    });
    this.#leader = new Gauge({
      name: 'leader_election_master_status',
      help: 'Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master',
      labelNames: ['name'],
      registers,
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
      registers,
    });
    this.#webhookInFlight = new Gauge({
      name: 'controller_runtime_webhook_requests_in_flight',
      help: 'Current number of admission requests being served.',
      labelNames: ['webhook'],
      registers,
    });
    const counters = this.#counters;
    new Gauge({
      name: 'kubekit_cache_objects',
      help: 'Number of objects in the informer cache per kind',
      labelNames: ['kind'],
      registers,
      collect() {
        this.reset();
        for (const [kind, set] of counters) {
          let n = 0;
          const seen = new Set<string>();
          for (const c of set) {
            for (const [ns, s] of c.status) {
              if (seen.has(ns)) continue; // leases of one kind share informers
              seen.add(ns);
              n += s.objects;
            }
          }
          this.set({ kind }, n);
        }
      },
    });
  }

  /** Counts one reconcile of `controller`, its outcome and duration. */
  reconciled(controller: string, outcome: ReconcileOutcome, seconds: number): void {
    this.#reconcileTotal.inc({ controller, result: outcome });
    if (outcome === 'error') this.#reconcileErrors.inc({ controller });
    this.#reconcileTime.observe({ controller }, seconds);
  }

  /** Sets the worker gauges of `controller`. */
  workers(controller: string, max: number, active: number): void {
    this.#maxConcurrent.set({ controller }, max);
    this.#activeWorkers.set({ controller }, active);
  }

  /** Work-queue hooks reporting under `name` (the controller's name). */
  queue(name: string): WorkQueueMetrics {
    const labels = { name, controller: name };
    return {
      add: () => this.#adds.inc(labels),
      depth: (n) => this.#depth.set(labels, n),
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

  /** Sets `leader_election_master_status` of lease `name`. */
  leader(name: string, isLeader: boolean): void {
    this.#leader.set({ name }, isLeader ? 1 : 0);
  }

  /** Counts `counter`'s objects under `kind` in `kubekit_cache_objects`; returns the function that stops. */
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
