/**
 * The cache answers a selector as kube-apiserver does: the table of selectors.test.ts against the
 * real server. For each selector, the informer cache, a CachedClient and a FakeClient holding the
 * same ConfigMaps list the names the server lists, or throw the same error class with the server's
 * message.
 */
import { afterAll, beforeAll, it } from '@jest/globals';
import { CachedClient, InformerCache } from '@kubekit/cache';
import { Client, type ListOptions } from '@kubekit/client';
import { FakeClient, type TestNamespace } from '@kubekit/testing';
import { describeReal, realServer } from '../support/realServer.js';
import {
  ConfigMap,
  expectAgreement,
  fieldSelectors,
  LABEL_SELECTORS,
  selectorConfigMaps,
} from './selectorAgreement.js';

describeReal('cache selectors agree with kube-apiserver', () => {
  let ns: TestNamespace;
  let client: Client;
  let cache: InformerCache;
  let fake: FakeClient;
  const stop = new AbortController();
  let running: Promise<void>;

  beforeAll(async () => {
    const server = realServer();
    ns = await server.namespace('selectors');
    client = new Client({ kubeConfig: server.kubeConfig() });
    for (const cm of selectorConfigMaps(ns.name)) await client.create(cm);
    fake = await FakeClient.create({ objects: selectorConfigMaps(ns.name) });
    cache = new InformerCache({ client, namespaces: [ns.name] });
    running = cache.start(stop.signal);
  });
  afterAll(async () => {
    stop.abort();
    await running;
    await ns?.cleanup();
    client?.close();
  });

  const agree = (options: ListOptions) => {
    const cached = new CachedClient({ client, cache });
    return expectAgreement(
      (o) => client.list(ConfigMap, o),
      {
        cache: (o) => cache.list(ConfigMap, o),
        cachedClient: (o) => cached.list(ConfigMap, o),
        fakeClient: (o) => fake.list(ConfigMap, o),
      },
      { namespace: ns.name, ...options },
    );
  };

  it.each(LABEL_SELECTORS.map((s) => [JSON.stringify(s), s] as const))('label selector %s', (_, selector) =>
    agree({ labelSelector: selector }),
  );
  it('field selectors', async () => {
    for (const selector of fieldSelectors(ns.name)) await agree({ fieldSelector: selector });
  });
});
