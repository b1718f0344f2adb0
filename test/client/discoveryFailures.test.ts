/**
 * Discovery when parts of it fail, on a scripted server: a group-version a user may not read, an
 * aggregated API that is down, a server without the core group, a root that refuses.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { Client, isNoKindMatch } from '@kubekit/client';
import { isForbidden } from '@kubekit/core';
import { type DiscoveryScript, discoveryServer, type ServedGroupVersion } from '../support/discoveryServer.js';
import { type ScriptedServer, status } from '../support/scriptedServer.js';

const core: ServedGroupVersion = {
  group: '',
  version: 'v1',
  resources: [{ name: 'pods', kind: 'Pod', namespaced: true, shortNames: ['po'], subresources: ['status'] }],
};
const apps: ServedGroupVersion = {
  group: 'apps',
  version: 'v1',
  resources: [{ name: 'deployments', kind: 'Deployment', namespaced: true, subresources: ['scale', 'status'] }],
};
const metrics: ServedGroupVersion = {
  group: 'metrics.k8s.io',
  version: 'v1beta1',
  resources: [{ name: 'pods', kind: 'PodMetrics', namespaced: true, verbs: ['get', 'list'] }],
};
const forbidden = status(403, 'Forbidden', 'forbidden: User "someone" cannot get path "/apis/metrics.k8s.io/v1beta1"');

describe('Discovery failures', () => {
  let server: ScriptedServer | undefined;
  let client: Client | undefined;
  afterEach(async () => {
    client?.close();
    await server?.stop();
  });

  async function start(script: DiscoveryScript) {
    server = await discoveryServer(script);
    client = new Client({ kubeConfig: server.kubeConfig(), discoveryMinRefreshIntervalMs: 0, maxRetries: 0 });
    return client.discovery;
  }

  it('asks the roots for aggregated discovery, with the classic document as the fallback', async () => {
    const discovery = await start({ served: [core, apps], aggregated: false });
    await discovery.groups();
    const accept = Object.fromEntries((server as ScriptedServer).seen.map((r) => [r.url, r.headers.accept]));
    expect(accept).toEqual({
      '/api': 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json',
      '/apis': 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json',
      '/api/v1': 'application/json',
      '/apis/apps/v1': 'application/json',
    });
  });

  it('returns the rest when a group-version is forbidden, and reports it', async () => {
    const discovery = await start({
      served: [core, apps, metrics],
      aggregated: false,
      answers: { '/apis/metrics.k8s.io/v1beta1': forbidden },
    });
    const resources = await discovery.resources();
    expect(resources.map((r) => `${r.apiVersion} ${r.kind}`)).toEqual(['v1 Pod', 'apps/v1 Deployment']);
    expect((await discovery.groups()).map((g) => g.name)).toEqual(['', 'apps', 'metrics.k8s.io']);
    const failures = await discovery.failures();
    expect(failures).toEqual([{ group: 'metrics.k8s.io', version: 'v1beta1', error: expect.any(Error) }]);
    expect(isForbidden(failures[0]?.error)).toBe(true);
    // a kind of the failed group-version is refused with that group-version's error
    const err = await discovery
      .resolve({ apiVersion: 'metrics.k8s.io/v1beta1', kind: 'PodMetrics' })
      .catch((e: unknown) => e);
    expect(isForbidden(err)).toBe(true);
    // a name that matches nothing names what could not be read
    const miss = await discovery.resolve('podmetrics').catch((e: unknown) => e);
    expect(isNoKindMatch(miss)).toBe(true);
    expect((miss as Error).cause).toMatchObject({ message: 'discovery failed for metrics.k8s.io/v1beta1' });
  });

  it('reports a group-version that aggregated discovery marks Stale, and serves the rest', async () => {
    const discovery = await start({ served: [core, apps, { ...metrics, stale: true }] });
    expect((await discovery.resources()).map((r) => r.kind)).toEqual(['Pod', 'Deployment']);
    const [failure] = await discovery.failures();
    expect(failure).toMatchObject({
      group: 'metrics.k8s.io',
      version: 'v1beta1',
      error: {
        reason: 'ServiceUnavailable',
        retryable: true,
        message: 'discovery of metrics.k8s.io/v1beta1 is stale (GET /apis)',
      },
    });
    expect((server as ScriptedServer).seen.map((r) => r.url).sort()).toEqual(['/api', '/apis']);
  });

  it('serves the named groups of a server without the core group', async () => {
    const discovery = await start({ served: [apps] });
    expect(await discovery.groups()).toEqual([{ name: 'apps', versions: ['v1'], preferredVersion: 'v1' }]);
    expect(await discovery.resolve('deployments')).toMatchObject({ kind: 'Deployment' });
  });

  it('fails when a root refuses, and keeps what it read before', async () => {
    const script: DiscoveryScript = { served: [core, apps] };
    const discovery = await start(script);
    await expect(discovery.resolve('po')).resolves.toMatchObject({ kind: 'Pod' });
    script.answers = { '/apis': status(403, 'Forbidden', 'forbidden: User "someone" cannot get path "/apis"') };
    await expect(discovery.refresh()).rejects.toMatchObject({ reason: 'Forbidden', code: 403 });
    expect(await discovery.resolve('deployments')).toMatchObject({ kind: 'Deployment' });
  });
});
