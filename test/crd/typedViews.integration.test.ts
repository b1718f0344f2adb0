/**
 * Typed views at run time on the real kube-apiserver (real ConfigMaps and Secrets: the server
 * keeps Secret data as base64 and refuses anything else): the cases of typedViewCases.ts, through
 * `Client`, and through the informer cache, `CachedClient` and a manager.
 */
import { afterAll, beforeAll, describe } from '@jest/globals';
import { Client } from '@kubekit/client';
import type { TestNamespace } from '@kubekit/testing';
import { describeReal, realServer } from '../support/realServer.js';
import { typedViewCacheCases, typedViewClientCases } from './typedViewCases.js';

describeReal('typed views on the real API server', () => {
  let clientNs: TestNamespace;
  let cacheNs: TestNamespace;
  let client: Client;
  beforeAll(async () => {
    clientNs = await realServer().namespace('typed-views');
    cacheNs = await realServer().namespace('typed-views-cache');
    client = new Client({ kubeConfig: realServer().kubeConfig(), qps: 0 });
  });
  afterAll(async () => {
    client?.close();
    await clientNs?.cleanup();
    await cacheNs?.cleanup();
  });
  describe('Client', () => {
    typedViewClientCases(() => ({ client, namespace: clientNs.name }));
  });
  describe('cache, cached client and manager', () => {
    typedViewCacheCases(() => ({ kubeConfig: realServer().kubeConfig(), namespace: cacheNs.name }));
  });
});
