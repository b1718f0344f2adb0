/**
 * Typed views at run time on the in-memory servers: through `FakeClient`, and through `Client`,
 * the informer cache, `CachedClient` and a manager on `FakeApiServer`. The same cases run on the
 * real kube-apiserver in typedViews.integration.test.ts.
 */
import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import { builtinKinds, Client } from '@kubekit/client';
import { FakeApiServer, FakeClient } from '@kubekit/testing';
import { typedViewCacheCases, typedViewClientCases, type ViewClient } from './typedViewCases.js';

const NAMESPACE = 'typed-views';
const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } };

describe('typed views through FakeClient', () => {
  let fake: FakeClient;
  beforeAll(async () => {
    fake = await FakeClient.create({ objects: [namespace] });
  });
  afterAll(() => fake?.close());
  typedViewClientCases(() => ({ client: fake as unknown as ViewClient, namespace: NAMESPACE }));
});

describe('typed views on FakeApiServer', () => {
  let server: FakeApiServer;
  let client: Client;
  beforeAll(async () => {
    server = await FakeApiServer.start();
    client = new Client({ kubeConfig: server.kubeConfig, qps: 0 });
    await client.create(namespace);
    await client.create({ ...namespace, metadata: { name: `${NAMESPACE}-cache` } });
    expect(await client.get(builtinKinds.Namespace, NAMESPACE)).toBeDefined();
  });
  afterAll(async () => {
    client?.close();
    await server?.stop();
  });
  describe('Client', () => {
    typedViewClientCases(() => ({ client, namespace: NAMESPACE }));
  });
  describe('cache, cached client and manager', () => {
    typedViewCacheCases(() => ({ kubeConfig: server.kubeConfig, namespace: `${NAMESPACE}-cache` }));
  });
});
