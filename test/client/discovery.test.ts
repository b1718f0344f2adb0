/**
 * `client.discovery` against FakeApiServer, once with aggregated discovery (kube-apiserver 1.30+)
 * and once with the classic documents only (older servers): the same answers either way.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { type ApiResource, builtinKinds, Client, isNoKindMatch } from '@kubekit/client';
import type { CustomResourceDefinition } from '@kubekit/core';
import { FakeApiServer, installCrds } from '@kubekit/testing';
import { flush, ManualClock } from '../support/manualClock.js';

/** A namespaced CRD serving `versions` (spec order), for kinds that appear after the client started. */
function crd(group: string, kind: string, versions: string[] = ['v1']): CustomResourceDefinition {
  const plural = `${kind.toLowerCase()}s`;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { plural, singular: kind.toLowerCase(), kind, listKind: `${kind}List`, shortNames: ['spr'] },
      versions: versions.map((name, i) => ({
        name,
        served: true,
        storage: i === versions.length - 1,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        subresources: { status: {} },
      })),
    },
  };
}

const byKind = (resources: readonly ApiResource[], apiVersion: string, kind: string) =>
  resources.find((r) => r.apiVersion === apiVersion && r.kind === kind);

describe.each([
  ['aggregated discovery', true],
  ['classic discovery only', false],
])('Discovery on FakeApiServer with %s', (_mode, aggregated) => {
  let server: FakeApiServer;
  let client: Client;
  beforeAll(async () => {
    server = await FakeApiServer.start({ aggregatedDiscovery: aggregated });
    // misses refresh at once (the interval between refreshes is tested below, with fake time)
    client = new Client({ kubeConfig: server.kubeConfig, discoveryMinRefreshIntervalMs: 0 });
  });
  afterAll(async () => {
    client?.close();
    await server?.stop();
  });

  it('lists core kinds with scope, verbs, names, categories and subresources', async () => {
    const resources = await client.discovery.resources();
    const pod = byKind(resources, 'v1', 'Pod');
    expect(pod).toMatchObject({
      group: '',
      version: 'v1',
      plural: 'pods',
      singular: 'pod',
      scope: 'Namespaced',
      shortNames: ['po'],
      categories: ['all'],
    });
    expect(pod?.verbs).toEqual(expect.arrayContaining(['get', 'list', 'watch', 'create', 'delete']));
    expect(pod?.subresources).toContainEqual({
      name: 'status',
      verbs: ['get', 'patch', 'update'],
      responseKind: { apiVersion: 'v1', kind: 'Pod' },
    });
    expect(byKind(resources, 'v1', 'Namespace')).toMatchObject({ scope: 'Cluster', shortNames: ['ns'] });
    const deploy = byKind(resources, 'apps/v1', 'Deployment');
    expect(deploy).toMatchObject({ plural: 'deployments', shortNames: ['deploy'], categories: ['all'] });
    expect(deploy?.subresources).toContainEqual({
      name: 'scale',
      verbs: ['get', 'patch', 'update'],
      responseKind: { apiVersion: 'autoscaling/v1', kind: 'Scale' },
    });
  });

  it('lists the groups in the server order, the core group first, with their preferred versions', async () => {
    const groups = await client.discovery.groups();
    expect(groups[0]).toEqual({ name: '', versions: ['v1'], preferredVersion: 'v1' });
    expect(groups).toContainEqual({ name: 'apps', versions: ['v1'], preferredVersion: 'v1' });
    expect(await client.discovery.failures()).toEqual([]);
  });

  it.each([
    ['po', 'v1', 'Pod'],
    ['pods', 'v1', 'Pod'],
    ['pod', 'v1', 'Pod'],
    ['Pod', 'v1', 'Pod'],
    ['deploy', 'apps/v1', 'Deployment'],
    ['deployments.apps', 'apps/v1', 'Deployment'],
    ['deployments.v1.apps', 'apps/v1', 'Deployment'],
    ['events', 'v1', 'Event'],
    ['ev.events.k8s.io', 'events.k8s.io/v1', 'Event'],
    ['crds', 'apiextensions.k8s.io/v1', 'CustomResourceDefinition'],
  ])('resolves %s as kubectl does: %s %s', async (query, apiVersion, kind) => {
    expect(await client.discovery.resolve(query)).toMatchObject({ apiVersion, kind });
  });

  it('resolves a kind by apiVersion and kind, and refuses what no resource serves', async () => {
    expect(await client.discovery.resolve({ apiVersion: 'apps/v1', kind: 'Deployment' })).toMatchObject({
      plural: 'deployments',
    });
    await expect(client.discovery.resolve({ apiVersion: 'apps/v1', kind: 'Nope' })).rejects.toMatchObject({
      reason: 'NoKindMatch',
      apiVersion: 'apps/v1',
      kind: 'Nope',
    });
    await expect(client.discovery.resolve('deploy.batch')).rejects.toMatchObject({
      reason: 'NoKindMatch',
      query: 'deploy.batch',
      message: 'no resource matches "deploy.batch"',
    });
    await expect(client.discovery.resolve(' ')).rejects.toMatchObject({ reason: 'InvalidInput', field: 'query' });
  });

  it('hands out resources that are kinds: reads with them need no further request', async () => {
    const cm = await client.discovery.resolve('cm');
    await client.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'found', namespace: 'default' } });
    const before = client.stats.attempts;
    const list = await client.list(cm, { namespace: 'default' });
    expect(list.items.map((o) => o.metadata?.name)).toContain('found');
    expect(client.stats.attempts).toBe(before + 1);
  });

  it('keeps, with preferredOnly, each resource once from the most preferred version that serves it', async () => {
    const group = aggregated ? 'pref-a.kubekit.dev' : 'pref-c.kubekit.dev';
    await installCrds(server.kubeConfig, [crd(group, 'Sprocket', ['v1beta1', 'v1'])]);
    await client.discovery.refresh();
    expect((await client.discovery.groups()).find((g) => g.name === group)).toEqual({
      name: group,
      versions: ['v1', 'v1beta1'],
      preferredVersion: 'v1',
    });
    const all = (await client.discovery.resources()).filter((r) => r.group === group);
    expect(all.map((r) => r.apiVersion)).toEqual([`${group}/v1`, `${group}/v1beta1`]);
    const preferred = (await client.discovery.resources({ preferredOnly: true })).filter((r) => r.group === group);
    expect(preferred.map((r) => r.apiVersion)).toEqual([`${group}/v1`]);
    expect(await client.discovery.resolve(`sprockets.${group}`)).toMatchObject({ version: 'v1' });
  });

  it('serves the restricted user, who may only use discovery', async () => {
    const restricted = new Client({ kubeConfig: server.kubeConfigFor('restricted') });
    try {
      expect(await restricted.discovery.resolve('po')).toMatchObject({ kind: 'Pod' });
      expect(await restricted.discovery.failures()).toEqual([]);
    } finally {
      restricted.close();
    }
  });

  it(`reads everything in ${aggregated ? 'two requests' : 'one request per root and group-version'}`, async () => {
    const fresh = new Client({ kubeConfig: server.kubeConfig });
    try {
      const groups = await fresh.discovery.groups();
      const versions = groups.reduce((n, g) => n + g.versions.length, 0);
      expect(fresh.stats.attempts).toBe(aggregated ? 2 : 2 + versions);
      await fresh.discovery.resources();
      await fresh.discovery.resolve('po');
      expect(fresh.stats.attempts).toBe(aggregated ? 2 : 2 + versions);
    } finally {
      fresh.close();
    }
  });
});

