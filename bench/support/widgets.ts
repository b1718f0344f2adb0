/**
 * The benchmark's custom resource, shared by every benchmark and every contender: the Widget CRD
 * (spec and status keep any field, status is a subresource), Widget `i` of about 2 KB of JSON as
 * the server stores it (labels, annotations, a nested spec, managedFields from the create), and
 * seeding over one client (one keep-alive pool) with many requests in flight.
 */
import type { Client } from '@kubekit/client';
import type { CustomResourceDefinition } from '@kubekit/core';
import { defineKind, ignoreAlreadyExists, type KubeObject } from '@kubekit/core';

/** The namespace the cache benchmarks seed and watch. */
export const NAMESPACE = 'bench';

/** Requests in flight while seeding or updating. */
export const CONCURRENCY = 100;

/** The value of `spec.image` that {@link widget} gives one object in 60 (field index reads). */
export const INDEXED_IMAGE = 'registry.example.com/bench/web:1.0.0';

/** A Widget kind whose spec and status keep any field, with a status subresource. */
export const widgetCrd: CustomResourceDefinition = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.bench.kubekit.dev' },
  spec: {
    group: 'bench.kubekit.dev',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
              status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
            },
          },
        },
      },
    ],
  },
};

/** A benchmark Widget as kubekit reads it. */
export type Widget = KubeObject & {
  spec?: { replicas?: number; image?: string; burst?: string };
  status?: { reconciled?: boolean; observedGeneration?: number };
};

/** The Widget kind. */
export const Widget = defineKind<Widget>({
  apiVersion: 'bench.kubekit.dev/v1',
  kind: 'Widget',
  plural: 'widgets',
  scope: 'Namespaced',
});

/** Widget `i`: labels, annotations and a nested spec, about 2 KB of JSON as the server stores it. */
export function widget(i: number, namespace = NAMESPACE): KubeObject & { spec: object } {
  const tier = ['web', 'api', 'db'][i % 3] ?? 'web';
  return {
    apiVersion: 'bench.kubekit.dev/v1',
    kind: 'Widget',
    metadata: {
      name: `w-${i}`,
      namespace,
      labels: { app: 'bench', shard: `${i % 10}`, tier, 'app.kubernetes.io/version': `1.${i % 20}.0` },
      annotations: {
        'bench.kubekit.dev/owner': `team-${i % 7}@example.com`,
        'bench.kubekit.dev/description': `Widget ${i} of the cache benchmark, serving the ${tier} tier`,
      },
    },
    spec: {
      replicas: i % 5,
      image: `registry.example.com/bench/${tier}:1.${i % 20}.${i % 3}`,
      selector: { matchLabels: { app: 'bench', tier } },
      ports: [
        { name: 'http', containerPort: 8080, protocol: 'TCP' },
        { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
      ],
      env: Array.from({ length: 6 }, (_, k) => ({ name: `SETTING_${k}`, value: `value-${(i * 7 + k) % 1000}` })),
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
      rollout: { strategy: 'RollingUpdate', maxSurge: '25%', maxUnavailable: 0, pauseSeconds: 30 },
      probes: {
        liveness: { path: '/healthz', port: 8080, periodSeconds: 10, failureThreshold: 3 },
        readiness: { path: '/readyz', port: 8080, periodSeconds: 5, failureThreshold: 1 },
      },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: tier, effect: 'NoSchedule' }],
      config: { logLevel: 'info', featureGates: { alpha: i % 2 === 0, beta: true }, shards: [i % 10, (i + 1) % 10] },
    },
  };
}

/** Runs `fn(i)` for every `i` in `[from, to)` with at most `concurrency` calls in flight; results in order. */
export async function inParallel<T>(
  from: number,
  to: number,
  fn: (i: number) => Promise<T>,
  concurrency = CONCURRENCY,
): Promise<T[]> {
  const out = new Array<T>(Math.max(0, to - from));
  let next = from;
  const worker = async () => {
    while (next < to) {
      const i = next++;
      out[i - from] = await fn(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, to - from) }, worker));
  return out;
}

/** Creates the Namespace `name` unless it exists (kube-apiserver's NamespaceLifecycle needs it). */
export async function ensureNamespace(client: Client, name: string): Promise<void> {
  await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }).catch(ignoreAlreadyExists);
}

/** Creates Widgets `[from, to)` in `namespace` (and the namespace); returns the time it took in ms. */
export async function seedWidgets(client: Client, from: number, to: number, namespace = NAMESPACE): Promise<number> {
  await ensureNamespace(client, namespace);
  const t = performance.now();
  await inParallel(from, to, (i) => client.create(widget(i, namespace)));
  return performance.now() - t;
}
