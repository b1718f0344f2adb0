/**
 * `pnpm bench webhooks`: what an admission webhook adds to a write, measured through a private real
 * API server (TestEnvironment). A manager serves a validator of ConfigMaps (allows everything) and
 * a defaulter (adds one key); `installWebhooks` points the API server at it. For each case, 500
 * sequential dry-run creates of a ConfigMap from a client: p50 and p99 of the whole round trip, in
 * a namespace the webhooks do not select (baseline), with the validator only, and with both. The
 * handler's own time is `controller_runtime_webhook_latency_seconds`; the rest is the API server's
 * call (TLS connection reuse, JSON encode/decode on both sides). Then CRD conversion: 500 gets of
 * one Gadget (stored at v1) at v1 (no conversion) and at v1alpha1 (through `conversionWebhook`).
 */
import { Client } from '@kubekit/client';
import { silentLogger } from '@kubekit/core';
import { defineConversion, defineCustomResource } from '@kubekit/crd';
import { Admission, conversionWebhook, Manager, webhookFor } from '@kubekit/manager';
import { installWebhooks, TestEnvironment } from '@kubekit/testing';
import { z } from 'zod';

const ROUNDS = 500;
const WARMUP = 50;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

const Gadget = defineCustomResource({
  group: 'bench.kubekit.dev',
  kind: 'Gadget',
  versions: {
    v1alpha1: { spec: z.object({ inches: z.number() }), storage: false },
    v1: { spec: z.object({ size: z.object({ value: z.number(), unit: z.enum(['in', 'cm']) }) }), storage: true },
  },
});
const gadgetConversion = defineConversion(Gadget, {
  hub: 'v1',
  spokes: {
    v1alpha1: {
      toHub: (old) => ({ ...old, spec: { size: { value: old.spec.inches, unit: 'in' as const } } }),
      fromHub: (hub) => ({ ...hub, spec: { inches: hub.spec.size.value } }),
    },
  },
});

await using env = await TestEnvironment.start({ crds: [Gadget.crd] });
using client = new Client({ kubeConfig: env.kubeConfig, qps: 0 });
for (const name of ['plain', 'validated', 'mutated']) {
  await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}
const rule = { operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['configmaps'] };
const common = { sideEffects: 'None', admissionReviewVersions: ['v1'], failurePolicy: 'Fail', timeoutSeconds: 5 };
const inNamespaces = (...names: string[]) => ({
  namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: names }] },
});
const hooks = await installWebhooks(env.kubeConfig, {
  conversion: { crds: [Gadget.crd.metadata.name] },
  validating: [
    {
      metadata: { name: 'bench-validate' },
      webhooks: [
        {
          name: 'v.bench.kubekit.dev',
          rules: [rule],
          clientConfig: { url: 'https://x/validate--v1-configmap' },
          ...common,
          ...inNamespaces('validated', 'mutated'),
        },
      ],
    },
  ],
  mutating: [
    {
      metadata: { name: 'bench-mutate' },
      webhooks: [
        {
          name: 'm.bench.kubekit.dev',
          rules: [rule],
          clientConfig: { url: 'https://x/mutate--v1-configmap' },
          ...common,
          ...inNamespaces('mutated'),
        },
      ],
    },
  ],
});
const mgr = new Manager({
  kubeConfig: env.kubeConfig,
  logger: silentLogger,
  webhook: { port: hooks.port, bindAddress: hooks.host, certDir: hooks.certDir },
});
webhookFor(mgr, { apiVersion: 'v1', kind: 'ConfigMap' })
  .defaulter((cm) => {
    cm.data = { ...(cm.data as Record<string, string> | undefined), defaulted: 'yes' };
    return undefined;
  })
  .validator({ create: () => Admission.allowed() })
  .complete();
mgr.webhookServer.register('/convert', conversionWebhook(gadgetConversion));
const stop = new AbortController();
const running = mgr.start(stop.signal);
await mgr.webhookServer.port;

async function roundTrips(namespace: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < WARMUP + ROUNDS; i++) {
    const start = performance.now();
    await client.create(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace }, data: { a: 'b' } },
      { dryRun: true },
    );
    if (i >= WARMUP) times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

// the configurations are in force once a dry run in `mutated` comes back defaulted
for (;;) {
  const cm = (await client.create(
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'probe', namespace: 'mutated' } },
    { dryRun: true },
  )) as { data?: Record<string, string> };
  if (cm.data?.defaulted === 'yes') break;
}
const rows: string[] = [];
for (const namespace of ['plain', 'validated', 'mutated']) {
  const t = await roundTrips(namespace);
  rows.push(
    `| ${namespace.padEnd(9)} | ${quantile(t, 0.5).toFixed(2).padStart(6)} | ${quantile(t, 0.99).toFixed(2).padStart(6)} |`,
  );
}
const { v1alpha1, v1 } = Gadget.versions;
await client.create(
  {
    apiVersion: v1.apiVersion,
    kind: 'Gadget',
    metadata: { name: 'g', namespace: 'plain' },
    spec: { size: { value: 2, unit: 'in' } },
  },
  { kind: v1 },
);
async function gets(kind: typeof v1alpha1 | typeof v1): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < WARMUP + ROUNDS; i++) {
    const start = performance.now();
    await client.get(kind, 'g', { namespace: 'plain' });
    if (i >= WARMUP) times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}
// the CRD's conversion is in force once a v1alpha1 read comes back converted
for (;;) {
  const g = (await client.get({ apiVersion: v1alpha1.apiVersion, kind: 'Gadget' }, 'g', { namespace: 'plain' })) as {
    spec?: { inches?: number };
  };
  if (g.spec?.inches === 2) break;
}
const conversionRows: string[] = [];
for (const [label, kind] of [
  ['get at v1', v1],
  ['get at v1alpha1', v1alpha1],
] as const) {
  const t = await gets(kind);
  conversionRows.push(
    `| ${label.padEnd(15)} | ${quantile(t, 0.5).toFixed(2).padStart(6)} | ${quantile(t, 0.99).toFixed(2).padStart(6)} |`,
  );
}
const latency = await mgr.metrics.registry.getSingleMetricAsString('controller_runtime_webhook_latency_seconds');
const sum = (path: string, what: 'sum' | 'count') =>
  Number(new RegExp(`_${what}\\{webhook="${path}"\\} ([0-9.e-]+)`).exec(latency)?.[1] ?? Number.NaN);
console.log(`dry-run creates of a ConfigMap, ${ROUNDS} each, ms (round trip from the client):`);
console.log('| webhooks  | p50    | p99    |');
console.log('| --------- | ------ | ------ |');
for (const r of rows) console.log(r);
console.log(`\ngets of a Gadget stored at v1, ${ROUNDS} each, ms:`);
console.log('| read            | p50    | p99    |');
console.log('| --------------- | ------ | ------ |');
for (const r of conversionRows) console.log(r);
for (const path of ['/validate--v1-configmap', '/mutate--v1-configmap', '/convert']) {
  const ms = (sum(path, 'sum') / sum(path, 'count')) * 1000;
  console.log(`handler time (mean, controller_runtime_webhook_latency_seconds) ${path}: ${ms.toFixed(3)} ms`);
}
stop.abort();
await running;
await hooks.uninstall();
