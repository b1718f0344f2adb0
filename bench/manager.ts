/**
 * `pnpm bench manager`: the manager's reconcile loop (`pnpm bench reconcile` compares it with the
 * Go and Rust peers, see bench/compare.ts).
 *
 * 1. No-op reconciles per second: a controller over 100,000 in-memory objects (a scripted
 *    informer, no API server) with a reconciler that returns at once; measures the queue,
 *    workers and bookkeeping alone.
 * 2. A status-writing loop on a private real API server (TestEnvironment): 1,000 Widgets, a
 *    Manager whose controller patches each Widget's status once (`status.phase: Ready`); time from
 *    start until the cache has seen every status, at concurrency 1, 4 and 16. The client's rate
 *    limit is turned off (its default, 20 qps, would be the only thing measured).
 */
import type { InformerHandler, InformerLease } from '@kubekit/cache';
import { Client } from '@kubekit/client';
import { defineKind, type KubeObject, silentLogger } from '@kubekit/core';
import { Controller, controllerFor, enqueueRequestForObject, Manager } from '@kubekit/manager';
import { FakeClient, TestEnvironment } from '@kubekit/testing';
import { ensureNamespace } from './support/widgets.ts';

const NOOP_OBJECTS = 100_000;
const WIDGETS = 1000;
const CONCURRENCY = [1, 4, 16];

type Widget = KubeObject & { spec?: { replicas?: number }; status?: { phase?: string; replicas?: number } };
const Widget = defineKind<Widget>({
  apiVersion: 'test.kubekit.dev/v1',
  kind: 'Widget',
  plural: 'widgets',
  scope: 'Namespaced',
});

function syntheticLease(objects: KubeObject[]): InformerLease {
  return {
    subscribe: (h: InformerHandler) => {
      for (const object of objects) void h({ type: 'add', object });
      return () => undefined;
    },
    onStatus: () => () => undefined,
    waitForSync: async () => undefined,
    hasSynced: true,
    handlerLag: [],
    status: new Map(),
    stores: new Map(),
    release: async () => undefined,
  };
}

async function noop(concurrency: number): Promise<number> {
  const objects = Array.from({ length: NOOP_OBJECTS }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `cm-${i}`, namespace: `ns-${i % 10}` },
  }));
  let done = 0;
  let finish = () => {};
  const all = new Promise<void>((r) => {
    finish = r;
  });
  using client = await FakeClient.create(); // context.client: not used by this reconciler
  const controller = new Controller({
    name: 'noop',
    informers: async () => syntheticLease(objects),
    client,
    maxConcurrentReconciles: concurrency,
    logger: silentLogger,
    reconciler: () => {
      if (++done === NOOP_OBJECTS) finish();
    },
  });
  controller.watch({ apiVersion: 'v1', kind: 'ConfigMap' }, enqueueRequestForObject());
  const stop = new AbortController();
  const start = performance.now();
  const running = controller.start(stop.signal);
  await all;
  const ms = performance.now() - start;
  stop.abort();
  await running;
  return (NOOP_OBJECTS / ms) * 1000;
}

async function statusLoop(env: TestEnvironment, concurrency: number): Promise<{ ms: number; perSecond: number }> {
  const namespace = `bench-c${concurrency}`;
  const client = new Client({ kubeConfig: env.kubeConfig, qps: 0 });
  await ensureNamespace(client, namespace);
  for (let i = 0; i < WIDGETS; i += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, WIDGETS - i) }, (_, j) =>
        client.create({
          apiVersion: Widget.apiVersion,
          kind: 'Widget',
          metadata: { name: `w-${i + j}`, namespace },
          spec: { replicas: (i + j) % 5 },
        }),
      ),
    );
  }
  const mgr = new Manager({
    kubeConfig: env.kubeConfig,
    client: { qps: 0 },
    cache: { namespaces: [namespace] },
    logger: silentLogger,
  });
  let ready = 0;
  let finish = () => {};
  const all = new Promise<void>((r) => {
    finish = r;
  });
  controllerFor(mgr, Widget)
    .withOptions({ maxConcurrentReconciles: concurrency })
    .complete(async ({ namespace: ns, name }) => {
      const w = await mgr.client.get(Widget, name, { namespace: ns });
      if (w.status?.phase === 'Ready') return;
      await mgr.client
        .status()
        .patch(
          Widget,
          name,
          { type: 'merge', patch: { status: { phase: 'Ready', replicas: w.spec?.replicas ?? 0 } } },
          { namespace: ns },
        );
    });
  // done when the cache has seen every status write
  const watcher = await (async () => {
    const stop = new AbortController();
    const start = performance.now();
    const running = mgr.start(stop.signal);
    const lease = await mgr.informerFor(Widget);
    const seen = new Set<string>();
    const off = lease.subscribe((e) => {
      if (e.type !== 'delete' && (e.object as Widget).status?.phase === 'Ready') {
        seen.add(e.object.metadata?.name ?? '');
        if (seen.size === WIDGETS && ready++ === 0) finish();
      }
    });
    await all;
    const ms = performance.now() - start;
    off();
    await lease.release();
    stop.abort();
    await running;
    return ms;
  })();
  client.close();
  return { ms: watcher, perSecond: (WIDGETS / watcher) * 1000 };
}

console.log(`no-op reconciles (${NOOP_OBJECTS.toLocaleString()} in-memory objects, no API server):`);
const rows: string[][] = [['concurrency', 'reconciles/s']];
for (const c of CONCURRENCY) rows.push([String(c), Math.round(await noop(c)).toLocaleString()]);
printTable(rows);

console.log(`\nstatus-writing reconciles (${WIDGETS} Widgets, one status patch each, real API server):`);
const env = await TestEnvironment.start({ crds: ['test/fixtures/crds.yaml'] });
try {
  const rows2: string[][] = [['concurrency', 'all statuses seen', 'reconciles/s']];
  for (const c of CONCURRENCY) {
    const r = await statusLoop(env, c);
    rows2.push([String(c), `${(r.ms / 1000).toFixed(2)} s`, Math.round(r.perSecond).toLocaleString()]);
  }
  printTable(rows2);
} finally {
  await env.stop();
}

function printTable(table: string[][]): void {
  const widths = (table[0] ?? []).map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
  for (const r of table) console.log(r.map((c, i) => c.padStart(widths[i] ?? 0)).join('  '));
}
