/**
 * Failures against the real API server: each server answer maps to its error class, bad input never
 * reaches the server, a CRD installed after the client started is found, and calls reuse connections.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, isKubeConfigError, isNoKindMatch } from '@kubekit/client';
import {
  type InvalidError,
  isAlreadyExists,
  isForbidden,
  isGone,
  isInvalid,
  isInvalidInput,
  isNotFound,
  type KubeObject,
} from '@kubekit/core';
import { installCrds, TestEnvironment, type TestNamespace } from '@kubekit/testing';
import { KubeConfig } from '@kubernetes/client-node';
import { FIXTURE_CRDS } from '../support/paths.js';
import { describeReal, realServer } from '../support/realServer.js';
import { Widget } from '../support/widgets.js';

const Gadget = { apiVersion: 'test.kubekit.dev/v1', kind: 'Gadget' } as const;
const widget = (name: string, spec: object = {}) => ({
  apiVersion: 'test.kubekit.dev/v1',
  kind: 'Widget',
  metadata: { name },
  spec,
});

describeReal('Client failures against the real API server', () => {
  let ns: TestNamespace;
  let client: Client;
  beforeAll(async () => {
    await installCrds(realServer().kubeConfig(), [FIXTURE_CRDS]);
    ns = await realServer().namespace('client-errors');
    client = new Client({ kubeConfig: realServer().kubeConfig() });
  });
  afterAll(async () => {
    client?.close();
    await ns?.cleanup();
  });

  describe('server errors map to their classes', () => {
    it('404 NotFound', async () => {
      const err = await client.get(Widget, 'missing', { namespace: ns.name }).catch((e: unknown) => e);
      expect(isNotFound(err)).toBe(true);
      expect(err).toMatchObject({ name: 'NotFoundError', code: 404, retryable: false });
      expect(await client.get(Widget, 'missing', { namespace: ns.name }).catch(() => undefined)).toBeUndefined();
    });

    it('409 AlreadyExists on a second create', async () => {
      await client.create(widget('twice'), { namespace: ns.name });
      const err = await client.create(widget('twice'), { namespace: ns.name }).catch((e: unknown) => e);
      expect(isAlreadyExists(err)).toBe(true);
      expect(err).toMatchObject({ code: 409, status: { details: { name: 'twice', kind: 'widgets' } } });
    });

    it('422 Invalid with the field causes (CEL rule and schema)', async () => {
      const err = await client
        .create(widget('too-big', { size: 11, replicas: -1 }), { namespace: ns.name })
        .catch((e: unknown) => e);
      expect(isInvalid(err)).toBe(true);
      const fields = (err as InvalidError).causes.map((c) => c.field).sort();
      expect(fields).toEqual(expect.arrayContaining(['spec', 'spec.replicas']));
      expect((err as InvalidError).causes.map((c) => c.message).join()).toContain('size must be at most 10');
    });

    it('403 Forbidden for a user without rights', async () => {
      const restricted = new Client({ kubeConfig: realServer().kubeConfig('restricted') });
      try {
        const err = await restricted.list(Widget, { namespace: ns.name }).catch((e: unknown) => e);
        expect(isForbidden(err)).toBe(true);
        expect(err).toMatchObject({ code: 403, retryable: false });
      } finally {
        restricted.close();
      }
    });
  });

  it('410 Expired for a continue token from before a compaction (private server, no watch cache)', async () => {
    const env = await TestEnvironment.start({ crds: [FIXTURE_CRDS], serverArgs: ['--watch-cache=false'] });
    const c = new Client({ kubeConfig: env.kubeConfig });
    try {
      await c.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'gone' } });
      for (const name of ['a', 'b', 'c']) await c.create(widget(name), { namespace: 'gone' });
      const first = await c.list(Widget, { namespace: 'gone', limit: 1 });
      await c.create(widget('d'), { namespace: 'gone' }); // a newer revision to compact to
      await env.compact();
      const err = await c
        .list(Widget, { namespace: 'gone', limit: 1, continue: first.metadata.continue })
        .catch((e: unknown) => e);
      expect(isGone(err)).toBe(true);
      expect(err).toMatchObject({ name: 'GoneError', code: 410, reason: 'Expired', retryable: false });
    } finally {
      c.close();
      await env.stop();
    }
  });

  describe('bad input never reaches the server', () => {
    const cases: Array<[string, (c: Client) => Promise<unknown>, string]> = [
      ['an invalid name', (c) => c.get(Widget, 'Not_A_Name', { namespace: 'x' }), 'metadata.name'],
      ['an empty name', (c) => c.delete(Widget, '', { namespace: 'x' }), 'metadata.name'],
      ['a missing namespace', (c) => c.get(Widget, 'w'), 'namespace'],
      ['an invalid namespace', (c) => c.get(Widget, 'w', { namespace: 'No.Dots' }), 'namespace'],
      ['a namespace for a cluster-scoped kind', (c) => c.get(Gadget, 'g', { namespace: 'x' }), 'namespace'],
      [
        'an apiVersion without a version',
        (c) => c.get({ apiVersion: 'test.kubekit.dev/', kind: 'Widget' }, 'w'),
        'apiVersion',
      ],
      [
        'an update without a resourceVersion',
        (c) => c.update({ ...widget('w'), metadata: { name: 'w', namespace: 'x' } }),
        'metadata.resourceVersion',
      ],
      [
        'a create without a name',
        (c) => c.create({ ...widget('w'), metadata: {} }, { namespace: 'x' }),
        'metadata.name',
      ],
      [
        'namespaces that disagree',
        (c) => c.create({ ...widget('w'), metadata: { name: 'w', namespace: 'a' } }, { namespace: 'b' }),
        'namespace',
      ],
      ['a zero page size', (c) => c.list(Widget, { limit: 0 }), 'limit'],
      ['create(null)', (c) => c.create(null as unknown as KubeObject), 'object'],
      [
        'an object that contains itself',
        (c) => {
          const w = { ...widget('w', {}), metadata: { name: 'w', namespace: 'x' } } as KubeObject & {
            spec: Record<string, unknown>;
          };
          w.spec.self = w;
          return c.create(w);
        },
        'spec.self',
      ],
      ['a BigInt', (c) => c.create(widget('w', { size: 3n }), { namespace: 'x' }), 'spec.size'],
      ['a Symbol', (c) => c.apply({ ...widget('w', { tag: Symbol('t') }) }, { namespace: 'x' }), 'spec.tag'],
      [
        'a BigInt in a merge patch',
        (c) => c.patch(Widget, 'w', { type: 'merge', patch: { spec: { size: 1n } } }, { namespace: 'x' }),
        'patch.patch.spec.size',
      ],
      [
        'a BigInt in a status update',
        (c) =>
          c.status().update(
            { ...widget('w', {}), metadata: { name: 'w', namespace: 'x' }, status: { n: 1n } },
            {
              unconditional: true,
            },
          ),
        'status.n',
      ],
      [
        'a BigInt grace period',
        (c) => c.deleteAllOf(Widget, { namespace: 'x', gracePeriodSeconds: 1n as unknown as number }),
        'options.gracePeriodSeconds',
      ],
    ];
    it.each(cases)('refuses %s, naming the field', async (_what, call, field) => {
      const fresh = new Client({ kubeConfig: realServer().kubeConfig() });
      try {
        // discovery answers first, so that any request counted below would be the call itself
        await fresh.restMapper.mapping(Gadget);
        await fresh.restMapper.mapping({ apiVersion: 'test.kubekit.dev/v1', kind: 'Widget' });
        const before = fresh.stats.attempts;
        const err = await call(fresh).catch((e: unknown) => e);
        expect(isInvalidInput(err)).toBe(true);
        expect(err).toMatchObject({ field });
        expect(fresh.stats.attempts).toBe(before);
      } finally {
        fresh.close();
      }
    });
  });

  describe('a kubeconfig that cannot be used', () => {
    /** The real server's kubeconfig with the current user (or cluster) entry changed by `edit`. */
    function edited(edit: (user: Record<string, unknown>, cluster: Record<string, unknown>) => void): KubeConfig {
      const config = JSON.parse(realServer().kubeConfig().exportConfig()) as {
        users: Array<{ name: string; user: Record<string, unknown> }>;
        clusters: Array<{ name: string; cluster: Record<string, unknown> }>;
        contexts: Array<{ name: string; context: { user: string; cluster: string } }>;
        'current-context': string;
      };
      const context = config.contexts.find((c) => c.name === config['current-context'])?.context;
      const user = config.users.find((u) => u.name === context?.user);
      const cluster = config.clusters.find((c) => c.name === context?.cluster);
      if (!user || !cluster) throw new Error('the harness kubeconfig has no current user and cluster');
      edit(user.user, cluster.cluster);
      const kubeConfig = new KubeConfig();
      kubeConfig.loadFromString(JSON.stringify(config));
      return kubeConfig;
    }

    it('an exec plugin that is not installed: KubeConfigError naming the command, nothing sent', async () => {
      const kubeConfig = edited((user) => {
        for (const key of Object.keys(user)) delete user[key];
        user.exec = { apiVersion: 'client.authentication.k8s.io/v1', command: 'kubekit-no-such-plugin', args: [] };
      });
      const fresh = new Client({ kubeConfig });
      try {
        const err = await fresh.list(Widget, { namespace: ns.name }).catch((e: unknown) => e);
        expect(isKubeConfigError(err)).toBe(true);
        expect(err).toMatchObject({
          retryable: false,
          command: 'kubekit-no-such-plugin',
          cause: expect.objectContaining({ code: 'ENOENT' }),
        });
        expect(fresh.stats).toMatchObject({ connectionsOpened: 0, retries: 0 });
      } finally {
        fresh.close();
      }
    });

    it('a server URL that is not a URL: new Client throws KubeConfigError naming it', () => {
      const kubeConfig = edited((_user, cluster) => {
        cluster.server = 'https://[not-a-host';
      });
      expect(() => new Client({ kubeConfig })).toThrow(
        expect.objectContaining({ reason: 'KubeConfig', server: 'https://[not-a-host' }),
      );
    });
  });

  describe('mapping', () => {
    it('finds a CRD installed after the client started, and reports unknown kinds as NoKindMatch', async () => {
      const group = `late${randomBytes(3).toString('hex')}.kubekit.dev`;
      const Sprocket = { apiVersion: `${group}/v1`, kind: 'Sprocket' };
      const before = await client.list(Sprocket, { namespace: ns.name }).catch((e: unknown) => e);
      expect(isNoKindMatch(before)).toBe(true);
      expect(before).toMatchObject({ apiVersion: `${group}/v1`, kind: 'Sprocket', retryable: false });
      await installCrds(realServer().kubeConfig(), [
        {
          apiVersion: 'apiextensions.k8s.io/v1',
          kind: 'CustomResourceDefinition',
          metadata: { name: `sprockets.${group}` },
          spec: {
            group,
            scope: 'Namespaced',
            names: { plural: 'sprockets', singular: 'sprocket', kind: 'Sprocket', listKind: 'SprocketList' },
            versions: [
              {
                name: 'v1',
                served: true,
                storage: true,
                schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
              },
            ],
          },
        },
      ]);
      const created = await client.create({ ...Sprocket, metadata: { name: 's1', namespace: ns.name } });
      expect(created.metadata?.uid).toBeTruthy();
      expect((await client.restMapper.mapping(Sprocket)).resource).toBe('sprockets');
      // a kind the group does not serve is still no match, after a refresh
      await expect(
        client.get({ apiVersion: `${group}/v1`, kind: 'Cog' }, 'x', { namespace: ns.name }),
      ).rejects.toMatchObject({
        reason: 'NoKindMatch',
      });
    });
  });

  describe('transport', () => {
    it('reuses one keep-alive connection for sequential calls', async () => {
      const fresh = new Client({ kubeConfig: realServer().kubeConfig() });
      try {
        for (let i = 0; i < 20; i++) await fresh.get(Widget, 'missing', { namespace: ns.name }).catch(() => undefined);
        expect(fresh.stats.attempts).toBe(20);
        expect(fresh.stats.connectionsOpened).toBe(1);
      } finally {
        fresh.close();
      }
    });

    it('cancels a call through its AbortSignal', async () => {
      const ac = new AbortController();
      ac.abort(new Error('stop'));
      await expect(client.list(Widget, { namespace: ns.name, signal: ac.signal })).rejects.toThrow('stop');
    });
  });
});
