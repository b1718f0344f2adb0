/**
 * `/metrics` of a manager on the real kube-apiserver, scraped and compared with controller-runtime's
 * metrics: names, types, label names and histogram buckets as written down below from
 * controller-runtime's sources (pkg/internal/controller/metrics/metrics.go,
 * pkg/internal/metrics/workqueue.go, pkg/metrics/client_go_adapter.go,
 * pkg/webhook/internal/metrics/metrics.go, and the process collector it registers).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { builtinKinds } from '@kubekit/client';
import { silentLogger } from '@kubekit/core';
import { controllerFor, Manager, ManagerMetrics, TerminalError } from '@kubekit/manager';
import { describeReal, realServer } from '../support/realServer.js';

/** One metric as Prometheus sees it. */
interface MetricShape {
  type: 'counter' | 'gauge' | 'histogram';
  labels: string[];
  buckets?: number[];
}

/** `prometheus.ExponentialBuckets(10e-9, 10, 12)`: 1e-8 to 1e3. */
const EXPONENTIAL = [1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 1, 10, 100, 1000];

/** controller-runtime's metrics, from its sources (commit 86a0d40e, 2026-08). */
const CONTROLLER_RUNTIME: Record<string, MetricShape> = {
  controller_runtime_reconcile_total: { type: 'counter', labels: ['controller', 'result'] },
  controller_runtime_reconcile_errors_total: { type: 'counter', labels: ['controller'] },
  controller_runtime_terminal_reconcile_errors_total: { type: 'counter', labels: ['controller'] },
  controller_runtime_reconcile_panics_total: { type: 'counter', labels: ['controller'] },
  controller_runtime_reconcile_timeouts_total: { type: 'counter', labels: ['controller'] },
  controller_runtime_reconcile_time_seconds: {
    type: 'histogram',
    labels: ['controller'],
    buckets: [
      0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.25, 1.5,
      1.75, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60,
    ],
  },
  controller_runtime_max_concurrent_reconciles: { type: 'gauge', labels: ['controller'] },
  controller_runtime_active_workers: { type: 'gauge', labels: ['controller'] },
  workqueue_depth: { type: 'gauge', labels: ['name', 'controller', 'priority'] },
  workqueue_adds_total: { type: 'counter', labels: ['name', 'controller'] },
  workqueue_queue_duration_seconds: { type: 'histogram', labels: ['name', 'controller'], buckets: EXPONENTIAL },
  workqueue_work_duration_seconds: { type: 'histogram', labels: ['name', 'controller'], buckets: EXPONENTIAL },
  workqueue_unfinished_work_seconds: { type: 'gauge', labels: ['name', 'controller'] },
  workqueue_longest_running_processor_seconds: { type: 'gauge', labels: ['name', 'controller'] },
  workqueue_retries_total: { type: 'counter', labels: ['name', 'controller'] },
  rest_client_requests_total: { type: 'counter', labels: ['code', 'method', 'host'] },
  rest_client_request_duration_seconds: {
    type: 'histogram',
    labels: ['verb', 'host'],
    buckets: [0.005, 0.025, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 15.0, 30.0, 60.0],
  },
  // the process collector's metrics that Node.js has too
  process_cpu_seconds_total: { type: 'counter', labels: [] },
  process_resident_memory_bytes: { type: 'gauge', labels: [] },
  process_virtual_memory_bytes: { type: 'gauge', labels: [] },
  process_start_time_seconds: { type: 'gauge', labels: [] },
  process_open_fds: { type: 'gauge', labels: [] },
  process_max_fds: { type: 'gauge', labels: [] },
};

/** controller-runtime's webhook metrics: served once a webhook is registered. */
const CONTROLLER_RUNTIME_WEBHOOK: Record<string, MetricShape> = {
  controller_runtime_webhook_requests_total: { type: 'counter', labels: ['webhook', 'code'] },
  controller_runtime_webhook_requests_in_flight: { type: 'gauge', labels: ['webhook'] },
  controller_runtime_webhook_latency_seconds: { type: 'histogram', labels: ['webhook'], buckets: EXPONENTIAL },
};

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the Prometheus text format: `# TYPE` lines and samples. */
function parse(text: string): { types: Map<string, string>; samples: Sample[] } {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) types.set(type[1] as string, type[2] as string);
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1] as string] = l[2] as string;
    samples.push({ name: m[1] as string, labels, value: Number(m[3]) });
  }
  return { types, samples };
}

