/**
 * A TestEnvironment of its own (not the shared one): the life cycle a test relies on — CRDs from a
 * file, etcd compaction that makes old resourceVersions 410 Gone, restart with the same data, and
 * stop that removes everything.
 */
import { access } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { TestEnvironment } from '@kubekit/testing';
import { requestJson } from '../../packages/testing/src/http.js';
import { FIXTURE_CRDS } from '../support/paths.js';
import { describeReal } from '../support/realServer.js';

const WIDGETS = '/apis/test.kubekit.dev/v1/namespaces/lifecycle/widgets';
const widget = (name: string) => ({ apiVersion: 'test.kubekit.dev/v1', kind: 'Widget', metadata: { name } });

describeReal('TestEnvironment life cycle', () => {
  let env: TestEnvironment;
  // Without the watch cache every list and watch reaches etcd, so compaction is visible at once.
  beforeAll(async () => {
    env = await TestEnvironment.start({ crds: [FIXTURE_CRDS], serverArgs: ['--watch-cache=false'] });
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lifecycle' } };
    expect((await requestJson(env.kubeConfig, 'POST', '/api/v1/namespaces', ns)).status).toBe(201);
  });
  afterAll(() => env?.stop());

  it('starts with the CRDs of a file installed and a kubeconfig for both users', async () => {
    expect(env.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(env.startMillis).toBeGreaterThan(0);
    const created = await requestJson(env.kubeConfig, 'POST', WIDGETS, widget('a'));
    expect(created.status).toBe(201);
    const denied = await requestJson(env.kubeConfigFor('restricted'), 'GET', WIDGETS);
    expect(denied).toMatchObject({ status: 403, body: { kind: 'Status', reason: 'Forbidden' } });
  });

  it('compacts etcd so that a list at an older resourceVersion is 410 Gone (Expired)', async () => {
    const old = await requestJson(env.kubeConfig, 'POST', WIDGETS, widget('b'));
    const oldRv = (old.body as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    await requestJson(env.kubeConfig, 'POST', WIDGETS, widget('c'));
    const exactOld = `${WIDGETS}?resourceVersion=${oldRv}&resourceVersionMatch=Exact`;
    expect((await requestJson(env.kubeConfig, 'GET', exactOld)).status).toBe(200);
    const revision = await env.compact();
    expect(revision).toBeGreaterThan(Number(oldRv));
    expect(await requestJson(env.kubeConfig, 'GET', exactOld)).toMatchObject({
      status: 410,
      body: { kind: 'Status', reason: 'Expired', code: 410 },
    });
  });

  it('restarts on the same port with the same objects and credentials', async () => {
    const before = await requestJson(env.kubeConfig, 'GET', `${WIDGETS}/a`);
    const url = env.url;
    await env.restart();
    expect(env.url).toBe(url);
    const after = await requestJson(env.kubeConfig, 'GET', `${WIDGETS}/a`);
    expect(after.status).toBe(200);
    expect(after.body).toEqual(before.body);
  });

  it('stops: the data directory is gone and the environment refuses further use', async () => {
    const dataDir = dirname(env.kubeconfigPath);
    await env.stop();
    await expect(access(dataDir)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(() => env.kubeConfig).toThrow(expect.objectContaining({ reason: 'Stopped' }));
    await expect(env.stop()).resolves.toBeUndefined();
  });
});
