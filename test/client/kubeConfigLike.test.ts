/**
 * `new Client({ kubeConfig })` takes anything shaped like client-node's `KubeConfig` (the methods
 * the client calls), not the class: a KubeConfig of another copy of client-node (whose private
 * members make the classes unrelated types), or a plain object, works.
 */
import { describe, expect, it } from '@jest/globals';
import { builtinKinds, Client, type KubeConfigLike } from '@kubekit/client';
import { FakeApiServer } from '@kubekit/testing';
import type { KubeConfig } from '@kubernetes/client-node';

describe('KubeConfigLike', () => {
  it('is what a client-node KubeConfig is, and a plain object of the same methods works too', async () => {
    await using server = await FakeApiServer.start();
    const real: KubeConfigLike = server.kubeConfig satisfies KubeConfig;
    let credentialCalls = 0;
    const plain: KubeConfigLike = {
      getCurrentContext: () => real.getCurrentContext(),
      getContextObject: (name) => real.getContextObject(name),
      getCurrentCluster: () => real.getCurrentCluster(),
      getCurrentUser: () => real.getCurrentUser(),
      applyToHTTPSOptions: async (options) => {
        credentialCalls += 1;
        await real.applyToHTTPSOptions(options);
      },
    };
    using client = new Client({ kubeConfig: plain, qps: 0 });
    const list = await client.list(builtinKinds.Namespace);
    expect(list.items.map((n) => n.metadata?.name)).toContain('default');
    expect(credentialCalls).toBeGreaterThan(0);
  });
});
