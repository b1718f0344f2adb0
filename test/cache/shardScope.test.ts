/**
 * An informer of one shard on a server that ignores `shardSelector` (FakeApiServer, like a
 * kube-apiserver without the ShardedListAndWatch gate): the list does not echo the selector in
 * `metadata.shardInfo`, so the informer keeps its slice on the client, with core's hash.
 */
import { describe, expect, it } from '@jest/globals';
import { clientListerWatcher, SharedInformer } from '@kubekit/cache';
import { builtinKinds, Client } from '@kubekit/client';
import { type KubeObject, SHARD_HASH_SPACE, shardHashOf, shardRangesContain } from '@kubekit/core';
import { FakeApiServer } from '@kubekit/testing';

describe('a shard scope on a server that ignores shardSelector', () => {
  it('keeps the slice on the client, lists and watches alike, and counts what it dropped', async () => {
    await using cluster = await FakeApiServer.start();
    using client = new Client({ kubeConfig: cluster.kubeConfig });
    const create = (name: string) =>
      client.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' } });
    for (let i = 0; i < 40; i++) await create(`before-${i}`);
    const ranges = [{ start: 0n, end: SHARD_HASH_SPACE / 2n }];
    const filteredBy: string[] = [];
    let received = 0;
    let outside = 0;
    const informer = new SharedInformer(
      clientListerWatcher(client, builtinKinds.ConfigMap, {
        namespace: 'default',
        shard: {
          field: 'uid',
          ranges,
          onListFiltered: (by) => filteredBy.push(by),
          onReceived: (n, o) => {
            received += n;
            outside += o;
          },
        },
      }),
    );
    const stop = new AbortController();
    const run = informer.start(stop.signal);
    try {
      await informer.waitForSync({ timeoutMs: 10_000 });
      for (let i = 0; i < 40; i++) await create(`after-${i}`);
      const all = (await client.list(builtinKinds.ConfigMap, { namespace: 'default' })).items as KubeObject[];
      const mine = all.filter((o) => shardRangesContain(ranges, shardHashOf(o, 'uid')));
      // the "after" objects arrive by watch: wait until the store holds as many as the slice
      for (let i = 0; i < 100 && informer.store.list().length < mine.length; i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(filteredBy).toContain('client');
      expect(
        informer.store
          .list()
          .map((o) => o.metadata?.name)
          .sort(),
      ).toEqual(mine.map((o) => o.metadata?.name).sort());
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.length).toBeLessThan(all.length);
      expect(outside).toBe(received - mine.length);
    } finally {
      stop.abort();
      await run;
    }
  });
});
