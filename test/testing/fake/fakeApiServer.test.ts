/**
 * FakeApiServer over HTTP with client-node: built-in kinds, fault injection, restart, manifests.
 * (API behaviour shared with the real server is in test/conformance.)
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { builtinKinds, Client } from '@kubekit/client';
import { FakeApiServer } from '@kubekit/testing';
import { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
import { call, type ServerUnderTest, watchUntil } from '../../conformance/support.js';

const until = async (cond: () => boolean) => {
  while (!cond()) await new Promise((r) => setImmediate(r));
};

describe('FakeApiServer', () => {
  let server: FakeApiServer;
  let sut: ServerUnderTest;
  beforeAll(async () => {
    server = await FakeApiServer.start({ seed: true });
    sut = {
      name: 'fake',
      namespace: 'default',
      kubeConfig: (u = 'admin') => server.kubeConfigFor(u),
      expiredResourceVersion: async () => '1',
    };
  });
  afterAll(() => server?.stop());

  it('serves built-in kinds to client-node, with field selectors on pods', async () => {
    const core = server.kubeConfig.makeApiClient(CoreV1Api);
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'cfg' }, data: { a: '1' } },
    });
    expect((await core.readNamespacedConfigMap({ namespace: 'default', name: 'cfg' })).data).toEqual({ a: '1' });
    const pods = await core.listPodForAllNamespaces({ fieldSelector: 'spec.nodeName=node-1,status.phase=Running' });
    expect(pods.items.map((p) => p.metadata?.name)).toEqual(['demo-0']);
    const apps = server.kubeConfig.makeApiClient(AppsV1Api);
    const deploy = await apps.readNamespacedDeployment({ namespace: 'demo', name: 'demo' });
    expect(deploy.metadata?.generation).toBe(1);
    await expect(
      core.createNamespacedConfigMap({ namespace: 'nowhere', body: { metadata: { name: 'x' } } }),
    ).rejects.toMatchObject({
      code: 404,
    });
  });

  it('answers the next list with an injected 429 and its Retry-After, then serves again', async () => {
    server.faults.failNext('list', { type: 'tooManyRequests', retryAfterSeconds: 3 });
    const limited = await call(sut, 'GET', '/api/v1/namespaces/default/configmaps');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('3');
    expect(limited.body).toMatchObject({ kind: 'Status', reason: 'TooManyRequests', code: 429 });
    expect((await call(sut, 'GET', '/api/v1/namespaces/default/configmaps')).status).toBe(200);
  });

  it('answers injected 500s and makes the next watch 410 Gone', async () => {
    server.faults.failNext('any', { type: 'internalError', message: 'boom' });
    expect(await call(sut, 'GET', '/api/v1/namespaces/default/configmaps/cfg')).toMatchObject({
      status: 500,
      body: { reason: 'InternalError', message: 'Internal error occurred: boom' },
    });
    server.faults.failNext('watch', { type: 'gone' });
    const events = await watchUntil(sut, '/api/v1/namespaces/default/configmaps?watch=true', (es) => es.length > 0);
    expect(events).toEqual([{ type: 'ERROR', object: expect.objectContaining({ reason: 'Expired', code: 410 }) }]);
  });

  it('closes every watch on request; a stalled watch gets no events', async () => {
    server.faults.stallWatches(true);
    const watching = watchUntil(sut, '/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=0', () => false);
    await until(() => server.faults.closeWatches() > 0);
    expect(await watching).toEqual([]);
    server.faults.stallWatches(false);
    const live = watchUntil(sut, '/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=0', () => false);
    await until(() => server.faults.closeWatches() > 0);
    expect((await live).map((e) => e.type)).toContain('ADDED');
  });

  it('holds requests while paused and lets them through on resume', async () => {
    server.faults.pause();
    let settled = false;
    const pending = call(sut, 'GET', '/api/v1/namespaces').then((r) => {
      settled = true;
      return r;
    });
    await until(() => server.faults.held === 1);
    expect(settled).toBe(false);
    server.faults.resume();
    expect((await pending).status).toBe(200);
  });

  it('restarts on the same port with the same objects', async () => {
    const before = await call(sut, 'GET', '/api/v1/namespaces/default/configmaps/cfg');
    const url = server.url;
    await server.restart();
    expect(server.url).toBe(url);
    expect(await call(sut, 'GET', '/api/v1/namespaces/default/configmaps/cfg')).toMatchObject({
      status: 200,
      body: before.body,
    });
  });

  it('saves its objects as manifests that another server loads', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubekit-manifests-'));
    try {
      const saved = await server.saveManifests(dir);
      expect(saved).toBeGreaterThan(5);
      expect(await readdir(dir)).toContain('core_configmaps.yaml');
      await using copy = await FakeApiServer.start({ manifests: [dir] });
      const core = copy.kubeConfig.makeApiClient(CoreV1Api);
      expect((await core.readNamespacedConfigMap({ namespace: 'default', name: 'cfg' })).data).toEqual({ a: '1' });
      expect((await core.readNamespacedPod({ namespace: 'demo', name: 'demo-0' })).status?.phase).toBe('Running');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('serves the kind of a CRD created over HTTP, marks it Established, and drops it on delete', async () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'things.demo.dev' },
      spec: {
        group: 'demo.dev',
        scope: 'Cluster',
        names: { plural: 'things', kind: 'Thing' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: { spec: { type: 'object', properties: { n: { type: 'integer', default: 7 } } } },
              },
            },
          },
          {
            name: 'v2',
            served: true,
            storage: false,
            schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
          },
        ],
      },
    };
    expect((await call(sut, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd)).status).toBe(201);
    const stored = (await call(sut, 'GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/things.demo.dev'))
      .body;
    expect(stored.status.conditions).toContainEqual(expect.objectContaining({ type: 'Established', status: 'True' }));
    const created = await call(sut, 'POST', '/apis/demo.dev/v1/things', {
      apiVersion: 'demo.dev/v1',
      kind: 'Thing',
      metadata: { name: 't' },
      spec: { extra: 1 },
    });
    expect(created.body.spec).toEqual({ n: 7 });
    expect((await call(sut, 'GET', '/apis/demo.dev/v2/things/t')).body.apiVersion).toBe('demo.dev/v2');
    expect((await call(sut, 'GET', '/apis/demo.dev/v1')).body.resources[0]).toMatchObject({
      name: 'things',
      namespaced: false,
    });
    const badName = await call(sut, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
      ...crd,
      metadata: { name: 'wrong' },
    });
    expect(badName.body).toMatchObject({
      reason: 'Invalid',
      details: { causes: [expect.objectContaining({ field: 'metadata.name' })] },
    });
    await call(sut, 'DELETE', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/things.demo.dev');
    expect(await call(sut, 'GET', '/apis/demo.dev/v1/things/t')).toMatchObject({
      status: 404,
      body: '404 page not found\n',
    });
  });

  it('sends periodic BOOKMARKs to watches that allow them', async () => {
    await using quick = await FakeApiServer.start({ bookmarkIntervalMs: 10 });
    const q: ServerUnderTest = { ...sut, kubeConfig: () => quick.kubeConfig };
    const events = await watchUntil(
      q,
      '/api/v1/namespaces/default/configmaps?watch=true&allowWatchBookmarks=true&resourceVersion=1',
      (es) => es.some((e) => e.type === 'BOOKMARK'),
    );
    const bookmark = events.find((e) => e.type === 'BOOKMARK');
    expect(bookmark?.object).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { resourceVersion: quick.storage.resourceVersion },
    });
  });

  it('answers metadata-only gets, lists and watches (Accept: as=PartialObjectMetadata) as the real server', async () => {
    const { ConfigMap } = builtinKinds;
    const root = new Client({ kubeConfig: server.kubeConfig });
    const client = root.inNamespace('default');
    try {
      await client.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'meta', labels: { m: '1' } } });
      const partial = { apiVersion: 'meta.k8s.io/v1', kind: 'PartialObjectMetadata' };
      const got = await client.get(ConfigMap, 'meta', { metadataOnly: true });
      expect(got).toMatchObject({ ...partial, metadata: { name: 'meta', labels: { m: '1' } } });
      expect(Object.keys(got).sort()).toEqual(['apiVersion', 'kind', 'metadata']);
      const list = await client.list(ConfigMap, { labelSelector: { m: '1' }, metadataOnly: true });
      expect(list).toMatchObject({ apiVersion: 'meta.k8s.io/v1', kind: 'PartialObjectMetadataList' });
      expect(list.metadata.resourceVersion).toEqual(expect.any(String));
      expect(list.items).toEqual([{ ...partial, metadata: got.metadata }]);
      const controller = new AbortController();
      const events = [];
      for await (const e of client.watch(ConfigMap, {
        labelSelector: { m: '1' },
        metadataOnly: true,
        sendInitialEvents: true,
        resourceVersionMatch: 'NotOlderThan',
        signal: controller.signal,
      })) {
        events.push(e);
        if (e.type === 'BOOKMARK') break;
      }
      controller.abort();
      expect(events.map((e) => (e.type === 'ERROR' ? e.type : `${e.type}:${e.object.kind}`))).toEqual([
        'ADDED:PartialObjectMetadata',
        'BOOKMARK:PartialObjectMetadata',
      ]);
      expect((await client.get(ConfigMap, 'meta')).kind).toBe('ConfigMap');
    } finally {
      root.close();
    }
  });

  it('serves plain HTTP with tls: false, usable from client-node', async () => {
    await using plain = await FakeApiServer.start({ tls: false });
    expect(plain.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const core = plain.kubeConfig.makeApiClient(CoreV1Api);
    expect((await core.listNamespace()).items.map((n) => n.metadata?.name)).toContain('default');
  });

  it('refuses requests without a known token (401)', async () => {
    const kc = server.kubeConfig;
    const user = kc.getCurrentUser();
    if (user) (user as { token?: string }).token = 'wrong';
    const unauth = await call({ ...sut, kubeConfig: () => kc }, 'GET', '/api/v1/namespaces');
    expect(unauth).toMatchObject({ status: 401, body: { reason: 'Unauthorized' } });
  });
});
