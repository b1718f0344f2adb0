/**
 * kube-apiserver sends the items of built-in lists without `apiVersion` and `kind`. Every object
 * kubekit hands out carries them anyway: from `Client.list`, `listPages` and `listAll` (typed and
 * unstructured), and from a cache filled by a paged list (`streamingList: false`, as on servers
 * without streaming lists), where they sit next to objects that arrived by watch. So a listed or
 * cached object can be written back and named as an owner. Run on the real server and on
 * FakeApiServer, which answers lists the same way.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CachedClient, InformerCache } from '@kubekit/cache';
import { builtinKinds, Client } from '@kubekit/client';
import { type KubeObject, setControllerReference, setOwnerReference } from '@kubekit/core';
import { FakeApiServer, installCrds } from '@kubekit/testing';
import type { KubeConfig } from '@kubernetes/client-node';
import { FIXTURE_CRDS } from '../support/paths.js';
import { describeReal, realServer } from '../support/realServer.js';

const { ConfigMap, Pod } = builtinKinds;
const typeOf = (o: KubeObject) => `${o.apiVersion}/${o.kind}`;
const configMap = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { n: name } });
const widget = (name: string) => ({ apiVersion: 'test.kubekit.dev/v1', kind: 'Widget', metadata: { name }, spec: {} });
const pod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [{ name: 'main', image: 'registry.k8s.io/pause:3.10' }] },
});

/** Seeds a namespace with ConfigMaps and a Pod, then runs every check on it. */
function listItemKindCases(setup: () => { kubeConfig: KubeConfig; namespace: string }): void {
  let client: Client;
  let ns: string;
  beforeAll(async () => {
    const { kubeConfig, namespace } = setup();
    ns = namespace;
    client = new Client({ kubeConfig, qps: 1000, burst: 1000 });
    const c = client.inNamespace(ns);
    for (const name of ['owner', 'b', 'c']) await c.create(configMap(name));
    await c.create(pod('p1'));
    await c.create(widget('w1'));
  });
  afterAll(() => client?.close());

  it('the wire: built-in list items (CRDs too) carry no apiVersion or kind; custom resources do', async () => {
    const wire = async (path: string) =>
      (await client.getRaw(path)) as {
        apiVersion: string;
        kind: string;
        items: KubeObject[];
      };
    const kinds = (list: { items: KubeObject[] }) => [...new Set(list.items.map(typeOf))];
    const cms = await wire(`/api/v1/namespaces/${ns}/configmaps`);
    expect([cms.apiVersion, cms.kind, kinds(cms)]).toEqual(['v1', 'ConfigMapList', ['undefined/undefined']]);
    const crds = await wire('/apis/apiextensions.k8s.io/v1/customresourcedefinitions');
    expect([crds.kind, kinds(crds)]).toEqual(['CustomResourceDefinitionList', ['undefined/undefined']]);
    const widgets = await wire(`/apis/test.kubekit.dev/v1/namespaces/${ns}/widgets`);
    expect([widgets.kind, kinds(widgets)]).toEqual(['WidgetList', ['test.kubekit.dev/v1/Widget']]);
  });

  it('list, listPages and listAll (typed and unstructured) hand out items with apiVersion and kind', async () => {
    const c = client.inNamespace(ns);
    expect((await c.list(ConfigMap)).items.map(typeOf)).toEqual(['v1/ConfigMap', 'v1/ConfigMap', 'v1/ConfigMap']);
    expect((await c.list(Pod)).items.map(typeOf)).toEqual(['v1/Pod']);
    const pages: string[][] = [];
    for await (const page of c.listPages(ConfigMap, { pageSize: 2 })) pages.push(page.items.map(typeOf));
    expect(pages).toEqual([['v1/ConfigMap', 'v1/ConfigMap'], ['v1/ConfigMap']]);
    const all: string[] = [];
    for await (const o of c.listAll({ apiVersion: 'v1', kind: 'ConfigMap' }, { pageSize: 2 })) all.push(typeOf(o));
    expect(all).toEqual(['v1/ConfigMap', 'v1/ConfigMap', 'v1/ConfigMap']);
  });

  it('a listed object is written back (read-modify-write) and named as an owner', async () => {
    const c = client.inNamespace(ns);
    const listed = (await c.list(ConfigMap)).items.find((o) => o.metadata?.name === 'b');
    if (!listed) throw new Error('ConfigMap b not listed');
    const updated = await c.update({ ...listed, data: { n: 'b2' } });
    expect(updated.data).toEqual({ n: 'b2' });
    const child: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: ns } };
    setOwnerReference(listed, child);
    expect(child.metadata?.ownerReferences).toEqual([
      expect.objectContaining({ apiVersion: 'v1', kind: 'ConfigMap', name: 'b' }),
    ]);
  });

  it('a cache filled by paged lists holds objects with kinds; a cached owner owns a new child', async () => {
    const cache = new InformerCache({ client, informer: { streamingList: false } });
    const stop = new AbortController();
    const running = cache.start(stop.signal);
    const cached = new CachedClient({ client, cache });
    try {
      const owner = await cached.get(ConfigMap, 'owner', { namespace: ns });
      expect(typeOf(owner)).toBe('v1/ConfigMap');
      const child = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'child', namespace: ns } };
      setControllerReference(owner, child);
      const created = await cached.create(child);
      expect(created.metadata?.ownerReferences).toEqual([
        expect.objectContaining({ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', controller: true }),
      ]);
      // the child arrived by watch, the others by the list: one store, all with their kind
      const items = (await cached.list(ConfigMap, { namespace: ns })).items;
      expect(items.map((o) => o.metadata?.name).sort()).toEqual(['b', 'c', 'child', 'owner']);
      expect(new Set(items.map(typeOf))).toEqual(new Set(['v1/ConfigMap']));
      expect((await cached.list(Pod, { namespace: ns })).items.map(typeOf)).toEqual(['v1/Pod']);
      // get -> update from the cache
      const c = await cached.get(ConfigMap, 'c', { namespace: ns });
      expect((await cached.update({ ...c, data: { n: 'c2' } })).data).toEqual({ n: 'c2' });
    } finally {
      stop.abort();
      await running;
    }
  });
}

describeReal('list items carry apiVersion and kind: real API server', () => {
  let namespace = '';
  let cleanup = async () => {};
  beforeAll(async () => {
    await installCrds(realServer().kubeConfig(), [FIXTURE_CRDS]);
    const ns = await realServer().namespace('kinds');
    namespace = ns.name;
    cleanup = () => ns.cleanup();
  });
  afterAll(() => cleanup());
  listItemKindCases(() => ({ kubeConfig: realServer().kubeConfig(), namespace }));
});

describe('list items carry apiVersion and kind: FakeApiServer', () => {
  let server: FakeApiServer;
  beforeAll(async () => {
    server = await FakeApiServer.start({ crds: [FIXTURE_CRDS] });
    const client = new Client({ kubeConfig: server.kubeConfig });
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kinds-fake' } });
    client.close();
  });
  afterAll(() => server?.stop());
  listItemKindCases(() => ({ kubeConfig: server.kubeConfig, namespace: 'kinds-fake' }));
});
