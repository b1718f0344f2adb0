/**
 * FakeApiServer over HTTP with client-node: built-in kinds, fault injection, restart, manifests.
 * (API behaviour shared with the real server is in test/conformance.)
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
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

  it('refuses requests without a known token (401)', async () => {
    const kc = server.kubeConfig;
    const user = kc.getCurrentUser();
    if (user) (user as { token?: string }).token = 'wrong';
    const unauth = await call({ ...sut, kubeConfig: () => kc }, 'GET', '/api/v1/namespaces');
    expect(unauth).toMatchObject({ status: 401, body: { reason: 'Unauthorized' } });
  });
});
