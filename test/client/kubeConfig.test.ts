/**
 * Kubeconfigs that cannot be used give a `KubeConfigError` naming the file, context, server URL or
 * exec command — never a raw `ENOENT`, `spawn ENOENT` or `Invalid URL` — and nothing is sent.
 */

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, isKubeConfigError, KubeConfigError, readKubeConfig } from '@kubekit/client';
import { isRetryable } from '@kubekit/core';
import { FakeApiServer } from '@kubekit/testing';
import { KubeConfig } from '@kubernetes/client-node';

const ConfigMap = { apiVersion: 'v1', kind: 'ConfigMap' } as const;

/** `base` (a kubeconfig in its file form) changed by `edit`, loaded. */
function edited(base: string, edit: (config: KubeConfigFile) => void): KubeConfig {
  const config = JSON.parse(base) as KubeConfigFile;
  edit(config);
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(JSON.stringify(config));
  return kubeConfig;
}

interface KubeConfigFile {
  clusters: Array<{ name: string; cluster: Record<string, unknown> }>;
  users: Array<{ name: string; user: Record<string, unknown> }>;
  contexts: Array<{ name: string; context: { cluster: string; user: string } }>;
  'current-context': string;
}

/** The current context's user and cluster entries. */
function current(config: KubeConfigFile) {
  const context = config.contexts.find((c) => c.name === config['current-context'])?.context;
  const user = config.users.find((u) => u.name === context?.user);
  const cluster = config.clusters.find((c) => c.name === context?.cluster);
  if (!user || !cluster) throw new Error('the test kubeconfig has no current user and cluster');
  return { user, cluster };
}

describe('kubeconfigs that cannot be used', () => {
  let server: FakeApiServer;
  let base: string;
  beforeAll(async () => {
    server = await FakeApiServer.start();
    base = server.kubeConfig.exportConfig();
  });
  afterAll(() => server?.stop());

  it('new Client: a server URL that is not a URL', () => {
    const kubeConfig = edited(base, (c) => {
      current(c).cluster.cluster.server = 'not a url';
    });
    let err: unknown;
    try {
      new Client({ kubeConfig });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KubeConfigError);
    expect(err).toMatchObject({
      reason: 'KubeConfig',
      retryable: false,
      server: 'not a url',
      context: kubeConfig.getCurrentContext(),
      cause: expect.objectContaining({ code: 'ERR_INVALID_URL' }),
    });
    expect((err as Error).message).toContain('"not a url"');
  });

  it('new Client: no current context', () => {
    const kubeConfig = edited(base, (c) => {
      c['current-context'] = 'missing';
    });
    expect(() => new Client({ kubeConfig })).toThrow(KubeConfigError);
  });

  describe('KUBECONFIG naming a missing file, outside a pod', () => {
    const saved = { KUBECONFIG: process.env.KUBECONFIG, KUBERNETES_SERVICE_HOST: process.env.KUBERNETES_SERVICE_HOST };
    afterEach(() => {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });

    it('new Client() names the file', () => {
      process.env.KUBECONFIG = '/nonexistent/kubekit/config';
      delete process.env.KUBERNETES_SERVICE_HOST; // in a pod, kubectl (and kubekit) would use its service account
      let err: unknown;
      try {
        new Client();
      } catch (e) {
        err = e;
      }
      expect(isKubeConfigError(err)).toBe(true);
      expect(err).toMatchObject({
        file: '/nonexistent/kubekit/config',
        cause: expect.objectContaining({ code: 'ENOENT' }),
      });
      expect((err as Error).message).toContain('"/nonexistent/kubekit/config" named by KUBECONFIG');
    });
  });

  it('a call: an exec plugin that is not installed, not retried, nothing sent', async () => {
    const kubeConfig = edited(base, (c) => {
      current(c).user.user = {
        exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'kubekit-no-such-plugin', args: [] },
      };
    });
    const client = new Client({ kubeConfig });
    try {
      const err = await client.get(ConfigMap, 'x', { namespace: 'default' }).catch((e: unknown) => e);
      expect(isKubeConfigError(err)).toBe(true);
      expect(isRetryable(err)).toBe(false);
      expect(err).toMatchObject({
        command: 'kubekit-no-such-plugin',
        context: kubeConfig.getCurrentContext(),
        cause: expect.objectContaining({ code: 'ENOENT' }),
      });
      expect((err as Error).message).toContain('exec credential plugin "kubekit-no-such-plugin" cannot be started');
      expect(client.stats).toMatchObject({ retries: 0, connectionsOpened: 0 });
    } finally {
      client.close();
    }
  });

  it('a call: an exec plugin that fails names its command', async () => {
    const kubeConfig = edited(base, (c) => {
      current(c).user.user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'false', args: [] } };
    });
    const client = new Client({ kubeConfig });
    try {
      const err = await client.list(ConfigMap, { namespace: 'default' }).catch((e: unknown) => e);
      expect(err).toMatchObject({ reason: 'KubeConfig', command: 'false' });
      expect((err as Error).message).toContain('exec credential plugin "false" failed');
    } finally {
      client.close();
    }
  });

  it('a call: a certificate-authority file that is missing', async () => {
    const kubeConfig = edited(base, (c) => {
      const { cluster } = current(c);
      delete cluster.cluster['certificate-authority-data'];
      cluster.cluster['certificate-authority'] = '/nonexistent/kubekit/ca.crt';
    });
    const client = new Client({ kubeConfig });
    try {
      const err = await client.get(ConfigMap, 'x', { namespace: 'default' }).catch((e: unknown) => e);
      expect(err).toMatchObject({
        reason: 'KubeConfig',
        file: '/nonexistent/kubekit/ca.crt',
        cause: expect.objectContaining({ code: 'ENOENT' }),
      });
      expect(client.stats.connectionsOpened).toBe(0);
    } finally {
      client.close();
    }
  });
});

