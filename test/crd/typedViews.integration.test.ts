/**
 * Typed views through `Client` on the real kube-apiserver (real ConfigMaps and Secrets: the server
 * keeps Secret data as base64 and refuses anything else): the client cases of typedViewCases.ts.
 * The cache, cached-client and manager cases run in test/cache/typedViews.integration.test.ts.
 */
import { afterAll, beforeAll } from '@jest/globals';
import { Client } from '@kubekit/client';
import type { TestNamespace } from '@kubekit/testing';
import { describeReal, realServer } from '../support/realServer.js';
import { typedViewClientCases } from './typedViewCases.js';

describeReal('typed views through Client on the real API server', () => {
  let ns: TestNamespace;
  let client: Client;
  beforeAll(async () => {
    ns = await realServer().namespace('typed-views');
    client = new Client({ kubeConfig: realServer().kubeConfig(), qps: 0 });
  });
  afterAll(async () => {
    client?.close();
    await ns?.cleanup();
  });
  typedViewClientCases(() => ({ client, namespace: ns.name }));
});
