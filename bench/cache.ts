/**
 * `pnpm bench cache`: the informer cache on one private real API server with 5,000 Widgets: time to
 * sync with a streaming list and with a paged list, approximate and heap bytes held, 10,000 gets
 * and 100 label-selector lists from the cache, and the delay until 1,000 creates made while
 * watching are all seen by a handler.
 */
import { clientListerWatcher, InformerCache, SharedInformer } from '@kubekit/cache';
import { Client, defineKind, type KubeObject } from '@kubekit/client';
import { TestEnvironment } from '@kubekit/testing';

const OBJECTS = 5000;
const LIVE = 1000;
const GETS = 10_000;
const LISTS = 100;
const NAMESPACE = 'bench';

const Widget = defineKind<KubeObject & { spec?: { size?: number } }>({
  apiVersion: 'test.kubekit.dev/v1',
  kind: 'Widget',
  plural: 'widgets',
  scope: 'Namespaced',
});

async function create(client: Client, from: number, count: number, prefix: string): Promise<void> {
  for (let i = from; i < from + count; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, from + count - i) }, (_, j) =>
        client.create({
          apiVersion: 'test.kubekit.dev/v1',
          kind: 'Widget',
          metadata: {
            name: `${prefix}-${i + j}`,
            namespace: NAMESPACE,
            labels: { app: 'bench', shard: `${(i + j) % 10}` },
          },
          spec: { size: (i + j) % 10 },
        }),
      ),
    );
  }
}

const rows: Record<string, string | number>[] = [];
const env = await TestEnvironment.start({ crds: ['test/fixtures/crds.yaml'] });
const client = new Client({ kubeConfig: env.kubeConfig, qps: 0 });
try {
  await create(client, 0, OBJECTS, 'w');

  for (const streamingList of [true, false]) {
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const informer = new SharedInformer(clientListerWatcher(client, Widget, { namespace: NAMESPACE }), {
      streamingList,
    });
    const stop = new AbortController();
    const start = performance.now();
    const running = informer.start(stop.signal);
    await informer.waitForSync();
    const ms = performance.now() - start;
    global.gc?.();
    rows.push({
      step: `sync ${OBJECTS} (${streamingList ? 'streaming list' : 'paged list'})`,
      ms: Math.round(ms),
      storeMB: +(informer.status.bytes / 1e6).toFixed(1),
      heapMB: +((process.memoryUsage().heapUsed - heapBefore) / 1e6).toFixed(1),
    });
    stop.abort();
    await running;
  }

  const cache = new InformerCache({ client, namespaces: [NAMESPACE] });
  const stop = new AbortController();
  const running = cache.start(stop.signal);
  const lease = await cache.getInformer(Widget);
  await lease.waitForSync();
  let t = performance.now();
  for (let i = 0; i < GETS; i++) await cache.get(Widget, `w-${i % OBJECTS}`, { namespace: NAMESPACE });
  rows.push({ step: `get ×${GETS} from the cache`, ms: Math.round(performance.now() - t) });
  t = performance.now();
  for (let i = 0; i < LISTS; i++) await cache.list(Widget, { namespace: NAMESPACE, labelSelector: { shard: '3' } });
  rows.push({
    step: `list (label selector, ${OBJECTS / 10} of ${OBJECTS}) ×${LISTS}`,
    ms: Math.round(performance.now() - t),
  });

  let seen = 0;
  const allSeen = new Promise<void>((resolve) => {
    lease.subscribe((e) => {
      if (e.type === 'add' && e.object.metadata?.name?.startsWith('live-') && ++seen === LIVE) resolve();
    });
  });
  t = performance.now();
  await create(client, 0, LIVE, 'live');
  const written = performance.now() - t;
  await allSeen;
  rows.push({
    step: `${LIVE} creates during a watch`,
    ms: Math.round(performance.now() - t),
    lastSeenAfterLastWriteMs: Math.round(performance.now() - t - written),
  });
  await lease.release();
  stop.abort();
  await running;
} finally {
  client.close();
  await env.stop();
}
console.table(rows);
