/**
 * The cache answers a selector as the API server does: for each selector of the table, a list
 * from the informer cache, from a CachedClient and from a FakeClient holding the same ConfigMaps
 * gives the names the server lists, or the same error class and server message. Here the server is
 * a FakeApiServer (whose answers the conformance suite holds to kube-apiserver's); the same table
 * runs against kube-apiserver in selectors.integration.test.ts.
 */
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { CachedClient, InformerCache } from '@kubekit/cache';
import { Client, type ListOptions } from '@kubekit/client';
import { FakeApiServer, FakeClient } from '@kubekit/testing';
import {
  ConfigMap,
  expectAgreement,
  fieldSelectors,
  LABEL_SELECTORS,
  selectorConfigMaps,
} from './selectorAgreement.js';

const NS = 'selectors';

describe('cache selectors agree with the API server (in-memory server)', () => {
  let server: FakeApiServer;
  let client: Client;
  let cache: InformerCache;
  let fake: FakeClient;
  const stop = new AbortController();
  let running: Promise<void>;

  beforeAll(async () => {
    server = await FakeApiServer.start();
    client = new Client({ kubeConfig: server.kubeConfig });
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    for (const cm of selectorConfigMaps(NS)) await client.create(cm);
    fake = await FakeClient.create({ objects: selectorConfigMaps(NS) });
    cache = new InformerCache({ client });
    running = cache.start(stop.signal);
  });
  afterAll(async () => {
    stop.abort();
    await running;
    client?.close();
    await server?.stop();
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
      { namespace: NS, ...options },
    );
  };

  it.each(LABEL_SELECTORS.map((s) => [JSON.stringify(s), s] as const))('label selector %s', (_, selector) =>
    agree({ labelSelector: selector }),
  );
  it.each(fieldSelectors(NS).map((s) => [JSON.stringify(s), s] as const))('field selector %s', (_, selector) =>
    agree({ fieldSelector: selector }),
  );
});
