/**
 * One client type: `Client`, `CachedClient` and `FakeClient` are each a `KubeClient`, so a
 * reconciler written against `KubeClient` runs unchanged on the fake (a unit test), on the API
 * server, and on the cache-backed client a manager hands it — here all three, the last two on the
 * real kube-apiserver. The type-level half is checked by `tsc -p test`.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CachedClient, InformerCache } from '@kubekit/cache';
import { builtinKinds, Client, type KubeClient } from '@kubekit/client';
import {
  isNotFound,
  isStatus,
  type KubeObject,
  type PartialObjectMetadata,
  setControllerReference,
} from '@kubekit/core';
import type { ReconcileContext, Request } from '@kubekit/manager';
import { FakeClient } from '@kubekit/testing';
import { describeReal, realServer } from '../support/realServer.js';

const { ConfigMap } = builtinKinds;

// compile-time checks: each line fails `tsc` if one of the clients stops being a KubeClient
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function takesKubeClient(client: KubeClient): KubeClient {
  return client;
}
function everyClientIsAKubeClient(client: Client, cached: CachedClient, fake: FakeClient): KubeClient[] {
  return [
    takesKubeClient(client),
    takesKubeClient(cached),
    takesKubeClient(fake),
    takesKubeClient(client.inNamespace('a')),
    takesKubeClient(cached.inNamespace('a')),
    takesKubeClient(fake.inNamespace('a')),
  ];
}
type MetadataGet = Awaited<ReturnType<typeof metadataGet>>;
const metadataGet = (c: KubeClient) => c.get(ConfigMap, 'x', { metadataOnly: true });
const metadataOnlyIsTyped: Equal<MetadataGet, PartialObjectMetadata> = true;
const contextClientIsAKubeClient: Equal<ReconcileContext['client'], KubeClient> = true;

/**
 * A reconciler that knows only `KubeClient`: keeps `<name>-copy` a copy of the ConfigMap
 * `<name>`'s data, owned by it (server-side apply), marks the source, and removes the copies when
 * the source is gone.
 */
async function reconcileCopy(
  { namespace, name }: Request,
  { client, signal }: Pick<ReconcileContext, 'client' | 'signal'>,
): Promise<'copied' | 'gone'> {
  const here = client.inNamespace(namespace ?? '');
  let source: KubeObject & { data?: Record<string, string> };
  try {
    source = await here.get(ConfigMap, name, { signal });
  } catch (e) {
    if (!isNotFound(e)) throw e;
    await here.deleteAllOf(ConfigMap, { labelSelector: { 'copy-of': name }, signal });
    return 'gone';
  }
  const copy = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `${name}-copy`, namespace: here.namespace, labels: { 'copy-of': name } },
    data: { ...source.data },
  };
  setControllerReference(source, copy);
  await here.apply(copy, { force: true, fieldManager: 'copier', signal });
  await here.patch(
    ConfigMap,
    name,
    { type: 'merge', patch: { metadata: { annotations: { copied: 'yes' } } } },
    { signal },
  );
  return 'copied';
}

/** The same steps on any client: create a source, reconcile, check; delete it, reconcile, check. */
async function runsOn(client: KubeClient, namespace: string): Promise<void> {
  const signal = new AbortController().signal;
  const request = { namespace, name: 'src' };
  const source = await client.create({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'src', namespace },
    data: { greeting: 'hello' },
  });
  expect(await reconcileCopy(request, { client, signal })).toBe('copied');

  const copy = await client.get(ConfigMap, 'src-copy', { namespace });
  expect(copy.data).toEqual({ greeting: 'hello' });
  expect(copy.metadata?.ownerReferences).toEqual([
    expect.objectContaining({ kind: 'ConfigMap', name: 'src', uid: source.metadata?.uid, controller: true }),
  ]);
  expect((await client.get(ConfigMap, 'src', { namespace })).metadata?.annotations).toEqual({ copied: 'yes' });
  const names = await client.list(ConfigMap, { namespace, labelSelector: { 'copy-of': 'src' }, metadataOnly: true });
  expect(names.items.map((o) => [o.kind, o.metadata.name])).toEqual([['PartialObjectMetadata', 'src-copy']]);

  // a ConfigMap deleted at once: every client resolves to the server's answer, a Success Status
  const answer = await client.delete(ConfigMap, 'src', { namespace });
  expect(isStatus(answer) && answer.details?.uid).toBe(source.metadata?.uid);
  expect(await reconcileCopy(request, { client, signal })).toBe('gone');
  expect(isNotFound(await client.get(ConfigMap, 'src-copy', { namespace }).catch((e: unknown) => e))).toBe(true);
}

describe('a reconciler written against KubeClient', () => {
  it('compiles against all three clients', () => {
    expect([metadataOnlyIsTyped, contextClientIsAKubeClient, typeof everyClientIsAKubeClient]).toEqual([
      true,
      true,
      'function',
    ]);
  });

  it('runs on a FakeClient', async () => {
    using fake = await FakeClient.create();
    await runsOn(fake, 'default');
  });
});

describeReal('a reconciler written against KubeClient, on the real API server', () => {
  let client: Client;
  let namespaces: { name: string; cleanup(): Promise<void> }[] = [];
  beforeAll(async () => {
    client = new Client({ kubeConfig: realServer().kubeConfig(), qps: 0 });
    namespaces = [await realServer().namespace('kubeclient'), await realServer().namespace('kubeclient-cached')];
  });
  afterAll(async () => {
    for (const ns of namespaces) await ns.cleanup();
    client?.close();
  });

  it('runs on a Client', async () => {
    await runsOn(client, namespaces[0]?.name ?? '');
  });

  it('runs on a CachedClient (reads from the informer cache, reading its own writes)', async () => {
    const cache = new InformerCache({ client });
    const stop = new AbortController();
    const running = cache.start(stop.signal);
    try {
      const cached = new CachedClient({ client, cache });
      await runsOn(cached, namespaces[1]?.name ?? '');
      expect(cached.metrics.snapshot().cacheHits).toBeGreaterThan(0);
    } finally {
      stop.abort();
      await running;
    }
  });
});