describe('readKubeConfig: a kubeconfig file and a context, as kubectl --kubeconfig and --context pick them', () => {
  let server: FakeApiServer;
  let dir: string;
  beforeAll(async () => {
    server = await FakeApiServer.start();
    dir = await mkdtemp(join(tmpdir(), 'kubekit-readkubeconfig-'));
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('uses the context named, else the current one; a client made from it acts as that user', async () => {
    const admin = readKubeConfig({ path: server.kubeconfigPath });
    expect(admin.getCurrentContext()).toBe('kubekit');
    const restricted = readKubeConfig({ path: server.kubeconfigPath, context: 'kubekit-restricted' });
    expect(restricted.getCurrentContext()).toBe('kubekit-restricted');
    using client = new Client({ kubeConfig: restricted, maxRetries: 0 });
    await expect(client.list(ConfigMap, { namespace: 'default' })).rejects.toMatchObject({ code: 403 });
  });

  it('names a file it cannot read or parse, and a context the file does not have', async () => {
    const missing = join(dir, 'missing');
    expect(() => readKubeConfig({ path: missing })).toThrow(
      expect.objectContaining({ reason: 'KubeConfig', file: missing, message: expect.stringContaining(missing) }),
    );
    const broken = join(dir, 'broken');
    await writeFile(broken, 'clusters: [unclosed');
    expect(() => readKubeConfig({ path: broken })).toThrow(
      expect.objectContaining({ reason: 'KubeConfig', file: broken }),
    );
    let err: unknown;
    try {
      readKubeConfig({ path: server.kubeconfigPath, context: 'elsewhere' });
    } catch (e) {
      err = e;
    }
    expect(isKubeConfigError(err)).toBe(true);
    expect(err).toMatchObject({ context: 'elsewhere', file: server.kubeconfigPath });
    expect((err as Error).message).toContain('there is no such context');
    expect((err as Error).message).toContain('kubekit, kubekit-restricted');
  });
});
