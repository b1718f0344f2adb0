/**
 * `pnpm bench cached-client [--objects 1000]`: the cache-backed client on one private real API
 * server with N Widgets, in one run:
 *
 * - latency (p50/p99) of a cached `get` and a cached label-selector `list`, against the same reads
 *   sent to the API server (`{ live: true }`);
 * - latency of a `get` right after an `update` through the client (read-your-writes: it waits for
 *   the informer to see the update);
 * - API requests per 1,000 reconcile-style read-modify-write cycles (`get` then `update`, each object
 *   ten times), with the plain `Client` and with `CachedClient`: the cache must cut the reads to ~0
 *   while every get still sees the previous cycle's update.
 *
 * The informer cache lists and watches through a client of its own, so the request counts of the
 * client under test hold only its gets, lists and writes.
 */
import { CachedClient, InformerCache } from '@kubekit/cache';
import { Client, type Reader, type Writer } from '@kubekit/client';
import { silentLogger } from '@kubekit/core';
import { TestEnvironment } from '@kubekit/testing';
import { ensureNamespace, Widget, widgetCrd } from './support/widgets.ts';

const NAMESPACE = 'bench';
const CYCLES = 1_000;
const CACHED_GETS = 10_000;
const CACHED_LISTS = 1_000;
const DIRECT_GETS = 1_000;
const DIRECT_LISTS = 200;
const RYW_CYCLES = 1_000;

const objectsArg = process.argv.indexOf('--objects');
const N = Number(objectsArg >= 0 ? process.argv[objectsArg + 1] : 1_000);
if (!Number.isInteger(N) || N < 10) {
  console.error('usage: pnpm bench cached-client [--objects 1000] (at least 10)');
  process.exit(2);
}

const widget = (i: number): Widget => ({
  apiVersion: 'bench.kubekit.dev/v1',
  kind: 'Widget',
  metadata: { name: `w-${i}`, namespace: NAMESPACE, labels: { shard: String(i % 10) } },
  spec: { replicas: 0 },
});

const silent = silentLogger;

/**
 * Runs `op` `count` times one after the other; returns p50 and p99 of its latency in ms (or of the
 * number it resolves to, when it times only a part of itself).
 */
async function latency(count: number, op: (i: number) => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  const ms: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    const own = await op(i);
    ms.push(typeof own === 'number' ? own : performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => +(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] ?? 0).toFixed(3);
  return { p50: at(0.5), p99: at(0.99) };
}

/**
 * `CYCLES` get-then-update cycles over the first 100 objects (each is read again after this
 * client's own update of it, ten times); returns the requests `client` sent.
 */
async function readModifyWrite(rw: Reader & Writer, client: Client): Promise<number> {
  const before = client.stats.attempts;
  for (let i = 0; i < CYCLES; i++) {
    const w = await rw.get(Widget, `w-${i % Math.min(100, N)}`, { namespace: NAMESPACE });
    await rw.update({ ...w, spec: { replicas: (w.spec?.replicas ?? 0) + 1 } });
  }
  return client.stats.attempts - before;
}

const env = await TestEnvironment.start({ crds: [widgetCrd] });
const admin = new Client({ kubeConfig: env.kubeConfig, qps: 0 });
const informers = new Client({ kubeConfig: env.kubeConfig, qps: 0 });
const client = new Client({ kubeConfig: env.kubeConfig, qps: 0 });
const cache = new InformerCache({ client: informers });
const stop = new AbortController();
const running = cache.start(stop.signal);
const latencies: Record<string, string | number>[] = [];
const requests: Record<string, string | number>[] = [];
try {
  await ensureNamespace(admin, NAMESPACE);
  for (let i = 0; i < N; i += 50) {
    await Promise.all(Array.from({ length: Math.min(50, N - i) }, (_, j) => admin.create(widget(i + j))));
  }
  const cc = new CachedClient({ client, cache, logger: silent });
  await cc.list(Widget, { namespace: NAMESPACE }); // starts and syncs the informer
  const name = (i: number) => `w-${(i * 7919) % N}`;
  const row = (read: string, count: number, l: { p50: number; p99: number }) =>
    latencies.push({ read, count, 'p50 (ms)': l.p50, 'p99 (ms)': l.p99 });

  row('cached get', CACHED_GETS, await latency(CACHED_GETS, (i) => cc.get(Widget, name(i), { namespace: NAMESPACE })));
  row(
    `cached list shard=3 (${N / 10} of ${N})`,
    CACHED_LISTS,
    await latency(CACHED_LISTS, () => cc.list(Widget, { namespace: NAMESPACE, labelSelector: { shard: '3' } })),
  );
  row(
    'direct get (live)',
    DIRECT_GETS,
    await latency(DIRECT_GETS, (i) => cc.get(Widget, name(i), { namespace: NAMESPACE, live: true })),
  );
  row(
    `direct list shard=3 (${N / 10} of ${N}) (live)`,
    DIRECT_LISTS,
    await latency(DIRECT_LISTS, () =>
      cc.list(Widget, { namespace: NAMESPACE, labelSelector: { shard: '3' }, live: true }),
    ),
  );
  let w = await cc.get(Widget, 'w-0', { namespace: NAMESPACE });
  let updated: Widget = w;
  const ryw = await latency(RYW_CYCLES, async () => {
    updated = await cc.update({ ...w, spec: { replicas: (w.spec?.replicas ?? 0) + 1 } });
    const t = performance.now();
    w = await cc.get(Widget, 'w-0', { namespace: NAMESPACE });
    if (w.metadata?.resourceVersion !== updated.metadata?.resourceVersion) throw new Error('stale read');
    return performance.now() - t;
  });
  row('update + cached get (read-your-writes)', RYW_CYCLES, ryw);

  const plainRequests = await readModifyWrite(client, client);
  const cc2 = new CachedClient({ client, cache, logger: silent });
  const cachedRequests = await readModifyWrite(cc2, client);
  const m = cc2.metrics.snapshot();
  requests.push(
    { client: 'Client', cycles: CYCLES, requests: plainRequests, reads: plainRequests - CYCLES, writes: CYCLES },
    {
      client: 'CachedClient',
      cycles: CYCLES,
      requests: cachedRequests,
      reads: cachedRequests - CYCLES,
      writes: CYCLES,
      'cache hits': m.cacheHits,
      'ryw waits': m.readYourWritesWaits,
      'ryw mean wait (ms)': +(m.readYourWritesWaitMs / Math.max(1, m.readYourWritesWaits)).toFixed(3),
      'ryw max wait (ms)': +m.readYourWritesMaxWaitMs.toFixed(3),
    },
  );
} finally {
  stop.abort();
  await running;
  admin.close();
  informers.close();
  client.close();
  await env.stop();
}
console.log(`CachedClient on a real API server, ${N} Widgets`);
console.table(latencies);
console.table(requests);
