/**
 * A tour of the cache-backed client (docs/client.md, "Cached reads"): reads from the informer
 * cache, writes to the API server, reads of its own writes, a delete seen at once, a live read,
 * and the counters. The test suite runs it against the real API server
 * (test/examples/cachedClientTour.integration.test.ts).
 */
import { CachedClient, InformerCache } from '@kubekit/cache';
import { Client, type KubeConfigLike } from '@kubekit/client';
import { defineKind, isNotFound, type KubeObject } from '@kubekit/core';

/** The Widget custom resource, as its TypeScript type. */
interface Widget extends KubeObject {
  spec?: { color?: string; replicas?: number };
}

/** The Widget kind: reads of it come back as `Widget`. */
const Widget = defineKind<Widget>({
  apiVersion: 'test.kubekit.dev/v1',
  kind: 'Widget',
  plural: 'widgets',
  scope: 'Namespaced',
});

/** Runs the tour in `namespace`, logging one line per step. */
export async function cachedClientTour(
  kubeConfig: KubeConfigLike,
  namespace: string,
  log: (line: string) => void,
): Promise<void> {
  using client = new Client({ kubeConfig });
  const cache = new InformerCache({ client });
  const stop = new AbortController();
  const running = cache.start(stop.signal);
  try {
    const widgets = new CachedClient({ client, cache }).inNamespace(namespace);

    // a reconcile-style loop: read from the cache, change, write to the API server; each read
    // sees the previous write (read-your-writes), without asking the API server
    await widgets.create<Widget>({ apiVersion: 'test.kubekit.dev/v1', kind: 'Widget', metadata: { name: 'w1' } });
    for (let i = 1; i <= 3; i++) {
      const w = await widgets.get(Widget, 'w1');
      await widgets.update({ ...w, spec: { ...w.spec, replicas: i } });
    }
    log(`replicas after 3 read-modify-writes: ${(await widgets.get(Widget, 'w1')).spec?.replicas}`);

    // a live read goes to the API server (for a read that must see other writers at once)
    const live = await widgets.get(Widget, 'w1', { live: true });
    log(`live read replicas: ${live.spec?.replicas}`);

    // a delete through the client: cached reads answer NotFound at once
    await widgets.delete(Widget, 'w1');
    const gone = await widgets.get(Widget, 'w1').catch((e: unknown) => e);
    log(`get after delete: ${isNotFound(gone) ? 'NotFound' : 'still there'}`);

    const m = widgets.metrics.snapshot();
    log(`cache hits ${m.cacheHits}, direct reads ${m.directReads} (live ${m.fallbacks.live})`);
  } finally {
    stop.abort();
    await running;
  }
}
