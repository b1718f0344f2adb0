/**
 * The kubeconfig context's namespace is the default of namespaced calls that need one, as kubectl
 * and client-go use it: for `Client`, and for the cache and the cached client built on it. Lists
 * without a namespace still span all namespaces. Run on the real server and on FakeApiServer.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CachedClient, InformerCache } from '@kubekit/cache';
import { builtinKinds, Client } from '@kubekit/client';
import { isNotFound } from '@kubekit/core';
import { FakeApiServer } from '@kubekit/testing';
import { KubeConfig } from '@kubernetes/client-node';
import { describeReal, realServer } from '../support/realServer.js';

const { ConfigMap } = builtinKinds;
const configMap = (name: string, namespace?: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, ...(namespace !== undefined && { namespace }) },
  data: { n: name },
});

/** A copy of `kc` whose current context names `namespace`. */
function inContextNamespace(kc: KubeConfig, namespace: string): KubeConfig {
  const out = new KubeConfig();
  out.loadFromOptions({
    clusters: kc.clusters,
    users: kc.users,
    contexts: kc.contexts.map((c) => (c.name === kc.currentContext ? { ...c, namespace } : c)),
    currentContext: kc.currentContext,
  });
  return out;
}

function contextNamespaceCases(setup: () => { kubeConfig: KubeConfig; namespace: string; other: string }): void {
  let client: Client;
  let ns: string;
  let other: string;
  beforeAll(() => {
    const s = setup();
    ns = s.namespace;
    other = s.other;
    client = new Client({ kubeConfig: inContextNamespace(s.kubeConfig, ns), qps: 1000, burst: 1000 });
  });
  afterAll(() => client?.close());

  it('Client: gets and writes go to the context namespace; lists span all namespaces', async () => {
    expect(client.defaultNamespace).toBe(ns);
    const created = await client.create(configMap('c1'));
    expect(created.metadata?.namespace).toBe(ns);
    await client.create(configMap('elsewhere', other));
    const got = await client.get(ConfigMap, 'c1');
    expect(got.metadata?.uid).toBe(created.metadata?.uid);
    const updated = await client.update({ ...got, data: { n: 'c1b' } });
    expect(updated.data).toEqual({ n: 'c1b' });
    await client.patch(ConfigMap, 'c1', { type: 'merge', patch: { data: { n: 'c1c' } } });
    expect((await client.get(ConfigMap, 'elsewhere', { namespace: other })).metadata?.namespace).toBe(other);
    const everywhere = (await client.list(ConfigMap)).items.map((o) => `${o.metadata?.namespace}/${o.metadata?.name}`);
    expect(everywhere).toEqual(expect.arrayContaining([`${ns}/c1`, `${other}/elsewhere`]));
  });

  it('InformerCache and CachedClient: gets and deletes default to the context namespace too', async () => {
    await client.create(configMap('c2'));
    const cache = new InformerCache({ client });
    const stop = new AbortController();
    const running = cache.start(stop.signal);
    const cached = new CachedClient({ client, cache });
    try {
      expect((await cache.get(ConfigMap, 'c2')).metadata?.namespace).toBe(ns);
      expect((await cached.get(ConfigMap, 'c2')).metadata?.namespace).toBe(ns);
      await cached.delete(ConfigMap, 'c2');
      // read-your-writes: the delete is tracked under the context namespace
      expect(isNotFound(await cached.get(ConfigMap, 'c2').catch((e: unknown) => e))).toBe(true);
      const names = (await cached.list(ConfigMap)).items.map((o) => `${o.metadata?.namespace}/${o.metadata?.name}`);
      expect(names).toEqual(expect.arrayContaining([`${ns}/c1`, `${other}/elsewhere`]));
      expect(names).not.toContain(`${ns}/c2`);
    } finally {
      stop.abort();
      await running;
    }
  });
}

describeReal("the kubeconfig context's namespace: real API server", () => {
  const names = { namespace: '', other: '' };
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    for (const key of ['namespace', 'other'] as const) {
      const ns = await realServer().namespace(`ctx-${key}`);
      names[key] = ns.name;
      cleanups.push(() => ns.cleanup());
    }
  });
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });
  contextNamespaceCases(() => ({ kubeConfig: realServer().kubeConfig(), ...names }));
});

describe("the kubeconfig context's namespace: FakeApiServer", () => {
  let server: FakeApiServer;
  beforeAll(async () => {
    server = await FakeApiServer.start();
    const client = new Client({ kubeConfig: server.kubeConfig });
    for (const name of ['ctx-fake', 'ctx-fake-other'])
      await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    client.close();
  });
  afterAll(() => server?.stop());
  contextNamespaceCases(() => ({ kubeConfig: server.kubeConfig, namespace: 'ctx-fake', other: 'ctx-fake-other' }));
});
