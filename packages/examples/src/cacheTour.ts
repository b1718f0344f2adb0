/**
 * A tour of `@kubekit/cache` (docs/cache.md): an informer cache on the test Widget kind — reads
 * served from the cache, a handler on a lease, a field index, and a clean stop. The test suite runs
 * it against the real API server (test/examples/cacheTour.integration.test.ts).
 */
import { InformerCache, type InformerEvent } from '@kubekit/cache';
import { Client, type KubeConfigLike } from '@kubekit/client';
import { defineKind, type KubeObject } from '@kubekit/core';

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
export async function cacheTour(
  kubeConfig: KubeConfigLike,
  namespace: string,
  log: (line: string) => void,
): Promise<void> {
  using client = new Client({ kubeConfig });
  const widgets = client.inNamespace(namespace);
  const cache = new InformerCache({ client, namespaces: [namespace] });
  cache.indexField(Widget, 'spec.color', (w) => [String((w as Widget).spec?.color ?? '')]);
  const stop = new AbortController();
  const running = cache.start(stop.signal);
  try {
    // write to the API server ...
    await widgets.create<Widget>({ ...widget('red-1'), spec: { color: 'red' } });
    await widgets.create<Widget>({ ...widget('blue-1'), spec: { color: 'blue' } });

    // ... read from the cache: the first read starts the Widget informer and waits for its sync
    const red = await cache.get(Widget, 'red-1', { namespace });
    log(`get red-1 color=${red.spec?.color} frozen=${Object.isFrozen(red)}`);
    const byColor = await cache.list(Widget, { namespace, fieldSelector: { 'spec.color': 'blue' } });
    log(`list by index spec.color=blue: ${byColor.items.map((w) => w.metadata?.name).join(',')}`);

    // a handler on a lease: existing objects arrive as adds, then every change
    const lease = await cache.getInformer(Widget);
    const changed = new Promise<InformerEvent<Widget>>((resolve) => {
      const off = lease.subscribe((event) => {
        if (event.type !== 'update') return;
        off();
        resolve(event);
      });
    });
    await widgets.patch(Widget, 'red-1', { type: 'merge', patch: { spec: { replicas: 2 } } });
    const event = await changed;
    if (event.type === 'update') {
      log(
        `update ${event.object.metadata?.name} replicas ${event.oldObject.spec?.replicas} -> ${event.object.spec?.replicas}`,
      );
    }
    const status = lease.status.get(namespace);
    log(`informer ${status?.phase} with ${status?.objects} objects`);
    await lease.release();
  } finally {
    stop.abort();
    await running; // settles once every informer has stopped
    log('cache stopped');
  }
}

function widget(name: string): Widget {
  return { apiVersion: 'test.kubekit.dev/v1', kind: 'Widget', metadata: { name } };
}
