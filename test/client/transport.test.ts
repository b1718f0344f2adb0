/**
 * The client's requests and transport against a scripted HTTP server: paths, query parameters,
 * content types and bodies of each operation on built-in kinds, retries, timeouts and keep-alive.
 */
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { builtinKinds, Client, type ClientOptions, isTransportError } from '@kubekit/client';
import { InstantClock } from '../support/fakeClock.js';
import { ManualClock } from '../support/manualClock.js';
import { ScriptedServer, status } from '../support/scriptedServer.js';

const { Pod, Namespace, Deployment, ClusterRole } = builtinKinds;
const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns' } };

describe('Client requests', () => {
  let server: ScriptedServer;
  let clock: InstantClock;
  let client: Client;
  const make = (options: ClientOptions = {}) =>
    new Client({ kubeConfig: server.kubeConfig(), clock, qps: 0, requestTimeoutMs: 0, ...options });

  beforeEach(async () => {
    server = await ScriptedServer.start((req) => ({ status: 200, body: { kind: 'Echo', metadata: {}, url: req.url } }));
    clock = new InstantClock();
    client = make();
  });
  afterEach(async () => {
    client.close();
    await server.stop();
  });
  const last = () => server.seen[server.seen.length - 1];

  describe('built-in kinds map without discovery', () => {
    it('builds namespaced and cluster-scoped paths', async () => {
      await client.get(Pod, 'p', { namespace: 'ns' });
      await client.get(Namespace, 'kube-system');
      await client.list(Deployment, { namespace: 'ns', labelSelector: { app: 'web' }, limit: 10, continue: 'tok' });
      await client.list(Pod);
      expect(server.seen.map((r) => `${r.method} ${r.url}`)).toEqual([
        'GET /api/v1/namespaces/ns/pods/p',
        'GET /api/v1/namespaces/kube-system',
        'GET /apis/apps/v1/namespaces/ns/deployments?labelSelector=app%3Dweb&limit=10&continue=tok',
        'GET /api/v1/pods',
      ]);
    });

    it('refuses a namespace for a cluster-scoped kind and a missing one for a namespaced kind', async () => {
      await expect(client.get(Namespace, 'x', { namespace: 'ns' })).rejects.toMatchObject({ field: 'namespace' });
      await expect(client.get(Pod, 'p')).rejects.toMatchObject({
        field: 'namespace',
        message: expect.stringContaining('Pod'),
      });
      await expect(client.create({ ...pod, metadata: { name: 'p' } })).rejects.toMatchObject({ field: 'namespace' });
      expect(server.seen).toEqual([]);
    });

    it('accepts RBAC names that are path segments but not DNS names', async () => {
      await client.get(ClusterRole, 'system:controller:job-controller');
      expect(last()?.url).toBe('/apis/rbac.authorization.k8s.io/v1/clusterroles/system%3Acontroller%3Ajob-controller');
    });

    it('a namespaced view fills in its namespace for namespaced kinds only', async () => {
      const view = client.inNamespace('team');
      await view.get(Pod, 'p');
      await view.get(Namespace, 'team');
      await view.list(Pod);
      expect(server.seen.map((r) => r.url)).toEqual([
        '/api/v1/namespaces/team/pods/p',
        '/api/v1/namespaces/team',
        '/api/v1/namespaces/team/pods',
      ]);
      expect(() => client.inNamespace('Bad_NS')).toThrow(expect.objectContaining({ field: 'namespace' }));
    });
  });

  describe("the kubeconfig context's namespace", () => {
    it('is the namespace of namespaced calls that name none; lists and watches still span all namespaces', async () => {
      const echo = server.handler;
      server.handler = (req, res) =>
        req.url.includes('watch=true') ? { status: 200, body: { type: 'ADDED', object: pod } } : echo(req, res);
      const ctx = new Client({ kubeConfig: server.kubeConfig('team'), clock, qps: 0, requestTimeoutMs: 0 });
      try {
        expect(ctx.defaultNamespace).toBe('team');
        expect(client.defaultNamespace).toBeUndefined();
        await ctx.get(Pod, 'p');
        await ctx.create({ ...pod, metadata: { name: 'p' } });
        await ctx.update({ ...pod, metadata: { name: 'p', resourceVersion: '1' } });
        await ctx.patch(Pod, 'p', { type: 'merge', patch: { metadata: { labels: { a: 'b' } } } });
        await ctx.apply({ ...pod, metadata: { name: 'p' } });
        await ctx.delete(Pod, 'p');
        await ctx.deleteAllOf(Pod);
        await ctx.status().patch(Pod, 'p', { type: 'merge', patch: { status: {} } });
        await ctx.list(Pod);
        for await (const _ of ctx.watch(Pod)) break;
        expect(server.seen.map((r) => `${r.method} ${r.url.split('?')[0]}`)).toEqual([
          'GET /api/v1/namespaces/team/pods/p',
          'POST /api/v1/namespaces/team/pods',
          'PUT /api/v1/namespaces/team/pods/p',
          'PATCH /api/v1/namespaces/team/pods/p',
          'PATCH /api/v1/namespaces/team/pods/p',
          'DELETE /api/v1/namespaces/team/pods/p',
          'DELETE /api/v1/namespaces/team/pods',
          'PATCH /api/v1/namespaces/team/pods/p/status',
          'GET /api/v1/pods',
          'GET /api/v1/pods',
        ]);
        expect(JSON.parse(server.seen[1]?.body ?? '{}').metadata.namespace).toBe('team');
      } finally {
        ctx.close();
      }
    });

    it('loses to the call option, the object and a namespaced view; cluster-scoped kinds ignore it', async () => {
      const ctx = new Client({ kubeConfig: server.kubeConfig('team'), clock, qps: 0, requestTimeoutMs: 0 });
      try {
        await ctx.get(Pod, 'p', { namespace: 'given' });
        await ctx.create(pod); // metadata.namespace: ns
        await ctx.inNamespace('view').get(Pod, 'p');
        await ctx.get(Namespace, 'kube-system');
        expect(server.seen.map((r) => r.url)).toEqual([
          '/api/v1/namespaces/given/pods/p',
          '/api/v1/namespaces/ns/pods?fieldManager=kubekit',
          '/api/v1/namespaces/view/pods/p',
          '/api/v1/namespaces/kube-system',
        ]);
      } finally {
        ctx.close();
      }
    });
  });

  describe('writes', () => {
    it('create posts the object with fieldManager, dryRun and fieldValidation', async () => {
      await client.create(
        { ...pod, metadata: { name: 'p' } },
        { namespace: 'ns', dryRun: true, fieldValidation: 'Strict' },
      );
      expect(last()?.method).toBe('POST');
      expect(last()?.url).toBe('/api/v1/namespaces/ns/pods?dryRun=All&fieldManager=kubekit&fieldValidation=Strict');
      expect(JSON.parse(last()?.body ?? '')).toEqual({ ...pod, metadata: { name: 'p', namespace: 'ns' } });
      expect(last()?.headers['content-type']).toBe('application/json');
    });

    it('update puts to the object and a subresource', async () => {
      const current = { ...pod, metadata: { ...pod.metadata, resourceVersion: '7' } };
      await client.update(current, { fieldManager: 'me' });
      expect(`${last()?.method} ${last()?.url}`).toBe('PUT /api/v1/namespaces/ns/pods/p?fieldManager=me');
      await client.status().update(current);
      expect(last()?.url).toBe('/api/v1/namespaces/ns/pods/p/status?fieldManager=kubekit');
    });

    it.each([
      [{ type: 'merge', patch: { a: 1 } }, 'application/merge-patch+json', { a: 1 }],
      [{ type: 'strategic', patch: { a: 1 } }, 'application/strategic-merge-patch+json', { a: 1 }],
      [
        { type: 'json', operations: [{ op: 'remove', path: '/a' }] },
        'application/json-patch+json',
        [{ op: 'remove', path: '/a' }],
      ],
      [{ type: 'apply', object: { a: 1 } }, 'application/apply-patch+yaml', { a: 1 }],
    ] as const)('patch %j is sent with its content type', async (patch, contentType, body) => {
      await client.patch(Deployment, 'd', patch, { namespace: 'ns' });
      expect(last()?.method).toBe('PATCH');
      expect(last()?.headers['content-type']).toBe(contentType);
      expect(JSON.parse(last()?.body ?? '')).toEqual(body);
    });

    it('apply sends force and the field manager; force on other patches is refused', async () => {
      await client.apply(
        { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'ns' } },
        { force: true, fieldManager: 'op' },
      );
      expect(last()?.url).toBe('/apis/apps/v1/namespaces/ns/deployments/d?fieldManager=op&force=true');
      await expect(
        client.patch(Deployment, 'd', { type: 'merge', patch: {} }, { namespace: 'ns', force: true }),
      ).rejects.toMatchObject({ field: 'force' });
    });

    it('delete sends DeleteOptions; deleteAllOf deletes the collection by selector', async () => {
      await client.delete(Pod, 'p', {
        namespace: 'ns',
        propagationPolicy: 'Foreground',
        gracePeriodSeconds: 0,
        preconditions: { uid: 'u1' },
        dryRun: true,
      });
      expect(`${last()?.method} ${last()?.url}`).toBe('DELETE /api/v1/namespaces/ns/pods/p?dryRun=All');
      expect(JSON.parse(last()?.body ?? '')).toEqual({
        apiVersion: 'v1',
        kind: 'DeleteOptions',
        propagationPolicy: 'Foreground',
        gracePeriodSeconds: 0,
        preconditions: { uid: 'u1' },
        dryRun: ['All'],
      });
      await client.deleteAllOf(Pod, { namespace: 'ns', labelSelector: 'app=web' });
      expect(`${last()?.method} ${last()?.url}`).toBe('DELETE /api/v1/namespaces/ns/pods?labelSelector=app%3Dweb');
    });
  });

  describe('transport', () => {
    it('sends the kubeconfig credentials and a user agent over one kept-alive connection', async () => {
      for (let i = 0; i < 5; i++) await client.get(Pod, 'p', { namespace: 'ns' });
      expect(last()?.headers.authorization).toBe('Bearer secret-token');
      expect(last()?.headers['user-agent']).toBe('kubekit/0.1.0');
      expect(server.connections).toBe(1);
      expect(client.stats.connectionsOpened).toBe(1);
    });

    it('asks for gzip with compression on and decompresses a compressed answer', async () => {
      const gzip = make({ compression: true });
      server.handler = (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        res.end(gzipSync(JSON.stringify({ kind: 'PodList', metadata: {}, items: [pod] })));
        return 'hang';
      };
      try {
        expect((await gzip.list(Pod, { namespace: 'ns' })).items).toEqual([pod]);
        expect(last()?.headers['accept-encoding']).toBe('gzip');
      } finally {
        gzip.close();
      }
    });

    it('does not ask for gzip by default', async () => {
      await client.get(Pod, 'p', { namespace: 'ns' });
      expect(last()?.headers).not.toHaveProperty('accept-encoding');
    });

    it('retries an idempotent request on 503, honouring Retry-After', async () => {
      let n = 0;
      server.handler = () =>
        ++n < 3
          ? { ...status(503, 'ServiceUnavailable'), headers: { 'retry-after': '2' } }
          : { status: 200, body: pod };
      expect(await client.get(Pod, 'p', { namespace: 'ns' })).toEqual(pod);
      expect(clock.sleeps).toEqual([2000, 2000]);
      expect(client.stats.retries).toBe(2);
    });

    it('backs off exponentially and gives up after maxRetries with the last error', async () => {
      server.handler = () => status(500, 'InternalError', 'boom');
      await expect(client.get(Pod, 'p', { namespace: 'ns' })).rejects.toMatchObject({
        reason: 'InternalError',
        code: 500,
      });
      expect(clock.sleeps).toEqual([200, 400, 800]);
      expect(server.seen).toHaveLength(4);
    });

    it('does not repeat a create after a 500, but does after a 429', async () => {
      server.handler = () => status(500, 'InternalError');
      await expect(client.create(pod)).rejects.toMatchObject({ reason: 'InternalError' });
      expect(server.seen).toHaveLength(1);
      let n = 0;
      server.handler = () =>
        ++n === 1 ? status(429, 'TooManyRequests', 'slow down', { retryAfterSeconds: 1 }) : { status: 201, body: pod };
      await client.create(pod);
      expect(clock.sleeps).toEqual([1000]);
    });

    it('retries a read after a connection reset, and reports a transport error when it persists', async () => {
      server.handler = () => 'reset';
      const err = await client.get(Pod, 'p', { namespace: 'ns' }).catch((e: unknown) => e);
      expect(isTransportError(err)).toBe(true);
      expect(err).toMatchObject({ reason: 'Transport', retryable: true });
      expect(server.seen).toHaveLength(4);
    });

    it('times out an attempt with a RequestTimeoutError, on the client clock', async () => {
      server.handler = () => 'hang';
      const manual = new ManualClock();
      const c = make({ requestTimeoutMs: 60_000, maxRetries: 0, clock: manual });
      try {
        const call = c.get(Pod, 'p', { namespace: 'ns' }).catch((e: unknown) => e);
        while (server.seen.length === 0) await new Promise((r) => setImmediate(r));
        expect(manual.sleeps).toEqual([60_000]); // fake time: no real minute passes
        await manual.advance(59_999);
        expect(server.seen).toHaveLength(1);
        await manual.advance(1);
        expect(await call).toMatchObject({ reason: 'RequestTimeout', timeoutMs: 60_000 });
        expect(manual.pending).toBe(0);
      } finally {
        c.close();
      }
    });

    it('cancels the timeout once the answer is in', async () => {
      const manual = new ManualClock();
      const c = make({ requestTimeoutMs: 60_000, clock: manual });
      try {
        await c.get(Pod, 'p', { namespace: 'ns' });
        expect([manual.sleeps, manual.pending]).toEqual([[60_000], 0]);
      } finally {
        c.close();
      }
    });

    it('stops waiting when the signal aborts, with the signal reason', async () => {
      server.handler = () => 'hang';
      const ac = new AbortController();
      const call = client.get(Pod, 'p', { namespace: 'ns', signal: ac.signal });
      while (server.seen.length === 0) await new Promise((r) => setImmediate(r));
      ac.abort(new Error('user cancelled'));
      await expect(call).rejects.toThrow('user cancelled');
    });

    it('applies the client-side rate limit', async () => {
      const limited = make({ qps: 5, burst: 2 });
      try {
        for (let i = 0; i < 4; i++) await limited.get(Pod, 'p', { namespace: 'ns' });
        expect(clock.sleeps).toEqual([200, 200]);
      } finally {
        limited.close();
      }
    });
  });

  describe('watch', () => {
    it('parses a chunked event stream into typed events', async () => {
      server.handler = (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"type":"ADDED","object":{"kind":"Pod","metadata":{"name":"a"}}}\n{"type":"MOD');
        res.write('IFIED","object":{"kind":"Pod","metadata":{"name":"a"}}}\n');
        res.end('{"type":"ERROR","object":{"kind":"Status","code":410,"reason":"Expired","message":"too old"}}\n');
        return 'hang';
      };
      const types: string[] = [];
      for await (const e of client.watch(Pod, { namespace: 'ns', resourceVersion: '5', timeoutSeconds: 30 })) {
        types.push(e.type === 'ERROR' ? `ERROR:${e.error.reason}` : e.type);
      }
      expect(types).toEqual(['ADDED', 'MODIFIED', 'ERROR:Expired']);
      expect(last()?.url).toBe(
        '/api/v1/namespaces/ns/pods?watch=true&allowWatchBookmarks=true&resourceVersion=5&timeoutSeconds=30',
      );
    });
  });
  describe('metadataOnly', () => {
    const partial = (name: string) => ({
      apiVersion: 'meta.k8s.io/v1',
      kind: 'PartialObjectMetadata',
      metadata: { name, namespace: 'ns', resourceVersion: '7' },
    });

    it('asks for PartialObjectMetadata with the Accept header on get, list, listPages and watch', async () => {
      server.handler = (req, res) => {
        if (req.url.includes('watch=true')) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(`${JSON.stringify({ type: 'ADDED', object: partial('w') })}\n`);
          return 'hang';
        }
        if (req.url.includes('/pods/')) return { status: 200, body: partial('g') };
        return {
          status: 200,
          body: {
            apiVersion: 'meta.k8s.io/v1',
            kind: 'PartialObjectMetadataList',
            metadata: { resourceVersion: '7' },
            items: [partial('l')],
          },
        };
      };
      const got = await client.get(Pod, 'g', { namespace: 'ns', metadataOnly: true });
      const list = await client.list(Pod, { namespace: 'ns', metadataOnly: true });
      const pages = [];
      for await (const page of client.listPages(Pod, { namespace: 'ns', metadataOnly: true })) pages.push(page);
      const events = [];
      for await (const e of client.watch(Pod, { namespace: 'ns', metadataOnly: true })) events.push(e);
      await client.get(Pod, 'plain', { namespace: 'ns' });

      expect(got).toEqual(partial('g'));
      expect(list.items).toEqual([partial('l')]);
      expect(pages.map((p) => p.items)).toEqual([[partial('l')]]);
      expect(events).toEqual([{ type: 'ADDED', object: partial('w') }]);
      expect(server.seen.map((r) => r.headers.accept)).toEqual([
        'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1',
        'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1',
        'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1',
        'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1',
        'application/json',
      ]);
    });
  });
});
