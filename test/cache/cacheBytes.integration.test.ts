/**
 * The cache's size estimate covers the whole store (objects at its end, where new ones go,
 * included) and is exported per kind as `kubekit_cache_bytes`, next to `kubekit_cache_objects`:
 * 80 small ConfigMaps and 40 of 100 KiB on the real kube-apiserver.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { builtinKinds, Client } from '@kubekit/client';
import { silentLogger } from '@kubekit/core';
import { Manager } from '@kubekit/manager';
import { describeReal, realServer } from '../support/realServer.js';

const LARGE = 100 * 1024;

describeReal('cache bytes on the real API server', () => {
  let namespace: { name: string; cleanup(): Promise<void> };
  let client: Client;
  beforeAll(async () => {
    namespace = await realServer().namespace('bytes');
    client = new Client({ kubeConfig: realServer().kubeConfig(), qps: 0 });
    const ns = namespace.name;
    const create = (name: string, data: Record<string, string>) =>
      client.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data });
    // small ones first, large ones last: the end of the store is where a sample used not to look
    for (let i = 0; i < 80; i++) await create(`small-${i}`, { n: String(i) });
    for (let i = 0; i < 40; i++) await create(`large-${i}`, { blob: 'x'.repeat(LARGE) });
  });
  afterAll(async () => {
    await namespace?.cleanup();
    client?.close();
  });

  it('status.bytes and kubekit_cache_bytes count every object: about 4.1 MB', async () => {
    const mgr = new Manager({
      kubeConfig: realServer().kubeConfig(),
      logger: silentLogger,
      cache: { namespaces: [namespace.name] },
      metrics: { defaultCollectors: false },
    });
    const stop = new AbortController();
    const running = mgr.start(stop.signal);
    try {
      const lease = await mgr.informerFor(builtinKinds.ConfigMap);
      await lease.waitForSync();
      const status = lease.status.get(namespace.name);
      expect(status?.objects).toBe(120);
      const bytes = status?.bytes ?? 0;
      // 40 x 100 KiB of data, plus each object's metadata (a few hundred bytes)
      expect(bytes).toBeGreaterThan(40 * LARGE);
      expect(bytes).toBeLessThan(40 * LARGE + 120 * 1000);
      expect(bytes / 1e6).toBeCloseTo(4.1, 1);
      const gauge = await mgr.metrics.registry.getSingleMetric('kubekit_cache_bytes')?.get();
      expect(gauge?.values).toEqual([{ labels: { kind: 'ConfigMap.v1' }, value: bytes }]);
      await lease.release();
    } finally {
      stop.abort();
      await running;
    }
  });
});
