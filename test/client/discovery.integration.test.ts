/**
 * `client.discovery` on the real kube-apiserver: core kinds as the server announces them, a CRD
 * installed during the test, the restricted user, the classic documents read the same way as
 * aggregated discovery, and an aggregated API server that is down.
 */
import { randomBytes } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { type ApiResource, Client, isNoKindMatch } from '@kubekit/client';
import { installCrds, TestEnvironment } from '@kubekit/testing';
import { KubeConfig } from '@kubernetes/client-node';
import { describeReal, realServer } from '../support/realServer.js';

/**
 * A loopback proxy to the real server that drops aggregated discovery from `Accept`, so the server
 * answers the classic documents, as an older one would. Its kubeconfig needs no credentials.
 */
async function classicProxy(target: KubeConfig): Promise<{ kubeConfig: KubeConfig; server: Server }> {
  const upstream = new URL(target.getCurrentCluster()?.server ?? '');
  const server = createServer((req, res) => {
    void (async () => {
      const accept = String(req.headers.accept ?? 'application/json')
        .split(',')
        .filter((range) => !range.includes('apidiscovery.k8s.io'))
        .join(',');
      const options: RequestOptions = { method: req.method ?? 'GET', headers: { accept } };
      await target.applyToHTTPSOptions(options);
      const send = upstream.protocol === 'http:' ? httpRequest : httpsRequest;
      const out = send(new URL(req.url ?? '/', upstream), options, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      out.on('error', () => res.destroy());
      req.pipe(out);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [
      { name: 'proxy', server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, skipTLSVerify: true },
    ],
    users: [{ name: 'nobody' }],
    contexts: [{ name: 'proxy', cluster: 'proxy', user: 'nobody' }],
    currentContext: 'proxy',
  });
  return { kubeConfig, server };
}

/** What a resource says about itself, for comparing two reads. */
const summary = (r: ApiResource) =>
  `${r.apiVersion} ${r.kind} ${r.plural}/${r.singular} ${r.scope} [${[...r.verbs].sort()}] [${r.shortNames}] ` +
  `[${[...r.categories].sort()}] ${r.subresources
    .map((s) => `${s.name}(${s.responseKind?.apiVersion} ${s.responseKind?.kind}: ${[...s.verbs].sort()})`)
    .sort()}`;

describeReal('client.discovery on the real API server', () => {
  let client: Client;
  beforeAll(() => {
    client = new Client({ kubeConfig: realServer().kubeConfig() });
  });
  afterAll(() => client?.close());

  it('lists Pod: namespaced, watchable, short name po, in category all, with its subresources', async () => {
    const pod = await client.discovery.resolve({ apiVersion: 'v1', kind: 'Pod' });
    expect(pod).toMatchObject({ group: '', version: 'v1', plural: 'pods', singular: 'pod', scope: 'Namespaced' });
    expect(pod.verbs).toEqual(expect.arrayContaining(['get', 'list', 'watch', 'create', 'deletecollection']));
    expect(pod.shortNames).toEqual(['po']);
    expect(pod.categories).toContain('all');
    const subresources = new Map(pod.subresources.map((s) => [s.name, s]));
    expect([...subresources.keys()]).toEqual(
      expect.arrayContaining(['status', 'log', 'exec', 'eviction', 'binding', 'ephemeralcontainers', 'portforward']),
    );
    expect(subresources.get('status')).toMatchObject({ responseKind: { apiVersion: 'v1', kind: 'Pod' } });
    expect(subresources.get('status')?.verbs).toEqual(expect.arrayContaining(['get', 'patch', 'update']));
    expect(subresources.get('eviction')).toMatchObject({ responseKind: { apiVersion: 'policy/v1', kind: 'Eviction' } });
    expect(await client.discovery.resolve('po')).toBe(pod);
  });

  it('lists Deployment in apps/v1 with scale and status, and the groups with their preferred versions', async () => {
    const deploy = await client.discovery.resolve('deploy');
    expect(deploy).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment', plural: 'deployments' });
    expect(deploy.categories).toContain('all');
    expect(deploy.subresources).toContainEqual(
      expect.objectContaining({ name: 'scale', responseKind: { apiVersion: 'autoscaling/v1', kind: 'Scale' } }),
    );
    expect(deploy.subresources.map((s) => s.name)).toContain('status');
    const groups = await client.discovery.groups();
    expect(groups[0]).toEqual({ name: '', versions: ['v1'], preferredVersion: 'v1' });
    expect(groups).toContainEqual(expect.objectContaining({ name: 'apps', preferredVersion: 'v1' }));
    expect(await client.discovery.failures()).toEqual([]);
    // events: the core group's comes first, as kubectl reads the name
    expect(await client.discovery.resolve('events')).toMatchObject({ apiVersion: 'v1', kind: 'Event' });
  });

  it('reads everything with aggregated discovery, in two requests', async () => {
    const fresh = new Client({ kubeConfig: realServer().kubeConfig() });
    try {
      const resources = await fresh.discovery.resources({ preferredOnly: true });
      expect(resources.length).toBeGreaterThan(50);
      expect(fresh.stats.attempts).toBe(2);
    } finally {
      fresh.close();
    }
  });

  it('reads the classic documents of a server without aggregated discovery to the same answers', async () => {
    const proxy = await classicProxy(realServer().kubeConfig());
    const classic = new Client({ kubeConfig: proxy.kubeConfig, qps: 0 });
    const aggregated = new Client({ kubeConfig: realServer().kubeConfig() });
    try {
      const fromClassic = await classic.discovery.resources();
      const groups = await classic.discovery.groups();
      expect(classic.stats.attempts).toBe(2 + groups.reduce((n, g) => n + g.versions.length, 0));
      expect(await classic.discovery.failures()).toEqual([]);
      // kube-apiserver's own groups only: other suites install CRDs on this server between the two
      // reads, and groups of equal priority (CRDs) have no order the two documents agree on
      const builtin = (name: string) => !name.includes('.') || name.endsWith('.k8s.io');
      const fromAggregated = (await aggregated.discovery.resources()).filter((r) => builtin(r.group));
      expect(fromClassic.filter((r) => builtin(r.group)).map(summary)).toEqual(fromAggregated.map(summary));
      expect(groups.filter((g) => builtin(g.name))).toEqual(
        (await aggregated.discovery.groups()).filter((g) => builtin(g.name)),
      );
    } finally {
      classic.close();
      aggregated.close();
      proxy.server.closeAllConnections();
      await new Promise((resolve) => proxy.server.close(resolve));
    }
  });

  it('finds a CRD installed during the test: a miss refreshes discovery', async () => {
    const fresh = new Client({ kubeConfig: realServer().kubeConfig() });
    try {
      await fresh.discovery.groups();
      const group = `disc${randomBytes(3).toString('hex')}.kubekit.dev`;
      const Sprocket = { apiVersion: `${group}/v1`, kind: 'Sprocket' };
      expect(fresh.discovery.peek(Sprocket)).toBeUndefined();
      await installCrds(realServer().kubeConfig(), [
        {
          apiVersion: 'apiextensions.k8s.io/v1',
          kind: 'CustomResourceDefinition',
          metadata: { name: `sprockets.${group}` },
          spec: {
            group,
            scope: 'Cluster',
            names: { plural: 'sprockets', singular: 'sprocket', kind: 'Sprocket', shortNames: ['spk'] },
            versions: [
              {
                name: 'v1',
                served: true,
                storage: true,
                schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
                subresources: { status: {} },
              },
            ],
          },
        },
      ]);
      const attempts = fresh.stats.attempts;
      const sprocket = await fresh.discovery.resolve(Sprocket);
      expect(sprocket).toMatchObject({ plural: 'sprockets', scope: 'Cluster', shortNames: ['spk'] });
      expect(sprocket.subresources.map((s) => s.name)).toEqual(['status']);
      expect(fresh.stats.attempts).toBe(attempts + 2);
      expect(await fresh.discovery.resolve(`spk.${group}`)).toBe(sprocket);
      expect(await fresh.create({ ...Sprocket, metadata: { name: 's1' } })).toMatchObject({ kind: 'Sprocket' });
      const cog = await fresh.discovery.resolve({ apiVersion: `${group}/v1`, kind: 'Cog' }).catch((e: unknown) => e);
      expect(isNoKindMatch(cog)).toBe(true);
    } finally {
      fresh.close();
    }
  });

  it('serves the restricted user, who may only use discovery', async () => {
    const restricted = new Client({ kubeConfig: realServer().kubeConfig('restricted') });
    try {
      expect(await restricted.discovery.resolve('po')).toMatchObject({ kind: 'Pod', scope: 'Namespaced' });
      expect(await restricted.discovery.resolve('deployments.apps')).toMatchObject({ kind: 'Deployment' });
      expect(await restricted.discovery.failures()).toEqual([]);
      await expect(restricted.list({ apiVersion: 'v1', kind: 'Pod' })).rejects.toMatchObject({ reason: 'Forbidden' });
    } finally {
      restricted.close();
    }
  });

  it('reports an aggregated API server that is down, and serves the rest, from either kind of document', async () => {
    // a server of its own: a broken APIService would show in every other suite's discovery
    const env = await TestEnvironment.start({});
    const proxy = await classicProxy(env.kubeConfig);
    const aggregated = new Client({ kubeConfig: env.kubeConfig, maxRetries: 0 });
    const classic = new Client({ kubeConfig: proxy.kubeConfig, qps: 0, maxRetries: 0 });
    try {
      await aggregated.create({
        apiVersion: 'apiregistration.k8s.io/v1',
        kind: 'APIService',
        metadata: { name: 'v1beta1.broken.kubekit.dev' },
        spec: {
          group: 'broken.kubekit.dev',
          version: 'v1beta1',
          groupPriorityMinimum: 1000,
          versionPriority: 15,
          insecureSkipTLSVerify: true,
          service: { namespace: 'default', name: 'nowhere', port: 443 },
        },
      });
      for (const client of [aggregated, classic]) {
        // the aggregator takes the new APIService in asynchronously: read until it shows
        for (let i = 0; i < 100 && (await client.discovery.failures()).length === 0; i++) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          await client.discovery.refresh();
        }
        expect(await client.discovery.failures()).toEqual([
          {
            group: 'broken.kubekit.dev',
            version: 'v1beta1',
            error: expect.objectContaining({ reason: 'ServiceUnavailable', retryable: true }),
          },
        ]);
        expect(await client.discovery.groups()).toContainEqual({
          name: 'broken.kubekit.dev',
          versions: ['v1beta1'],
          preferredVersion: 'v1beta1',
        });
        expect(await client.discovery.resolve('po')).toMatchObject({ kind: 'Pod' });
        await expect(
          client.discovery.resolve({ apiVersion: 'broken.kubekit.dev/v1beta1', kind: 'Thing' }),
        ).rejects.toMatchObject({ reason: 'ServiceUnavailable' });
        await expect(client.list({ apiVersion: 'v1', kind: 'Namespace' })).resolves.toMatchObject({
          items: expect.arrayContaining([
            expect.objectContaining({ metadata: expect.objectContaining({ name: 'default' }) }),
          ]),
        });
      }
    } finally {
      aggregated.close();
      classic.close();
      proxy.server.closeAllConnections();
      await new Promise((resolve) => proxy.server.close(resolve));
      await env.stop();
    }
  });
});