describe('Discovery refreshes', () => {
  let server: FakeApiServer;
  let clock: ManualClock;
  let client: Client;
  beforeAll(async () => {
    server = await FakeApiServer.start();
  });
  afterAll(() => server?.stop());
  beforeEach(async () => {
    clock = new ManualClock();
    client = new Client({ kubeConfig: server.kubeConfig, clock, qps: 0, requestTimeoutMs: 0 });
    await client.discovery.groups();
  });
  afterEach(() => client.close());

  let n = 0;
  const newGroup = () => `late${++n}.kubekit.dev`;

  it('finds a kind installed after the first read: a miss refreshes once, after the interval', async () => {
    const group = newGroup();
    await installCrds(server.kubeConfig, [crd(group, 'Sprocket')]);
    const before = client.stats.attempts;
    const found = client.discovery.resolve({ apiVersion: `${group}/v1`, kind: 'Sprocket' });
    await clock.advance(999);
    expect(client.stats.attempts).toBe(before); // still waiting for its turn
    await clock.advance(1);
    expect(await found).toMatchObject({ plural: 'sprockets', scope: 'Namespaced', shortNames: ['spr'] });
    expect(client.stats.attempts).toBe(before + 2);
    // the mapper answers from the same cache
    expect(client.restMapper.peek({ apiVersion: `${group}/v1`, kind: 'Sprocket' })?.resource).toBe('sprockets');
  });

  it('shares one refresh between a flood of misses', async () => {
    const before = client.stats.attempts;
    const misses = Array.from({ length: 50 }, (_, i) =>
      client.discovery.resolve(i % 2 ? `nothing${i}` : { apiVersion: 'nowhere.kubekit.dev/v1', kind: 'Nothing' }),
    );
    const settled = Promise.allSettled(misses);
    await clock.advance(1000);
    const results = await settled;
    expect(results.every((r) => r.status === 'rejected' && isNoKindMatch(r.reason))).toBe(true);
    expect(client.stats.attempts).toBe(before + 2);
    expect(clock.sleeps).toEqual([1000]);
  });

  it('does not refresh for a miss answered by a read that started after it was asked', async () => {
    const fresh = new Client({ kubeConfig: server.kubeConfig, clock, qps: 0, requestTimeoutMs: 0 });
    try {
      await expect(fresh.discovery.resolve('nothing')).rejects.toMatchObject({ reason: 'NoKindMatch' });
      expect(fresh.stats.attempts).toBe(2);
      expect(clock.pending).toBe(0);
    } finally {
      fresh.close();
    }
  });

  it('refreshes at once on refresh(), whatever the interval', async () => {
    const group = newGroup();
    await installCrds(server.kubeConfig, [crd(group, 'Sprocket')]);
    expect(client.discovery.peek({ apiVersion: `${group}/v1`, kind: 'Sprocket' })).toBeUndefined();
    await client.discovery.refresh();
    expect(client.discovery.peek({ apiVersion: `${group}/v1`, kind: 'Sprocket' })).toMatchObject({
      plural: 'sprockets',
    });
    expect(clock.sleeps).toEqual([]);
  });

  it('lets a caller that aborts leave a shared refresh without stopping it for the others', async () => {
    const group = newGroup();
    await installCrds(server.kubeConfig, [crd(group, 'Sprocket')]);
    const ac = new AbortController();
    const leaving = client.discovery.resolve(`sprockets.${group}`, { signal: ac.signal });
    const staying = client.discovery.resolve(`sprockets.${group}`);
    await flush();
    expect(clock.pending).toBe(1); // both wait for the one refresh
    ac.abort(new Error('gone'));
    await expect(leaving).rejects.toThrow('gone');
    await clock.advance(1000);
    expect(await staying).toMatchObject({ group });
  });

  it('stops a refresh that every caller left', async () => {
    const ac = new AbortController();
    const before = client.stats.attempts;
    const leaving = client.discovery.resolve('nothing', { signal: ac.signal });
    await flush();
    expect(clock.pending).toBe(1);
    ac.abort(new Error('gone'));
    await expect(leaving).rejects.toThrow('gone');
    await clock.advance(1000);
    expect(client.stats.attempts).toBe(before);
    // the next miss queues a refresh of its own
    const next = client.discovery.resolve('nothing').catch((e: unknown) => e);
    await clock.advance(1000);
    expect(await next).toMatchObject({ reason: 'NoKindMatch' });
    expect(client.stats.attempts).toBe(before + 2);
  });

  it('maps kinds through the same discovery: declared kinds without a request', async () => {
    const before = client.stats.attempts;
    expect(await client.restMapper.mapping(builtinKinds.Deployment)).toMatchObject({ verbs: undefined });
    expect(await client.restMapper.mapping({ apiVersion: 'apps/v1', kind: 'ReplicaSet' })).toMatchObject({
      resource: 'replicasets',
    });
    expect(client.stats.attempts).toBe(before);
  });
});
