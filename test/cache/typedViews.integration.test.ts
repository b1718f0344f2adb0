/**
 * Typed views through the informer cache, `CachedClient` and a manager on the real kube-apiserver
 * (the cache cases of test/crd/typedViewCases.ts): the informer keeps wire objects, so a view that
 * is the first reader of ConfigMaps never fails it for plain readers, and reads through a view decode.
 * Runs in both server configurations (streaming lists on and off).
 */
import { afterAll, beforeAll } from '@jest/globals';
import type { TestNamespace } from '@kubekit/testing';
import { typedViewCacheCases } from '../crd/typedViewCases.js';
import { describeReal, realServer } from '../support/realServer.js';

describeReal('typed views through the cache, the cached client and a manager on the real API server', () => {
  let ns: TestNamespace;
  beforeAll(async () => {
    ns = await realServer().namespace('typed-views-cache');
  });
  afterAll(async () => {
    await ns?.cleanup();
  });
  typedViewCacheCases(() => ({ kubeConfig: realServer().kubeConfig(), namespace: ns.name }));
});