/** What `/metrics` says of metric `name`: type, label names (without `le`), buckets. */
function shapeOf(scrape: ReturnType<typeof parse>, name: string): MetricShape | undefined {
  const type = scrape.types.get(name);
  if (type === undefined) return undefined;
  const own = scrape.samples.filter((s) =>
    type === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`].includes(s.name) : s.name === name,
  );
  const labels = [...new Set(own.flatMap((s) => Object.keys(s.labels)).filter((l) => l !== 'le'))].sort();
  const shape: MetricShape = { type: type as MetricShape['type'], labels };
  if (type === 'histogram') {
    const first = own.find((s) => s.name === `${name}_bucket`);
    const series = own.filter(
      (s) =>
        s.name === `${name}_bucket` &&
        Object.entries(first?.labels ?? {}).every(([k, v]) => k === 'le' || s.labels[k] === v),
    );
    shape.buckets = series
      .map((s) => s.labels.le as string)
      .filter((le) => le !== '+Inf')
      .map(Number);
  }
  return shape;
}

const sorted = (shape: MetricShape): MetricShape => ({ ...shape, labels: [...shape.labels].sort() });

const value = (scrape: ReturnType<typeof parse>, name: string, labels: Record<string, string>) =>
  scrape.samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

describe('ManagerMetrics', () => {
  it('serves prom-client default collectors unless turned off', async () => {
    expect(await new ManagerMetrics().registry.metrics()).toContain('process_cpu_seconds_total');
    const off = await new ManagerMetrics({ defaultCollectors: false }).registry.metrics();
    expect(off).not.toContain('process_');
    expect(off).not.toContain('nodejs_');
  });

  it('registers the default collectors at the first read of the registry, ahead of what was counted before', async () => {
    const metrics = new ManagerMetrics();
    // counted before anyone read the registry (the default collectors are not loaded yet)
    metrics.controllerStarted('widgets');
    metrics.reconciled('widgets', 'success', 0.01);
    metrics.leader('my-operator', true);
    const text = await metrics.registry.metrics();
    const families = [...text.matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1] as string);
    // the order a registration at construction gives: process and Node.js collectors first
    expect(families[0]).toBe('process_cpu_user_seconds_total');
    expect(families.indexOf('nodejs_heap_size_used_bytes')).toBeLessThan(
      families.indexOf('controller_runtime_reconcile_total'),
    );
    const scrape = parse(text);
    expect(value(scrape, 'controller_runtime_reconcile_total', { controller: 'widgets', result: 'success' })).toBe(1);
    expect(value(scrape, 'controller_runtime_reconcile_total', { controller: 'widgets', result: 'error' })).toBe(0);
    expect(value(scrape, 'leader_election_master_status', { name: 'my-operator' })).toBe(1);
    // a second read registers nothing twice
    expect(parse(await metrics.registry.metrics()).types).toEqual(scrape.types);
  });

  it('serves leader_election_master_status only for a named lease', async () => {
    const metrics = new ManagerMetrics({ defaultCollectors: false });
    metrics.leader('', true);
    expect(await metrics.registry.metrics()).not.toContain('leader_election_master_status');
    metrics.leader('my-operator', true);
    expect(await metrics.registry.metrics()).toContain('leader_election_master_status{name="my-operator"} 1');
  });

  it('serves the webhook metrics with controller-runtime shapes once a webhook is registered', async () => {
    const metrics = new ManagerMetrics({ defaultCollectors: false });
    metrics.webhookRegistered('/validate');
    metrics.webhookRequest('/validate', 0)(200, 0.002);
    const scrape = parse(await metrics.registry.metrics());
    for (const [name, expected] of Object.entries(CONTROLLER_RUNTIME_WEBHOOK)) {
      expect({ name, ...shapeOf(scrape, name) }).toEqual({ name, ...sorted(expected) });
    }
    expect(value(scrape, 'controller_runtime_webhook_requests_total', { code: '500' })).toBe(0);
  });
});

describeReal('/metrics of a manager on the real API server', () => {
  let namespace: { name: string; cleanup(): Promise<void> };
  beforeAll(async () => {
    namespace = await realServer().namespace('metrics');
  });
  afterAll(() => namespace?.cleanup());

  it("serves controller-runtime's names, types, labels and buckets; series start at 0", async () => {
    const ns = namespace.name;
    const mgr = new Manager({
      kubeConfig: realServer().kubeConfig(),
      logger: silentLogger,
      metricsPort: 0,
      bindAddress: '127.0.0.1',
      cache: { namespaces: [ns] },
    });
    controllerFor(mgr, builtinKinds.ConfigMap).complete((request) => {
      if (request.name === 'terminal') throw new TerminalError('cannot be done');
      if (request.name === 'panic') (undefined as unknown as { x: { y: () => void } }).x.y(); // a TypeError
    });
    const stop = new AbortController();
    const running = mgr.start(stop.signal);
    const url = `http://127.0.0.1:${await mgr.metricsPort}/metrics`;
    const scrapeNow = async () => parse(await (await fetch(url)).text());
    try {
      // before any reconcile of ours: every result at 0 once the controller started
      let scrape = await scrapeNow();
      for (
        let i = 0;
        value(scrape, 'controller_runtime_active_workers', { controller: 'configmap' }) === undefined;
        i++
      ) {
        if (i > 3000) throw new Error('the controller did not start');
        await new Promise((r) => setTimeout(r, 10));
        scrape = await scrapeNow();
      }
      for (const result of ['success', 'error', 'requeue', 'requeue_after']) {
        expect(value(scrape, 'controller_runtime_reconcile_total', { controller: 'configmap', result })).toBeDefined();
      }
      expect(value(scrape, 'controller_runtime_reconcile_total', { result: 'requeue' })).toBe(0);
      expect(value(scrape, 'controller_runtime_terminal_reconcile_errors_total', { controller: 'configmap' })).toBe(0);
      expect(value(scrape, 'controller_runtime_reconcile_panics_total', { controller: 'configmap' })).toBe(0);
      // the process collector, as controller-runtime registers, from the first scrape on
      expect(scrape.types.get('process_cpu_seconds_total')).toBe('counter');
      expect(scrape.types.get('process_resident_memory_bytes')).toBe('gauge');

      for (const name of ['ok', 'terminal', 'panic']) {
        await mgr.apiClient.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns } });
      }
      for (let i = 0; ; i++) {
        scrape = await scrapeNow();
        const panics = value(scrape, 'controller_runtime_reconcile_panics_total', { controller: 'configmap' }) ?? 0;
        const terminal = value(scrape, 'controller_runtime_terminal_reconcile_errors_total', {}) ?? 0;
        if (panics >= 1 && terminal >= 1) break;
        if (i > 3000) throw new Error(`no panic or terminal error counted (${panics}, ${terminal})`);
        await new Promise((r) => setTimeout(r, 10));
      }

      for (const [name, expected] of Object.entries(CONTROLLER_RUNTIME)) {
        expect({ name, ...shapeOf(scrape, name) }).toEqual({ name, ...sorted(expected) });
      }
      expect(value(scrape, 'controller_runtime_terminal_reconcile_errors_total', {})).toBe(1);
      const errors = value(scrape, 'controller_runtime_reconcile_errors_total', {}) ?? 0;
      expect(errors).toBeGreaterThanOrEqual(2); // the terminal one and the panic(s): each is an error too
      const host = new URL(realServer().kubeConfig().getCurrentCluster()?.server ?? '').host;
      expect(value(scrape, 'rest_client_requests_total', { code: '201', method: 'POST', host })).toBe(3);
      expect(value(scrape, 'rest_client_requests_total', { code: '200', method: 'GET', host })).toBeGreaterThan(0);
      const text = await (await fetch(url)).text();
      expect(text).not.toContain('leader_election_master_status');
      expect(text).not.toMatch(/le="[\d.]*(?:0000000|9999999)\d*"/); // clean bucket labels
      expect(text).toContain('kubekit_cache_objects{kind="ConfigMap.v1"} 3');
      expect(text).toMatch(/kubekit_cache_bytes\{kind="ConfigMap\.v1"\} [1-9]/);
      expect(text).toContain('kubekit_informer_handler_queue_depth{kind="ConfigMap.v1",handler="configmap"}');
    } finally {
      stop.abort();
      await running;
    }
  });
});
